// SPDX-License-Identifier: MIT
#pragma once
// Where alerts go. Each receiver takes one outbox entry at a time and reports how it went; the
// outbox dispatcher owns retries, backoff and dead-lettering, so a receiver only tries once.
// A receiver may also answer "not now" (deferred_until: an email receiver's quiet hours): the
// entry waits until then without counting as a failure.
//
// Threads: io thread only. `done` runs exactly once, on the io thread, possibly before
// deliver() returns for synchronous receivers (file, console). A receiver must outlive the
// deliveries it started; the service destroys receivers only after io_context::run() returns.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "daemon/store/store.hpp"

namespace newswatch::daemon {

struct DeliveryOutcome {
  bool ok = false;
  bool permanent = false;  // retrying cannot help (e.g. HTTP 400, 404): dead-letter now
  std::string error;       // one line when !ok
  std::optional<std::chrono::seconds> retry_after;  // the receiver asked us to wait this long
  // Not attempted: try again at this time. Neither a failure nor a step toward dead-lettering;
  // `error` says why, for the log ("quiet hours until ...").
  std::optional<Seconds> deferred_until;
};

class Receiver {
 public:
  using Done = std::function<void(DeliveryOutcome)>;
  virtual ~Receiver() = default;
  virtual const std::string& name() const = 0;
  virtual void deliver(const OutboxEntry& entry, Done done) = 0;
};

}  // namespace newswatch::daemon
