// SPDX-License-Identifier: MIT
#pragma once
// Sends the digest routes' digests on their schedules: at each fire time it reads the period's
// stories from the store, renders them (daemon/digest) and queues one outbox entry per receiver
// of the route. The event id is stable for (route, period), so a digest is queued once even if
// the daemon fires it twice (a restart right after the fire time); at start the latest fire time
// that has passed is fired again for that reason, which also catches up a digest that fell due
// while the daemon was down. An empty period sends nothing unless the route says send_empty.
//
// Threads: io thread only. Owned by the service; stop() cancels the timers.

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/config/config.hpp"
#include "daemon/digest/digest_schedule.hpp"
#include "daemon/digest/digest_templates.hpp"
#include "daemon/service/metrics.hpp"
#include "daemon/store/store.hpp"

namespace newswatch::daemon {

class DigestScheduler {
 public:
  // `routes` may hold any routes; only those with mode digest are scheduled. `queued` runs after
  // entries were written (the service wakes the outbox).
  DigestScheduler(boost::asio::io_context& io, Store& store, Metrics& metrics, const std::vector<RouteConfig>& routes,
                  DigestTemplates templates, std::function<void()> queued);

  void start();
  void stop();
  std::size_t size() const { return digests_.size(); }

  // Renders and queues the digest of `route_index` for the period ending at `fire`; returns the
  // number of entries queued (0 for an empty digest that is not sent).
  std::size_t fire(std::size_t digest_index, std::chrono::sys_seconds fire);

 private:
  struct Digest {
    RouteConfig route;
    DigestSchedule schedule;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  void arm(std::size_t digest_index);

  boost::asio::io_context& io_;
  Store& store_;
  Metrics& metrics_;
  DigestTemplates templates_;
  std::function<void()> queued_;
  std::vector<Digest> digests_;
  bool stopped_ = false;
};

}  // namespace newswatch::daemon
