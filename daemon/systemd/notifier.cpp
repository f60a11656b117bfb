// SPDX-License-Identifier: MIT
#include "daemon/systemd/notifier.hpp"

#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <systemd/sd-daemon.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace newswatch::daemon {

namespace asio = boost::asio;

namespace {

bool notify(const std::string& message) {
  // unset_environment = 0: we notify many times over the process's life.
  return sd_notify(0, message.c_str()) > 0;
}

std::string status_line(std::string_view text) {
  std::string line = "STATUS=";
  for (char c : text) line += (c == '\n' || c == '\r') ? ' ' : c;
  return line;
}

}  // namespace

// The heartbeat timer. Its handler holds a weak_ptr: once stop() drops the Watchdog, a handler
// still queued finds nothing and returns.
struct SystemdNotifier::Watchdog : std::enable_shared_from_this<Watchdog> {
  explicit Watchdog(asio::io_context& io) : timer(io) {}

  void arm() {
    timer.expires_after(period);
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) return;
      auto self = weak.lock();
      if (!self) return;
      notify("WATCHDOG=1");
      self->arm();
    });
  }

  asio::steady_timer timer;
  std::chrono::microseconds period{};
};

SystemdNotifier::SystemdNotifier() = default;

SystemdNotifier::~SystemdNotifier() {
  try {
    stop();
  } catch (...) {  // timer cancel() may throw in theory; a destructor must not
  }
}

bool SystemdNotifier::enabled() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket != nullptr && *socket != '\0';
}

bool SystemdNotifier::ready(std::string_view status) {
  std::string message = "READY=1";
  if (!status.empty()) message += "\n" + status_line(status);
  return notify(message);
}

bool SystemdNotifier::reloading() {
  // MONOTONIC_USEC is what Type=notify-reload (systemd ≥ 253) requires with RELOADING=1;
  // older managers ignore it.
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const auto usec = static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u +
                    static_cast<std::uint64_t>(ts.tv_nsec) / 1'000u;
  return notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

bool SystemdNotifier::stopping() { return notify("STOPPING=1"); }

bool SystemdNotifier::status(std::string_view text) { return notify(status_line(text)); }

std::chrono::microseconds SystemdNotifier::start_watchdog(asio::io_context& io) {
  stop();
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID (if set) is this process.
  if (!enabled() || sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return {};
  watchdog_ = std::make_shared<Watchdog>(io);
  // Half the interval, as sd_watchdog_enabled(3) recommends; at least 1 ms so a tiny
  // WATCHDOG_USEC cannot make the timer spin.
  watchdog_->period =
      std::max(std::chrono::microseconds(usec / 2), std::chrono::microseconds(1000));
  notify("WATCHDOG=1");
  watchdog_->arm();
  return std::chrono::microseconds(usec);
}

void SystemdNotifier::stop() {
  if (!watchdog_) return;
  watchdog_->timer.cancel();
  watchdog_.reset();  // the pending handler holds only a weak_ptr
}

}  // namespace newswatch::daemon
