// SPDX-License-Identifier: MIT
#pragma once
// Delivers what the outbox holds: each due entry to its receiver, at most a bounded number at
// once, with retries (exponential backoff with jitter, or the receiver's Retry-After) until it
// is delivered, fails permanently, or grows older than max_age, when it is dead-lettered (kept in
// the table, logged, counted). Entries survive restarts because they live in the Store. An entry
// the receiver defers (DeliveryOutcome::deferred_until, e.g. quiet hours) waits until then and
// is neither a failure nor closer to dead-lettering.
//
// Threads: io thread only. Handlers capture `this`; the Service stops the dispatcher and waits
// for idle() before run() returns, and destroys it after (STYLE §2.5.2).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/receivers/receiver.hpp"
#include "daemon/service/metrics.hpp"
#include "daemon/store/store.hpp"

namespace newswatch::daemon {

struct OutboxOptions {
  std::size_t max_in_flight = 32;
  std::chrono::seconds first_retry{5};
  std::chrono::seconds max_retry{15 * 60};
  std::chrono::seconds max_age{24 * 3600};  // then dead-letter
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(boost::asio::io_context& io, Store& store, Metrics& metrics, OutboxOptions options,
                   std::function<void()> on_idle);
  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // The receiver stays owned by the caller and must outlive the dispatcher's work.
  void add_receiver(Receiver& receiver);
  // Something was queued: look at the outbox soon.
  void wake();
  // No new attempts; deliveries in flight finish and are recorded.
  void stop();
  bool idle() const { return in_flight_.empty(); }

 private:
  void dispatch();
  void on_delivered(const OutboxEntry& entry, DeliveryOutcome outcome);
  void arm_timer();
  // Before the first attempt: the story as it is now (reports that joined during group_wait).
  void refresh_story(OutboxEntry& entry);

  boost::asio::io_context& io_;
  Store& store_;
  Metrics& metrics_;
  OutboxOptions options_;
  std::function<void()> on_idle_;
  std::map<std::string, Receiver*> receivers_;
  std::set<std::int64_t> in_flight_;
  boost::asio::steady_timer timer_;
  std::minstd_rand jitter_;
  bool wake_posted_ = false;
  bool stopped_ = false;
};

}  // namespace newswatch::daemon
