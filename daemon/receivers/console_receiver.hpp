// SPDX-License-Identifier: MIT
#pragma once
// Prints each alert readably on standard output: severity, rule, headline, feed, time, link and
// why it fired. For the demo and for running in a terminal. Io thread only.

#include <string>

#include "daemon/receivers/receiver.hpp"

namespace newswatch::daemon {

class ConsoleReceiver final : public Receiver {
 public:
  explicit ConsoleReceiver(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override;

 private:
  std::string name_;
};

// The text ConsoleReceiver prints for one version-1 payload (several lines, ending in '\n').
std::string format_alert_for_console(const std::string& payload_json);

}  // namespace newswatch::daemon
