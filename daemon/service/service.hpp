// SPDX-License-Identifier: MIT
#pragma once
// The daemon: every feed polled on its interval, new items through the rules, matches routed to
// receivers through the durable outbox, /healthz and /metrics served, signals handled:
//   SIGTERM, SIGINT  graceful stop: no new polls or attempts, in-flight work gets 10 s, then
//                    run() returns because nothing is left (a second signal forces it)
//   SIGHUP           reload the rules off the io thread; on any error the old rules stay
//
// Threads: construct, start() and destroy on the thread that runs the io_context; everything
// else happens on that thread too (CPU work goes through the Offloader). The io_context must
// outlive the Service; destroy the Service only after run() has returned.
// Errors: start() throws std::runtime_error with one line when the service cannot start (state
// dir, database, listen address, secret file). After that nothing throws out of a handler.

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "daemon/config/config.hpp"
#include "rules/loader.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct ServiceHooks {
  // Loads the rules again for SIGHUP (runs on a pool thread). Default: the config's rule paths.
  std::function<rules::LoadResult()> load_rules;
  // Runs once when the graceful stop begins (e.g. to stop the demo's own feed server).
  std::function<void()> on_stop;
};

class Service {
 public:
  Service(boost::asio::io_context& io, Config config, std::shared_ptr<const rules::RuleSet> rules,
          ServiceHooks hooks = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void start();
  void stop();
  // The bound port of the HTTP endpoint (0 when it is disabled).
  unsigned short http_port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch::daemon
