// SPDX-License-Identifier: MIT
#include "rules/detail/match_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "rules/detail/snippet.hpp"

namespace newswatch::rules::detail {

namespace {

std::uint32_t slot_of(std::uint32_t term, std::uint32_t shift) {
  return static_cast<std::uint32_t>((term * 2654435769u) >> shift);
}

}  // namespace

void MatchContext::finish() {
  // A sort, although hits arrive in (field, position) order and only need grouping by term: a
  // counting pass with a scratch table measured more instructions and cache misses (callgrind)
  // at the ~50 hits per item that 10 000 rules give.
  std::sort(hits_.begin(), hits_.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.term, a.field, a.first) < std::tie(b.term, b.field, b.first);
  });
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < hits_.size(); ++i) distinct += i == 0 || hits_[i].term != hits_[i - 1].term;
  // Capacity: a power of two at least twice the number of terms.
  std::uint32_t bits = 1;
  while ((std::size_t{1} << bits) < distinct * 2) ++bits;
  shift_ = 32 - bits;
  table_.assign(std::size_t{1} << bits, 0);
  for (std::size_t i = 0; i < hits_.size(); ++i) {
    if (i != 0 && hits_[i].term == hits_[i - 1].term) continue;
    auto slot = slot_of(hits_[i].term, shift_);
    while (table_[slot] != 0) slot = (slot + 1) & static_cast<std::uint32_t>(table_.size() - 1);
    table_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

std::span<const Hit> MatchContext::term_hits(std::uint32_t term) const {
  if (!has_hit(term)) return {};
  const auto mask = static_cast<std::uint32_t>(table_.size() - 1);
  for (auto slot = slot_of(term, shift_);; slot = (slot + 1) & mask) {
    const auto entry = table_[slot];
    if (entry == 0) return {};
    const auto begin = entry - 1;
    if (hits_[begin].term != term) continue;
    auto end = begin + 1;
    while (end < hits_.size() && hits_[end].term == term) ++end;
    return {hits_.data() + begin, end - begin};
  }
}

const EffectiveLanguage& MatchContext::language() const {
  if (!language_) {
    language_ = effective_language(declared_language, text[static_cast<std::size_t>(Field::title)],
                                   text[static_cast<std::size_t>(Field::summary)], text[static_cast<std::size_t>(Field::content)]);
  }
  return *language_;
}

bool MatchContext::eval(const Program& p) const {
  switch (p.kind) {
    case Program::Kind::leaf: {
      for (const auto& h : term_hits(p.term)) {
        if (p.fields & bit(static_cast<Field>(h.field))) return true;
      }
      return false;
    }
    case Program::Kind::all:
      return std::all_of(p.children.begin(), p.children.end(), [&](const Program& c) { return eval(c); });
    case Program::Kind::any:
      return std::any_of(p.children.begin(), p.children.end(), [&](const Program& c) { return eval(c); });
    case Program::Kind::negate:
      return !eval(p.children.front());
    case Program::Kind::at_least: {
      int n = 0;
      for (const auto& c : p.children) {
        if (eval(c) && ++n >= p.distance) return true;
      }
      return false;
    }
    case Program::Kind::lang: {
      // A prefix on subtag boundaries: lang:zh matches zh, zh-CN, zh-TW; lang:zh-tw only zh-TW.
      const auto& language = this->language().code;
      return language.starts_with(p.language) &&
             (language.size() == p.language.size() || language[p.language.size()] == '-');
    }
    case Program::Kind::near:
    case Program::Kind::except_:
      for (int f = 0; f < kFieldCount; ++f) {
        if (!spans(p, f).empty()) return true;
      }
      return false;
  }
  return false;
}

std::vector<Span> MatchContext::spans(const Program& p, int f) const {
  std::vector<Span> out;
  switch (p.kind) {
    case Program::Kind::leaf: {
      if (!(p.fields & bit(static_cast<Field>(f)))) break;
      for (const auto& h : term_hits(p.term)) {
        if (h.field == static_cast<std::uint32_t>(f)) out.push_back(Span{h.first, h.last, &p});
      }
      break;
    }
    case Program::Kind::any:
      for (const auto& c : p.children) {
        auto more = spans(c, f);
        out.insert(out.end(), more.begin(), more.end());
      }
      break;
    case Program::Kind::near: {
      const auto left = spans(p.children[0], f);
      if (left.empty()) break;
      const auto right = spans(p.children[1], f);
      std::vector<bool> right_used(right.size());
      for (const auto& a : left) {
        bool used = false;
        for (std::size_t k = 0; k < right.size(); ++k) {
          const auto& b = right[k];
          std::uint32_t gap = 0;
          if (p.ordered && a.last >= b.first) continue;  // ONEAR: the left side comes first
          if (a.first > b.last) {
            gap = a.first - b.last - 1;
          } else if (b.first > a.last) {
            gap = b.first - a.last - 1;
          } else {
            continue;  // overlapping hits are the same words, not two near each other
          }
          if (gap <= static_cast<std::uint32_t>(p.distance)) {
            used = true;
            right_used[k] = true;
          }
        }
        if (used) out.push_back(a);
      }
      for (std::size_t k = 0; k < right.size(); ++k) {
        if (right_used[k]) out.push_back(right[k]);
      }
      break;
    }
    case Program::Kind::except_: {
      // Positions only now, when the node is evaluated: what survives of the first child.
      out = spans(p.children[0], f);
      for (std::size_t k = 1; k < p.children.size() && !out.empty(); ++k) {
        const auto excluded = spans(p.children[k], f);
        std::erase_if(out, [&](const Span& a) {
          return std::any_of(excluded.begin(), excluded.end(),
                             [&](const Span& b) { return a.first <= b.last && b.first <= a.last; });
        });
      }
      break;
    }
    default:
      break;  // the parser admits only positional nodes under NEAR and EXCEPT
  }
  return out;
}

void MatchContext::collect(const Program& p, std::vector<std::pair<int, Span>>& out) const {
  switch (p.kind) {
    case Program::Kind::leaf:
    case Program::Kind::near:
    case Program::Kind::except_:
      for (int f = 0; f < kFieldCount; ++f) {
        for (const auto& s : spans(p, f)) out.emplace_back(f, s);
      }
      break;
    case Program::Kind::all:
      for (const auto& c : p.children) collect(c, out);
      break;
    case Program::Kind::any:
    case Program::Kind::at_least:
      for (const auto& c : p.children) {
        if (eval(c)) collect(c, out);
      }
      break;
    case Program::Kind::negate:
    case Program::Kind::lang:
      break;
  }
}

std::vector<Highlight> MatchContext::highlights(const Program& p, std::size_t max) const {
  std::vector<std::pair<int, Span>> found;
  collect(p, found);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.first, a.second.last) < std::tie(b.first, b.second.first, b.second.last);
  });
  std::vector<Highlight> out;
  std::pair<int, std::uint32_t> previous{-1, 0};
  for (const auto& [f, s] : found) {
    if (std::pair{f, s.first} == previous) continue;  // two terms on the same words: one highlight
    previous = {f, s.first};
    if (out.size() >= max) break;
    const std::size_t begin = tokens[f][s.first].begin;
    const std::size_t end = tokens[f][s.last].end;
    out.push_back(Highlight{std::string(to_string(static_cast<Field>(f))), s.leaf->written,
                            make_snippet(text[f], begin, end), begin});
  }
  return out;
}

std::string MatchContext::explain(const Program& p) const {
  std::string out;
  explain(p, 0, out);
  return out;
}

void MatchContext::explain_spans(const Program& p, std::string& out) const {
  int shown = 0;
  for (int f = 0; f < kFieldCount && shown < 3; ++f) {
    for (const auto& s : spans(p, f)) {
      if (shown++ == 3) break;
      const auto begin = tokens[f][s.first].begin;
      out += fmt::format(" {}@{}:\"{}\"", to_string(static_cast<Field>(f)), begin,
                         text[f].substr(begin, tokens[f][s.last].end - begin));
    }
  }
}

void MatchContext::explain(const Program& p, int depth, std::string& out) const {
  const bool value = eval(p);
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += value ? "true  " : "false ";
  switch (p.kind) {
    case Program::Kind::leaf: {
      out += p.written;
      if (p.fields != kDefaultFields && p.fields != kAllFields) {  // all: an exclusion, unscoped
        std::string scope;
        for (int f = 0; f < kFieldCount; ++f) {
          if (p.fields & bit(static_cast<Field>(f))) scope += std::string(scope.empty() ? "" : ",") + std::string(to_string(static_cast<Field>(f)));
        }
        out += " [" + scope + "]";
      }
      explain_spans(p, out);
      out += '\n';
      return;
    }
    case Program::Kind::except_:
      out += "EXCEPT";
      explain_spans(p, out);  // the occurrences that survive
      break;
    case Program::Kind::all: out += "AND"; break;
    case Program::Kind::any: out += "OR"; break;
    case Program::Kind::negate: out += "NOT"; break;
    case Program::Kind::near: out += fmt::format("{}/{}", p.ordered ? "ONEAR" : "NEAR", p.distance); break;
    case Program::Kind::at_least: out += fmt::format("AT_LEAST {}", p.distance); break;
    case Program::Kind::lang:
      out += fmt::format("{} (document: \"{}\"{})\n", p.written, language().code,
                         language().detected ? ", detected" : "");
      return;
  }
  if (!p.label.empty()) out += " " + p.label;
  out += '\n';
  for (const auto& c : p.children) {
    // A list can be long: show only the items that occur (an item with EXCEPT also when all of
    // its occurrences were excluded, to show why).
    if (!p.label.empty() && p.kind == Program::Kind::any &&
        ((c.kind == Program::Kind::leaf && !eval(c)) ||
         (c.kind == Program::Kind::except_ && !eval(c.children.front())))) {
      continue;
    }
    explain(c, depth + 1, out);
  }
}

}  // namespace newswatch::rules::detail
