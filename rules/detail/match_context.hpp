// SPDX-License-Identifier: MIT
#pragma once
// The per-document state of one RuleSet::match() call: the document's tokens per field and
// where each dictionary term occurs. Evaluates compiled programs against it, and turns the
// hits that made a program true into highlights or an explanation. Lives on one thread for
// one call; points into the Document, which must outlive it.
//
// Hits are one flat vector sorted by (term, field, position) with a small open-addressing
// table from term to its run, built once per document: no allocation per hit or per rule.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/detail/language_detector.hpp"
#include "rules/normalizer.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules::detail {

struct Span {
  std::uint32_t first = 0;  // token index of the first token of the hit
  std::uint32_t last = 0;   // token index of the last token
  const Program* leaf = nullptr;
};

struct Hit {
  std::uint32_t term = 0;
  std::uint32_t field = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
};

struct MatchContext {
  std::array<std::string_view, kFieldCount> text;
  std::array<std::vector<Token>, kFieldCount> tokens;
  std::string_view declared_language;  // Document::language as given

  // What lang: tests (rules/detail/language_detector.hpp), worked out on first use only:
  // detecting costs as much as the whole match, and most items never reach a lang: node
  // (its rule's other terms do not occur).
  const EffectiveLanguage& language() const;

  // Scan phase: start() once, record hits, then finish() once before any query.
  // term_count: the size of the term dictionary (for a one-bit-per-term set of hit terms).
  void start(std::size_t term_count) { hit_bits_.assign((term_count + 63) / 64, 0); }
  // Records a hit; true when it is the term's first (the scan then looks at its postings).
  bool add_hit(std::uint32_t term, int field, std::size_t first, std::size_t last) {
    hits_.push_back(Hit{term, static_cast<std::uint32_t>(field), static_cast<std::uint32_t>(first),
                        static_cast<std::uint32_t>(last)});
    auto& word = hit_bits_[term / 64];
    const auto mask = std::uint64_t{1} << (term % 64);
    const bool first_hit = !(word & mask);
    word |= mask;
    return first_hit;
  }
  void finish();
  void reserve_hits(std::size_t more) { hits_.reserve(hits_.size() + 2 * more); }
  // Whether `term` has a hit in any field.
  bool has_hit(std::uint32_t term) const {
    return term / 64 < hit_bits_.size() && ((hit_bits_[term / 64] >> (term % 64)) & 1);
  }

  bool eval(const Program& p) const;
  // The hits of a positional node (leaf, OR of positional nodes, NEAR, EXCEPT) in field f; for
  // NEAR only the hits close enough to a hit on the other side, for EXCEPT only the hits of its
  // first child that no hit of another child overlaps.
  std::vector<Span> spans(const Program& p, int f) const;
  // The hits that make `p` true (for highlights); `p` must be true.
  void collect(const Program& p, std::vector<std::pair<int, Span>>& out) const;

  // At most `max` highlights for a true program, by field then position, one per hit.
  std::vector<Highlight> highlights(const Program& p, std::size_t max) const;
  // An indented tree of the program: each node true or false, leaves with their hits.
  std::string explain(const Program& p) const;

 private:
  std::span<const Hit> term_hits(std::uint32_t term) const;
  void explain(const Program& p, int depth, std::string& out) const;
  void explain_spans(const Program& p, std::string& out) const;  // up to 3 ` field@offset:"text"`

  mutable std::optional<EffectiveLanguage> language_;  // one call, one thread: no lock
  std::vector<Hit> hits_;
  std::vector<std::uint64_t> hit_bits_;  // by term
  std::vector<std::uint32_t> table_;  // slot -> 1 + index of the term's first hit; 0 is empty
  std::uint32_t shift_ = 32;
};

}  // namespace newswatch::rules::detail
