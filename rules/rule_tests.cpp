// SPDX-License-Identifier: MIT
#include "rules/rule_tests.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace newswatch::rules {

RuleTestReport run_rule_tests(const LoadResult& load) {
  RuleTestReport report;
  const auto fail = [&](const RuleTestCase& c, const std::string& why) {
    ++report.failed;
    report.failures.push_back(fmt::format("{}: rule '{}': {}", c.source, c.rule_id, why));
  };
  for (const auto& c : load.tests) {
    if (!load.rule_set) {
      fail(c, "rules did not load");
      continue;
    }
    const auto& rules = load.rule_set->rules();
    const auto rule = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == c.rule_id; });
    if (rule == rules.end()) {
      fail(c, "the rule is disabled or unknown");
      continue;
    }
    const auto matches = load.rule_set->match(c.document);
    const auto hit = std::find_if(matches.begin(), matches.end(), [&](const Match& m) { return m.rule == &*rule; });
    const bool matched = hit != matches.end();
    if (c.expect_match && !matched) {
      fail(c, "expected a match, got none");
      continue;
    }
    if (!c.expect_match && matched) {
      std::string why = "expected no match, got one (";
      for (std::size_t i = 0; i < hit->highlights.size(); ++i) {
        if (i > 0) why += ", ";
        why += fmt::format("{}: {}", hit->highlights[i].field, hit->highlights[i].term);
      }
      fail(c, why + ")");
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& tag : c.expect_tags) {
      if (std::find(rule->tags.begin(), rule->tags.end(), tag) == rule->tags.end()) missing.push_back(tag);
    }
    if (!missing.empty()) {
      fail(c, fmt::format("missing tags: {}", fmt::join(missing, ", ")));
      continue;
    }
    ++report.passed;
  }
  return report;
}

}  // namespace newswatch::rules
