// SPDX-License-Identifier: MIT
#include "daemon/service/digest_scheduler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/alerts/alert.hpp"
#include "daemon/digest/digest_render.hpp"
#include "daemon/digest/story_digest.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

std::chrono::sys_seconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string route_key(const RouteConfig& route) {
  std::string key = route.schedule + "|" + route.title;
  for (const auto& r : route.receivers) key += "|" + r;
  return key;
}

}  // namespace

DigestScheduler::DigestScheduler(boost::asio::io_context& io, Store& store, Metrics& metrics,
                                 const std::vector<RouteConfig>& routes, DigestTemplates templates,
                                 std::function<void()> queued)
    : io_(io), store_(store), metrics_(metrics), templates_(std::move(templates)), queued_(std::move(queued)) {
  for (const auto& route : routes) {
    if (route.mode != "digest") continue;
    auto parsed = DigestSchedule::parse(route.schedule);
    if (!parsed.schedule) throw std::runtime_error(fmt::format("digest schedule '{}': {}", route.schedule, parsed.error));
    digests_.push_back({route, std::move(*parsed.schedule), std::make_unique<boost::asio::steady_timer>(io_)});
  }
}

void DigestScheduler::start() {
  const auto now = now_seconds();
  for (std::size_t i = 0; i < digests_.size(); ++i) {
    fire(i, digests_[i].schedule.previous_fire(now + std::chrono::seconds(1)));
    arm(i);
  }
}

void DigestScheduler::stop() {
  stopped_ = true;
  for (auto& digest : digests_) digest.timer->cancel();
}

void DigestScheduler::arm(std::size_t i) {
  if (stopped_) return;
  auto& digest = digests_[i];
  const auto at = digest.schedule.next_fire(now_seconds());
  digest.timer->expires_after(at - std::chrono::system_clock::now());
  digest.timer->async_wait([this, i, at](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    // The steady clock may run ahead of the wall clock (NTP steps); never fire early.
    if (now_seconds() < at) return arm(i);
    fire(i, at);
    arm(i);
  });
}

std::size_t DigestScheduler::fire(std::size_t i, std::chrono::sys_seconds at) {
  const auto& digest = digests_.at(i);
  const auto period = digest.schedule.period_ending(at);
  const auto previous = digest.schedule.period_ending(period.start);
  try {
    const auto stories = store_.stories_since(previous.start);
    const auto input = make_digest_input(digest.route, digest.schedule.zone().name(), period, previous, stories);
    const auto rendered = render_digest(input, templates_);
    const auto name = input.title;
    if (rendered.empty && !digest.route.send_empty) {
      spdlog::info("digest '{}' for {}: no stories, not sent", name, feeds::to_rfc3339(at));
      return 0;
    }
    const auto event_id = "evt-" + stable_id({"digest", route_key(digest.route), feeds::to_rfc3339(at)});
    const auto payload = digest_payload_json(event_id, input, rendered);
    std::vector<OutboxEntry> entries;
    for (const auto& receiver : digest.route.receivers) {
      OutboxEntry entry;
      entry.event_id = event_id;
      entry.receiver = receiver;
      entry.payload = payload;
      entries.push_back(std::move(entry));
    }
    store_.record("", {}, entries, {});
    metrics_.digests_queued += entries.size();
    spdlog::info("digest '{}' for {}: {} stories, queued for {} receiver(s)", name, feeds::to_rfc3339(at),
                 input.stories.size(), entries.size());
    if (queued_) queued_();
    return entries.size();
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("digest for {}: {}", feeds::to_rfc3339(at), e.what());
    return 0;
  }
}

}  // namespace newswatch::daemon
