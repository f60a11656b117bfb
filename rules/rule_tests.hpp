// SPDX-License-Identifier: MIT
#pragma once
// Runs the `tests:` cases embedded in rule files against the compiled RuleSet.

#include <string>
#include <vector>

#include "rules/loader.hpp"

namespace newswatch::rules {

struct RuleTestReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "path:line: rule 'id': expected a match, got none"
};

// Requires load.rule_set; cases of disabled or unknown rules count as failures.
RuleTestReport run_rule_tests(const LoadResult& load);

}  // namespace newswatch::rules
