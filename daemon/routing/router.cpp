// SPDX-License-Identifier: MIT
#include "daemon/routing/router.hpp"

#include <algorithm>

namespace newswatch::daemon {
namespace {

template <typename T>
bool contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool passes(const RouteConfig& route, const rules::RuleInfo& rule) {
  if (!route.severities.empty() && !contains(route.severities, rule.severity)) return false;
  if (!route.rule_ids.empty() && !contains(route.rule_ids, rule.id)) return false;
  if (!route.tags.empty() &&
      std::none_of(rule.tags.begin(), rule.tags.end(), [&](const auto& tag) { return contains(route.tags, tag); }))
    return false;
  return true;
}

}  // namespace

std::vector<std::string> Router::immediate_receivers(const rules::RuleInfo& rule) const {
  std::vector<std::string> out;
  for (const auto& route : routes_) {
    if (route.mode != "immediate" || !passes(route, rule)) continue;
    for (const auto& name : route.receivers)
      if (!contains(out, name)) out.push_back(name);
  }
  return out;
}

}  // namespace newswatch::daemon
