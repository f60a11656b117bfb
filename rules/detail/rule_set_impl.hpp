// SPDX-License-Identifier: MIT
#pragma once
// The inside of a RuleSet: compiled rules and the term dictionary built once from them.
//
//   document fields ─► tokenize ─► one pass over tokens: dictionary lookups (exact first
//   token, or prefix of the token) ─► term hits ─► candidate rules (those with a hit term)
//   ─► evaluate each candidate's program ─► matches with highlights
//
// Every rule's program needs at least one term hit to be true (the compiler rejects NOT-only
// queries), so rules with no hit are skipped without evaluation. Immutable after construction.

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/detail/match_context.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules {
namespace detail {

struct CompiledRule {
  RuleInfo info;
  Program program;
};

}  // namespace detail

class RuleSet::Impl {
 public:
  Impl(std::vector<detail::CompiledRule> rules, TermTable terms);

  std::vector<Match> match(const Document& document) const;
  std::string explain(const Document& document, std::string_view rule_id) const;

  std::vector<RuleInfo> infos;  // enabled rules, load order

 private:
  struct Scan {
    detail::MatchContext context;
    std::vector<std::uint32_t> candidates;  // rules with a hit on a term outside a NOT, ascending
  };
  // One pass over the document's tokens: every dictionary term's hits, and the candidates.
  Scan scan(const Document& document) const;

  std::vector<Program> programs_;  // parallel to infos
  std::vector<Term> terms_;
  // Terms by their first token, when that token matches exactly (words and phrases).
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_;
  // One-token prefix terms by their prefix, and the distinct prefix lengths in bytes.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_prefix_;
  std::vector<std::size_t> prefix_lengths_;
  // For each term, the rules that use it outside a NOT (the presearch index). Terms used only
  // under NOT are still in the dictionary, so their hits are known when a candidate is evaluated.
  std::vector<std::vector<std::uint32_t>> term_rules_;
};

}  // namespace newswatch::rules
