// SPDX-License-Identifier: MIT
#pragma once
// What the read stage extracts from rule files: plain structs with their file positions,
// before any cross-file checks or compilation.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rules/loader.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules::detail {

struct Located {
  std::string value;
  std::size_t pos = 0;  // byte offset of the node's mark in the file
};

struct ListSpec {
  std::size_t file = 0;  // index into the loaded sources
  Located name;
  std::vector<Located> items;
  bool append = false;  // `name: {append: [...]}`: adds to a list defined earlier in the load
};

struct MacroSpec {
  std::size_t file = 0;
  Located name;
  Located query;
};

struct RuleSpec {
  std::size_t file = 0;
  std::size_t pos = 0;        // the rule mapping
  std::optional<Located> id;  // absent or unusable: the rule is reported and skipped
  std::optional<Located> query;
  RuleInfo info;
  bool enabled = true;
  bool override_ = false;  // `override: true`: replaces the earlier rule with this id
  bool has_tests = false;
  bool valid = true;  // false when read found an error in this rule
  std::vector<RuleTestCase> tests;
};

struct Specs {
  std::vector<ListSpec> lists;
  std::vector<MacroSpec> macros;
  std::vector<RuleSpec> rules;
};

}  // namespace newswatch::rules::detail
