// SPDX-License-Identifier: MIT
#pragma once
// Tells systemd how the service is doing (sd_notify): ready, reloading, stopping, a status line,
// and the watchdog heartbeat. Everything is a no-op when NOTIFY_SOCKET is unset (not started by
// systemd with Type=notify), so the daemon calls it unconditionally.
//
// Threads: the io thread. The watchdog timer runs on the io_context given to start_watchdog(),
// which must outlive this object; stop() (or the destructor) cancels it, leaving no work behind.
// Errors: a failed send is returned as false and otherwise ignored; it never throws.

#include <chrono>
#include <memory>
#include <string_view>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace newswatch::daemon {

class SystemdNotifier {
 public:
  SystemdNotifier();
  ~SystemdNotifier();  // stop()
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  // True when NOTIFY_SOCKET is set, i.e. systemd listens.
  static bool enabled();

  // Each returns true when systemd got the message, false when it is not listening or the send
  // failed. A STATUS line has newlines replaced by spaces.
  bool ready(std::string_view status = {});  // "READY=1" (+ "STATUS=…"); also after a reload
  bool reloading();                          // "RELOADING=1"; send ready() when the reload is done
  bool stopping();                           // "STOPPING=1"
  bool status(std::string_view text);        // "STATUS=…"

  // If systemd asked for a watchdog (WatchdogSec=, i.e. WATCHDOG_USEC for this pid) and listens,
  // sends "WATCHDOG=1" now and then every half interval from a steady_timer on `io`. Returns the
  // full interval, or zero when no watchdog is wanted. A second call restarts the timer.
  std::chrono::microseconds start_watchdog(boost::asio::io_context& io);

  // Cancels the watchdog timer. Idempotent.
  void stop();

 private:
  struct Watchdog;
  std::shared_ptr<Watchdog> watchdog_;  // the timer's handler holds only a weak_ptr to it
};

}  // namespace newswatch::daemon
