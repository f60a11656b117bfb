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
#include "rules/rule_set.hpp"

namespace newswatch::rules {

struct CompiledRule {
  RuleInfo info;
  Program program;
};

class RuleSet::Impl {
 public:
  Impl(std::vector<CompiledRule> rules, TermTable terms);

  std::vector<Match> match(const Document& document) const;

  std::vector<RuleInfo> infos;  // enabled rules, load order

 private:
  std::vector<Program> programs_;  // parallel to infos
  std::vector<Term> terms_;
  // Terms by their first token, when that token matches exactly (words and phrases).
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_;
  // One-token prefix terms by their prefix, and the distinct prefix lengths in bytes.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_prefix_;
  std::vector<std::size_t> prefix_lengths_;
  // For each term, the rules that use it.
  std::vector<std::vector<std::uint32_t>> term_rules_;
};

}  // namespace newswatch::rules
