// SPDX-License-Identifier: MIT
#pragma once
// Which receivers get an alert right away: the union of the receivers of every immediate route
// whose filters the alert passes (severity, tags, rule ids, feeds; an empty filter passes
// everything). And whether a silence mutes it for now.
// Digest routes are skipped here; digests (a later issue) read the period's alerts themselves.
// Pure; safe on any thread.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

class Router {
 public:
  explicit Router(std::vector<RouteConfig> routes, std::vector<SilenceConfig> silences = {})
      : routes_(std::move(routes)), silences_(std::move(silences)) {}
  // Receiver names, each once, in the order routes name them. `feed` is the feed's configured
  // name; a route with a feeds filter never takes an alert without one.
  std::vector<std::string> immediate_receivers(const rules::RuleInfo& rule, std::string_view feed = {}) const;
  // The silence that mutes this alert at `now`, or null. Silences of given stories apply only
  // when `story_id` is given (an item's story is known only once it is grouped).
  const SilenceConfig* silenced(const rules::RuleInfo& rule, std::string_view feed, std::chrono::sys_seconds now,
                                std::string_view story_id = {}) const;

 private:
  std::vector<RouteConfig> routes_;
  std::vector<SilenceConfig> silences_;
};

}  // namespace newswatch::daemon
