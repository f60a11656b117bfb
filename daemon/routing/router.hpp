// SPDX-License-Identifier: MIT
#pragma once
// Which receivers get an alert right away: the union of the receivers of every immediate route
// whose filters the rule passes (severity, tags, rule ids; an empty filter passes everything).
// Digest routes are skipped here; digests (a later issue) read the period's alerts themselves.
// Pure; safe on any thread.

#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

class Router {
 public:
  explicit Router(std::vector<RouteConfig> routes) : routes_(std::move(routes)) {}
  // Receiver names, each once, in the order routes name them.
  std::vector<std::string> immediate_receivers(const rules::RuleInfo& rule) const;

 private:
  std::vector<RouteConfig> routes_;
};

}  // namespace newswatch::daemon
