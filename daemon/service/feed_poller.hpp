// SPDX-License-Identifier: MIT
#pragma once
// Polls one feed forever: wait, fetch (conditional GET), parse off the io thread, hand the feed
// on, wait again. Failures are logged, counted and backed off; the feed's validators and health
// persist in the Store, so a restart neither refetches everything nor forgets a failing feed.
//
//        success / 304                         failure (HTTP error, timeout, not a feed)
//   ┌──────────────────┐                   ┌───────────────────────────────────────────┐
//   ▼                  │                   ▼                                           │
//  ok ── wait interval ┴─► fetch ─► failing: wait interval·2^(n-1) (≤ 1 h, ±10 %) ─────┘
//                                    (or Retry-After when longer)   HTTP 410 ─► disabled
//
// The wait after a success is the configured interval, or longer when the publisher asks for it
// (RSS <ttl>, sy:updatePeriod, Cache-Control max-age), up to a day, and a poll that would fall in
// the feed's <skipHours>/<skipDays> waits for the next hour outside them.
//
// Threads: io thread only. Handlers capture `this`: the Service calls stop() and cancels the
// fetcher before it lets run() return, and destroys pollers only after that (STYLE §2.5.2).

#include <chrono>
#include <functional>
#include <memory>
#include <random>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/config/config.hpp"
#include "daemon/service/metrics.hpp"
#include "daemon/service/offloader.hpp"
#include "daemon/store/store.hpp"
#include "feeds/feed.hpp"
#include "feeds/fetch/fetcher.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace newswatch::daemon {

class FeedPoller {
 public:
  // Runs on the io thread with every successfully parsed body (not for 304s).
  using OnFeed = std::function<void(FeedPoller&, std::shared_ptr<const feeds::Feed>)>;
  // Runs on the io thread whenever a poll finished, for shutdown bookkeeping.
  using OnIdle = std::function<void()>;

  FeedPoller(boost::asio::io_context& io, FeedConfig config, feeds::Fetcher& fetcher, Offloader& offloader,
             Store& store, Metrics& metrics, OnFeed on_feed, OnIdle on_idle);
  FeedPoller(const FeedPoller&) = delete;
  FeedPoller& operator=(const FeedPoller&) = delete;

  void start(std::chrono::milliseconds first_delay);
  // No new polls; a fetch in flight is left to Fetcher::cancel_all().
  void stop();

  bool busy() const { return busy_; }
  bool failing() const { return state_.failures > 0; }
  bool disabled() const { return disabled_; }
  const FeedConfig& config() const { return config_; }
  // The wait after a successful poll: the configured interval, lengthened by the publisher's hints.
  std::chrono::milliseconds next_interval() const;
  const FeedState& state() const { return state_; }
  // The address polled: the configured URL, or where a permanent redirect led.
  const std::string& poll_url() const { return state_.moved_to.empty() ? config_.url : state_.moved_to; }

 private:
  void schedule(std::chrono::milliseconds delay);
  void do_fetch();
  void on_fetch(feeds::FetchResult result);
  void on_parsed(feeds::ParseOutcome outcome);
  void succeed();
  void fail(const std::string& error, std::optional<std::chrono::seconds> retry_after = std::nullopt);
  void finish_poll(std::chrono::milliseconds next_delay);
  void save_state();

  FeedConfig config_;
  feeds::Fetcher& fetcher_;
  Offloader& offloader_;
  Store& store_;
  Metrics& metrics_;
  OnFeed on_feed_;
  OnIdle on_idle_;
  boost::asio::steady_timer timer_;
  FeedState state_;
  std::string pending_etag_, pending_last_modified_;  // validators of the body being parsed
  std::optional<std::chrono::seconds> feed_hint_;     // from the feed: <ttl>, sy:updatePeriod
  std::optional<std::chrono::seconds> http_hint_;     // from the server: Cache-Control max-age
  std::vector<int> skip_hours_, skip_days_;           // from the feed: <skipHours>, <skipDays>
  std::minstd_rand jitter_;
  bool busy_ = false;
  bool stopped_ = false;
  bool disabled_ = false;
};

}  // namespace newswatch::daemon
