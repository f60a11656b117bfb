// SPDX-License-Identifier: MIT
#pragma once
// The compiled, immutable set of rules. Built by the loader (rules/loader.hpp), shared as
// std::shared_ptr<const RuleSet> and replaced whole on reload. match() is const and safe to call
// from any number of threads at once.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/document.hpp"

namespace newswatch::rules {

enum class Severity { info, low, medium, high, critical };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct RuleInfo {
  std::string id;
  std::string title;
  std::string description;
  Severity severity = Severity::medium;
  std::vector<std::string> tags;
  std::optional<double> tone;  // -10 confrontational .. +10 cooperative
  std::string query;           // the query text as written
  std::string source;          // "path:line" where the rule is defined
};

// Why a rule fired: one entry per term occurrence that satisfied the query.
struct Highlight {
  std::string field;    // "title", "summary", "content", ...
  std::string term;     // the query term as written (list references name the list item)
  std::string snippet;  // a short excerpt of the original field text around the hit
  std::size_t offset = 0;  // byte offset of the hit in the original field text
};

struct Match {
  const RuleInfo* rule = nullptr;  // valid while the RuleSet lives
  std::vector<Highlight> highlights;
};

class RuleSet {
 public:
  class Impl;
  explicit RuleSet(std::unique_ptr<const Impl> impl);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Every enabled rule the document satisfies, in rule load order.
  std::vector<Match> match(const Document& document) const;
  // Why rule `rule_id` does or does not match the document: "id: match" or "id: no match",
  // then the query as an indented tree, each node "true"/"false", terms with their hits
  // (field@offset:"text"); lists show only their items that occur. Empty for an unknown or
  // disabled rule. For `newswatch match --explain` and rule authors; not a stable format.
  std::string explain(const Document& document, std::string_view rule_id) const;
  // All enabled rules, in load order.
  const std::vector<RuleInfo>& rules() const;

 private:
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newswatch::rules
