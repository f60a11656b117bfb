// SPDX-License-Identifier: MIT
#include "daemon/routing/router.hpp"

#include <algorithm>

namespace newswatch::daemon {
namespace {

template <typename T>
bool contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool named(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool any_tag(const std::vector<std::string>& tags, const rules::RuleInfo& rule) {
  return std::any_of(rule.tags.begin(), rule.tags.end(), [&](const auto& tag) { return named(tags, tag); });
}

bool passes(const RouteConfig& route, const rules::RuleInfo& rule, std::string_view feed) {
  if (!route.feeds.empty() && !named(route.feeds, feed)) return false;
  if (!route.severities.empty() && !contains(route.severities, rule.severity)) return false;
  if (!route.rule_ids.empty() && !contains(route.rule_ids, rule.id)) return false;
  if (!route.tags.empty() &&
      std::none_of(rule.tags.begin(), rule.tags.end(), [&](const auto& tag) { return contains(route.tags, tag); }))
    return false;
  return true;
}

}  // namespace

std::vector<std::string> Router::immediate_receivers(const rules::RuleInfo& rule, std::string_view feed) const {
  std::vector<std::string> out;
  for (const auto& route : routes_) {
    if (route.mode != "immediate" || !passes(route, rule, feed)) continue;
    for (const auto& name : route.receivers)
      if (!contains(out, name)) out.push_back(name);
  }
  return out;
}

const SilenceConfig* Router::silenced(const rules::RuleInfo& rule, std::string_view feed, std::chrono::sys_seconds now,
                                     std::string_view story_id) const {
  for (const auto& silence : silences_) {
    if (now >= silence.until) continue;
    if (!silence.story_ids.empty() && (story_id.empty() || !named(silence.story_ids, story_id))) continue;
    if (!silence.rule_ids.empty() && !named(silence.rule_ids, rule.id)) continue;
    if (!silence.tags.empty() && !any_tag(silence.tags, rule)) continue;
    if (!silence.feeds.empty() && !named(silence.feeds, feed)) continue;
    return &silence;
  }
  return nullptr;
}

}  // namespace newswatch::daemon
