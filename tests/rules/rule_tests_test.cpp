// SPDX-License-Identifier: MIT
#include "rules/rule_tests.hpp"

#include <gtest/gtest.h>

#include "rules/loader.hpp"

namespace newswatch::rules {
namespace {

const std::string kData = NEWSWATCH_TEST_DATA;

TEST(RuleTests, GoodPackPassesEndToEnd) {
  const auto load = load_rule_paths({kData + "/rules/good/pack"});
  for (const auto& d : load.diagnostics.items) ADD_FAILURE() << d.format();
  ASSERT_TRUE(load.rule_set);
  EXPECT_EQ(load.rule_set->rules().size(), 4u);  // leaders.yaml, then sea.yaml (EXCEPT)
  const auto report = run_rule_tests(load);
  for (const auto& f : report.failures) ADD_FAILURE() << f;
  EXPECT_EQ(report.passed, 13);
  EXPECT_EQ(report.failed, 0);
}

LoadResult load_text(const std::string& text) { return load_rule_sources({SourceFile{"t.yaml", text}}); }

TEST(RuleTests, ReportsWrongExpectationsWithTheirSource) {
  const auto load = load_text(R"(rules:
  - id: r1
    query: japan
    tags: [a]
    tests:
      - expect: match
        title: Nothing relevant here
      - expect: no-match
        title: Japan again
      - expect: match
        title: Japan
        tags: [a, b]
      - expect: match
        summary: about Japan
)");
  ASSERT_TRUE(load.rule_set);
  const auto report = run_rule_tests(load);
  EXPECT_EQ(report.passed, 1);
  EXPECT_EQ(report.failed, 3);
  ASSERT_EQ(report.failures.size(), 3u);
  EXPECT_EQ(report.failures[0], "t.yaml:6: rule 'r1': expected a match, got none");
  EXPECT_EQ(report.failures[1], "t.yaml:8: rule 'r1': expected no match, got one (title: japan)");
  EXPECT_EQ(report.failures[2], "t.yaml:10: rule 'r1': missing tags: b");
}

TEST(RuleTests, DisabledRuleCasesFail) {
  const auto load = load_text(R"(rules:
  - id: off
    query: japan
    enabled: false
    tests:
      - { expect: no-match, title: Japan }
)");
  ASSERT_TRUE(load.rule_set);
  EXPECT_TRUE(load.rule_set->rules().empty());
  const auto report = run_rule_tests(load);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.failures.at(0), "t.yaml:6: rule 'off': the rule is disabled or unknown");
}

}  // namespace
}  // namespace newswatch::rules
