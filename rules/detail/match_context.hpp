// SPDX-License-Identifier: MIT
#pragma once
// The per-document state of one RuleSet::match() call: the document's tokens per field and
// where each dictionary term occurs. Evaluates compiled programs against it, and turns the
// hits that made a program true into highlights or an explanation. Lives on one thread for
// one call; points into the Document, which must outlive it.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/normalizer.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules::detail {

struct Span {
  std::uint32_t first = 0;  // token index of the first token of the hit
  std::uint32_t last = 0;   // token index of the last token
  const Program* leaf = nullptr;
};

using FieldHits = std::array<std::vector<Span>, kFieldCount>;

struct MatchContext {
  std::array<std::string_view, kFieldCount> text;
  std::array<std::vector<Token>, kFieldCount> tokens;
  std::unordered_map<std::uint32_t, FieldHits> hits;  // by term; spans without leaf

  bool eval(const Program& p) const;
  // The hits of a positional node (leaf, OR of positional nodes, NEAR) in field f; for NEAR
  // only the hits close enough to a hit on the other side.
  std::vector<Span> spans(const Program& p, int f) const;
  // The hits that make `p` true (for highlights); `p` must be true.
  void collect(const Program& p, std::vector<std::pair<int, Span>>& out) const;

  // At most `max` highlights for a true program, by field then position, one per hit.
  std::vector<Highlight> highlights(const Program& p, std::size_t max) const;
  // An indented tree of the program: each node true or false, leaves with their hits.
  std::string explain(const Program& p) const;

 private:
  const FieldHits* term_hits(std::uint32_t term) const;
  void explain(const Program& p, int depth, std::string& out) const;
};

}  // namespace newswatch::rules::detail
