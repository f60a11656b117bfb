// SPDX-License-Identifier: MIT
#include "daemon/service/feed_poller.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "daemon/service/poll_schedule.hpp"

namespace newswatch::daemon {
namespace {

constexpr auto kMaxBackoff = std::chrono::milliseconds(std::chrono::hours(1));
// A publisher's "poll me at most every …" (RSS ttl, sy:updatePeriod, Cache-Control max-age) is
// honoured up to a day: a feed that claims a week is still read daily.
constexpr auto kMaxPublisherHint = std::chrono::milliseconds(std::chrono::hours(24));

}  // namespace

FeedPoller::FeedPoller(boost::asio::io_context& io, FeedConfig config, feeds::Fetcher& fetcher, Offloader& offloader,
                       Store& store, Metrics& metrics, OnFeed on_feed, OnIdle on_idle)
    : config_(std::move(config)),
      fetcher_(fetcher),
      offloader_(offloader),
      store_(store),
      metrics_(metrics),
      on_feed_(std::move(on_feed)),
      on_idle_(std::move(on_idle)),
      timer_(io),
      jitter_(std::random_device{}()) {
  try {
    if (auto saved = store_.feed_state(config_.url)) state_ = std::move(*saved);
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("feed {}: cannot read its saved state: {}", config_.name, e.what());
  }
  state_.url = config_.url;
}

void FeedPoller::start(std::chrono::milliseconds first_delay) { schedule(first_delay); }

void FeedPoller::stop() {
  stopped_ = true;
  timer_.cancel();
}

void FeedPoller::schedule(std::chrono::milliseconds delay) {
  if (stopped_ || disabled_) return;
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted || stopped_) return;
    do_fetch();
  });
}

void FeedPoller::do_fetch() {
  busy_ = true;
  ++metrics_.polls;
  fetcher_.fetch({poll_url(), state_.etag, state_.last_modified},
                 [this](feeds::FetchResult result) { on_fetch(std::move(result)); });
}

void FeedPoller::on_fetch(feeds::FetchResult result) {
  if (stopped_) {
    busy_ = false;
    return on_idle_();
  }
  // Follow a move only once the new address answers: a redirect into an error is no new home.
  if (result.kind != feeds::FetchResult::Kind::failed && !result.moved_permanently_to.empty() &&
      result.moved_permanently_to != poll_url()) {
    spdlog::info("feed {}: {} moved permanently to {}; polling the new address from now on", config_.name,
                 poll_url(), result.moved_permanently_to);
    state_.moved_to = result.moved_permanently_to;  // saved with the rest of the state by succeed() or fail()
  }
  if (result.kind != feeds::FetchResult::Kind::failed) http_hint_ = result.max_age;
  switch (result.kind) {
    case feeds::FetchResult::Kind::not_modified:
      ++metrics_.polls_not_modified;
      succeed();
      return finish_poll(delay_past_skips(Clock::now(), next_interval(), skip_hours_, skip_days_));
    case feeds::FetchResult::Kind::failed:
      ++metrics_.poll_failures;
      if (result.status == 410) {
        disabled_ = true;
        spdlog::error("feed {}: {} answered 410 Gone; polling stops until the config changes", config_.name,
                      poll_url());
      }
      return fail(result.error.empty() ? "fetch failed" : result.error, result.retry_after);
    case feeds::FetchResult::Kind::content:
      break;
  }
  pending_etag_ = result.etag;
  pending_last_modified_ = result.last_modified;
  feeds::ParseOptions options{result.effective_url.empty() ? poll_url() : result.effective_url, result.content_type};
  offloader_.offload(
      [body = std::move(result.body), options = std::move(options)] { return feeds::parse_feed(body, options); },
      [this](feeds::ParseOutcome outcome) { on_parsed(std::move(outcome)); });
}

void FeedPoller::on_parsed(feeds::ParseOutcome outcome) {
  if (stopped_) {
    busy_ = false;
    return on_idle_();
  }
  if (!outcome.feed) {
    ++metrics_.parse_failures;
    return fail("not a feed: " + outcome.error);
  }
  // Validators are kept only once the body parsed: a broken body must be fetched again in full.
  state_.etag = pending_etag_;
  state_.last_modified = pending_last_modified_;
  metrics_.feed_warnings += outcome.feed->warnings.size();
  for (const auto& warning : outcome.feed->warnings) spdlog::warn("feed {}: {}", config_.name, warning);
  feed_hint_ = outcome.feed->min_poll_interval;
  skip_hours_ = outcome.feed->skip_hours;
  skip_days_ = outcome.feed->skip_days;
  succeed();
  on_feed_(*this, std::make_shared<const feeds::Feed>(std::move(*outcome.feed)));
  finish_poll(delay_past_skips(Clock::now(), next_interval(), skip_hours_, skip_days_));
}

std::chrono::milliseconds FeedPoller::next_interval() const {
  const auto hint = std::max(feed_hint_.value_or(std::chrono::seconds(0)), http_hint_.value_or(std::chrono::seconds(0)));
  return std::max<std::chrono::milliseconds>(config_.interval, std::min<std::chrono::milliseconds>(hint, kMaxPublisherHint));
}

void FeedPoller::succeed() {
  if (state_.failures > 0)
    spdlog::info("feed {}: recovered after {} failed poll(s)", config_.name, state_.failures);
  state_.failures = 0;
  state_.last_error.clear();
  state_.last_success = std::chrono::floor<std::chrono::seconds>(Clock::now());
  save_state();
}

void FeedPoller::fail(const std::string& error, std::optional<std::chrono::seconds> retry_after) {
  ++state_.failures;
  state_.last_error = error;
  save_state();
  // Exponential backoff with ±10 % jitter so many failing feeds do not retry in lockstep.
  const int doublings = std::min(state_.failures - 1, 10);
  auto delay = std::min<std::chrono::milliseconds>(config_.interval * (1LL << doublings),
                                                   std::max(kMaxBackoff, config_.interval));
  std::uniform_real_distribution<double> spread(0.9, 1.1);
  delay = std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(delay.count()) * spread(jitter_)));
  if (retry_after) delay = std::max<std::chrono::milliseconds>(delay, *retry_after);
  spdlog::warn("feed {}: {} (failure {}; next try in {} s)", config_.name, error, state_.failures,
               std::chrono::duration_cast<std::chrono::seconds>(delay).count());
  finish_poll(delay);
}

void FeedPoller::finish_poll(std::chrono::milliseconds next_delay) {
  busy_ = false;
  schedule(next_delay);
  on_idle_();
}

void FeedPoller::save_state() {
  try {
    store_.save_feed_state(state_);
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("feed {}: cannot save its state: {}", config_.name, e.what());
  }
}

}  // namespace newswatch::daemon
