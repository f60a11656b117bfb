// SPDX-License-Identifier: MIT
#include "daemon/service/outbox_dispatcher.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/alerts/alert.hpp"

namespace newswatch::daemon {
namespace {

Seconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

// The outbox is polled at least this often, so entries queued by another path are not forgotten.
constexpr auto kIdlePoll = std::chrono::seconds(30);

}  // namespace

OutboxDispatcher::OutboxDispatcher(boost::asio::io_context& io, Store& store, Metrics& metrics,
                                   OutboxOptions options, std::function<void()> on_idle)
    : io_(io),
      store_(store),
      metrics_(metrics),
      options_(options),
      on_idle_(std::move(on_idle)),
      timer_(io),
      jitter_(std::random_device{}()) {}

void OutboxDispatcher::add_receiver(Receiver& receiver) { receivers_[receiver.name()] = &receiver; }

void OutboxDispatcher::wake() {
  if (stopped_ || wake_posted_) return;
  wake_posted_ = true;
  boost::asio::post(io_, [this] {
    wake_posted_ = false;
    dispatch();
  });
}

void OutboxDispatcher::stop() {
  stopped_ = true;
  timer_.cancel();
}

void OutboxDispatcher::dispatch() {
  if (stopped_) return;
  std::vector<OutboxEntry> due;
  try {
    due = store_.due_outbox(now_seconds(), options_.max_in_flight + in_flight_.size());
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("outbox: {}", e.what());
  }
  for (auto& entry : due) {
    if (in_flight_.size() >= options_.max_in_flight) break;
    if (in_flight_.contains(entry.seq)) continue;
    const auto receiver = receivers_.find(entry.receiver);
    if (receiver == receivers_.end()) {
      on_delivered(entry, {.permanent = true, .error = "receiver '" + entry.receiver + "' is no longer configured"});
      continue;
    }
    if (entry.attempts == 0) refresh_story(entry);
    in_flight_.insert(entry.seq);
    // The entry is copied into the handler: the receiver may complete before deliver() returns.
    receiver->second->deliver(entry, [this, entry](DeliveryOutcome outcome) {
      in_flight_.erase(entry.seq);
      on_delivered(entry, std::move(outcome));
      if (!stopped_) wake();
      on_idle_();
    });
  }
  arm_timer();
}

void OutboxDispatcher::refresh_story(OutboxEntry& entry) {
  // Cheap test first: only alerts and updates carry a story.
  if (entry.payload.find("\"story\"") == std::string::npos) return;
  try {
    const auto payload = nlohmann::json::parse(entry.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("story") || !payload["story"].is_object()) return;
    const auto story = store_.story(payload["story"].value("id", ""));
    if (!story) return;
    auto refreshed = with_current_story(entry.payload, *story);
    if (refreshed == entry.payload) return;
    store_.update_payload(entry.seq, refreshed);
    entry.payload = std::move(refreshed);
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("outbox: {}", e.what());
  }
}

void OutboxDispatcher::on_delivered(const OutboxEntry& entry, DeliveryOutcome outcome) {
  try {
    if (outcome.ok) {
      ++metrics_.deliveries_ok;
      store_.mark_delivered(entry.seq);
      return;
    }
    const auto now = now_seconds();
    if (outcome.deferred_until) {
      // Held back by the receiver (quiet hours), not failed: no attempt or failure counted,
      // never dead-lettered for it.
      const auto until = std::max(*outcome.deferred_until, now + std::chrono::seconds(1));
      store_.defer(entry.seq, until, outcome.error);
      spdlog::info("outbox: {} to {} deferred: {}", entry.event_id, entry.receiver, outcome.error);
      return;
    }
    ++metrics_.delivery_failures;
    if (outcome.permanent || now - entry.created > options_.max_age) {
      ++metrics_.dead_letters;
      store_.mark_dead(entry.seq, outcome.error);
      spdlog::error("outbox: giving up on {} for receiver {} after {} attempt(s): {}", entry.event_id, entry.receiver,
                    entry.attempts + 1, outcome.error);
      return;
    }
    const int doublings = std::min(entry.attempts, 16);
    auto wait = std::min<std::chrono::seconds>(options_.first_retry * (1LL << doublings), options_.max_retry);
    std::uniform_real_distribution<double> spread(0.8, 1.2);
    wait = std::chrono::seconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(wait.count()) * spread(jitter_))));
    if (outcome.retry_after) {
      // Rounded up: the store keeps whole seconds, and a retry a fraction early breaks the promise.
      const auto asked = std::chrono::ceil<std::chrono::seconds>(Clock::now() + *outcome.retry_after) - now;
      wait = std::max(wait, asked);
    }
    store_.mark_retry(entry.seq, now + wait, outcome.error);
    spdlog::warn("outbox: delivery of {} to {} failed: {}; retry in {} s", entry.event_id, entry.receiver,
                 outcome.error, wait.count());
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("outbox: {}", e.what());
  }
}

void OutboxDispatcher::arm_timer() {
  if (stopped_) return;
  auto wait = std::chrono::seconds(kIdlePoll);
  try {
    if (auto next = store_.next_outbox_due())
      wait = std::clamp(std::chrono::duration_cast<std::chrono::seconds>(*next - now_seconds()),
                        std::chrono::seconds(1), std::chrono::seconds(kIdlePoll));
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("outbox: {}", e.what());
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted || stopped_) return;
    dispatch();
  });
}

}  // namespace newswatch::daemon
