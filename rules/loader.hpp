// SPDX-License-Identifier: MIT
#pragma once
// Loads rule files (YAML) into a RuleSet in stages, like Falco: read → collect → compile →
// freeze. Lists and macros are global to one load (usable from every file of it). Every problem of every file is reported (rules/diagnostic.hpp); a RuleSet is produced
// only when there is no error. Safe to call on any thread; touches nothing shared.
//
// File shape:
//   lists:                       # named term sets, referenced as @name in queries
//     japan: [Japan, Japanese, Tokyo, 日本]
//     china: {append: [中方]}     # adds to a list defined earlier in the load (else an error)
//   macros:                      # named query fragments, also referenced as @name (one
//     no-sport: 'NOT (football OR volleyball)'   # namespace with lists); expanded in place
//   rules:
//     - id: jp-cn-leaders-meet
//       title: Japanese and Chinese leaders meet
//       query: '@japan AND @china AND (summit OR talks OR "met with")'
//       severity: high          # info | low | medium | high | critical
//       tags: [meeting]
//       tone: 3                 # optional, -10 .. +10
//       description: ...        # optional
//       enabled: true           # optional
//       override: true          # optional: replaces the rule with this id from an earlier file
//       tests:                  # optional; run by `newswatch test`
//         - expect: match       # or no-match
//           title: ...
//           summary: ...        # optional; also content, link, feed, language
//           tags: [meeting]     # optional: the rule's tags must include these

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rules/diagnostic.hpp"
#include "rules/document.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules {

struct SourceFile {
  std::string path;  // shown in diagnostics
  std::string text;
};

struct RuleTestCase {
  std::string rule_id;
  bool expect_match = true;
  std::vector<std::string> expect_tags;
  Document document;
  std::string source;  // "path:line" of the case
};

struct LoadResult {
  std::shared_ptr<const RuleSet> rule_set;  // null when diagnostics has errors
  Diagnostics diagnostics;
  std::vector<RuleTestCase> tests;
};

// Paths are files or directories; a directory contributes its *.yaml/*.yml files (recursively,
// in path order, which is the order appends and overrides apply in). A path that does not
// exist or cannot be read is an error diagnostic.
LoadResult load_rule_paths(const std::vector<std::filesystem::path>& paths);
// The same from in-memory sources, e.g. the rule pack embedded in the binary.
LoadResult load_rule_sources(const std::vector<SourceFile>& sources);

}  // namespace newswatch::rules
