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
// (the union of each child's cheapest group), an AND or NEAR the groups of all its children.
// The rule is indexed under its cheapest group, where cheap means few and likely rare terms
// (phrases over words, long words over short ones, words over prefixes), and a second group,
// when there is one, confirms a candidate with a few lookups before the full evaluation. Every
// rule needs at least one hit (the compiler rejects NOT-only queries), so a rule none of whose
// index terms occur is skipped without evaluation.
//
// The dictionaries are flat open-addressing tables keyed by a FNV-1a hash computed once per
// token, byte by byte, so every prefix length is probed without rehashing or allocating.
// Immutable after construction.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/detail/match_context.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules {
namespace detail {

// Lets the dictionaries be probed with a string_view of a token (no temporary string).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using TermIndex = std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>;

// Token text → term ids, immutable after build().
class TokenDict {
 public:
  static constexpr std::uint64_t kSeed = 0xcbf29ce484222325ULL;
  static std::uint64_t step(std::uint64_t h, char c) {
    return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = kSeed;
    for (const char c : s) h = step(h, c);
    return h;
  }

  void build(const TermIndex& index);
  bool empty() const { return keys_.empty(); }
  // False when no key has hash `h` (a one-bit-per-hash filter small enough to stay in L1: most
  // probes, at prefix lengths the token does not have a term for, stop here).
  bool may_contain(std::uint64_t h) const { return (filter_[(h >> 6) & kFilterMask] >> (h & 63)) & 1; }
  // The ids stored under `key`, whose hash() is `h`; empty when none.
  std::pair<const std::uint32_t*, const std::uint32_t*> find(std::string_view key, std::uint64_t h) const;

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key = 0;  // 1 + index into keys_; 0 is an empty slot
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
  };
  static constexpr std::size_t kFilterWords = 1024;  // 64 Kibit, 8 KiB
  static constexpr std::size_t kFilterMask = kFilterWords - 1;
  std::vector<std::uint64_t> filter_ = std::vector<std::uint64_t>(kFilterWords);
  std::vector<Slot> slots_;
  std::vector<std::string> keys_;
  std::vector<std::uint32_t> ids_;
  std::size_t mask_ = 0;
};

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
  // Terms by their first token, when that token matches exactly (words and phrases).
  detail::TermIndex by_first_;
  // One-token prefix terms by their prefix, and the distinct prefix lengths in bytes.
  detail::TermIndex by_prefix_;
  std::vector<std::size_t> prefix_lengths_;
  std::vector<char> is_prefix_length_;  // by length in bytes
  detail::TokenDict exact_;              // by_first_, flattened
  detail::TokenDict prefixes_;           // by_prefix_, flattened

  // For each term, the rules indexed under it (presearch). Every term of every rule is in the
  // dictionary, so all hits are known when a candidate is evaluated.
  // Flat, so that a document touches a few contiguous runs: postings_[posting_begin_[t] ..
  // posting_begin_[t + 1]) are the rules indexed under term t, each with its confirming group
  // confirm_terms_[confirm_begin .. confirm_end) (empty: none), of which one term must hit.
  // The first confirming term is kept in the posting itself: most groups have one term, and
  // the lookup then costs no second cache miss.
  struct Posting {
    std::uint32_t rule = 0;
    std::uint32_t confirm_first = 0;
    std::uint32_t confirm_begin = 0;
    std::uint32_t confirm_end = 0;
  };
  std::vector<std::uint32_t> posting_begin_;
  std::vector<Posting> postings_;
  std::vector<std::uint32_t> confirm_terms_;
  // Per phrase term, the hash of its second token (0: not checked by hash, e.g. a prefix).
  std::vector<std::uint64_t> second_hash_;
};

}  // namespace newswatch::rules
