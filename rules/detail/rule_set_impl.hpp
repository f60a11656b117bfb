// SPDX-License-Identifier: MIT
#pragma once
// The inside of a RuleSet: compiled rules and the term dictionary built once from them.
//
//   document fields ─► tokenize ─► one pass over tokens: dictionary lookups (exact first
//   token, or prefix of the token) ─► term hits ─► candidate rules ─► evaluate each
//   candidate's program ─► matches with highlights
//
// Presearch (the idea of Lucene Monitor): a rule's program implies groups of terms, each of
// which must have a hit for the rule to be true: a leaf is one group {term}, an OR one group
// (the union of each child's cheapest group), an AND or NEAR the groups of all its children,
// an EXCEPT the groups of its first child (what it excludes need not occur).
// The rule is indexed under its cheapest group, where cheap means few and likely rare terms
// (phrases over words, long words over short ones, words over prefixes), and a second group,
// when there is one, confirms a candidate with a few lookups before the full evaluation. Every
// rule needs at least one hit (the compiler rejects NOT-only queries), so a rule none of whose
// index terms occur is skipped without evaluation.
//
// The dictionaries (rules/detail/token_dict.hpp) are flat open-addressing tables keyed by a
// FNV-1a hash computed once per token, byte by byte, so every prefix length is probed without
// rehashing or allocating. Immutable after construction.

#include <cstdint>
#include <string_view>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/detail/match_context.hpp"
#include "rules/detail/token_dict.hpp"
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
    std::vector<std::uint32_t> candidates;  // rules with a hit in both of their groups, ascending
  };
  // One pass over the document's tokens: every dictionary term's hits, and the candidates.
  Scan scan(const Document& document) const;

  std::vector<Program> programs_;  // parallel to infos
  std::vector<Term> terms_;
  std::vector<char> is_prefix_length_;  // by length in bytes: some one-token prefix term has it
  detail::TokenDict exact_;             // terms by their first token (words and phrases)
  detail::TokenDict prefixes_;          // one-token prefix terms by their prefix

  // For each term, the rules indexed under it (presearch). Every term of every rule is in the
  // dictionary, so all hits are known when a candidate is evaluated.
  // Flat, so that a document touches a few contiguous runs: the term's dictionary entry holds
  // its range of postings_ (rules/detail/token_dict.hpp), each posting a rule indexed under the
  // term with its confirming group confirm_terms_[confirm_begin .. confirm_end) (empty: none),
  // of which one term must hit. The first confirming term is kept in the posting itself: most
  // groups have one term, and the lookup then costs no second cache miss.
  struct Posting {
    std::uint32_t rule = 0;
    std::uint32_t confirm_first = 0;
    std::uint32_t confirm_begin = 0;
    std::uint32_t confirm_end = 0;
  };
  std::vector<Posting> postings_;
  std::vector<std::uint32_t> confirm_terms_;
};

}  // namespace newswatch::rules
