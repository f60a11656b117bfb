// SPDX-License-Identifier: MIT
#include "rules/detail/match_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "rules/detail/snippet.hpp"

namespace newswatch::rules::detail {

const FieldHits* MatchContext::term_hits(std::uint32_t term) const {
  const auto it = hits.find(term);
  return it == hits.end() ? nullptr : &it->second;
}

bool MatchContext::eval(const Program& p) const {
  switch (p.kind) {
    case Program::Kind::leaf: {
      const auto* h = term_hits(p.term);
      if (!h) return false;
      for (int f = 0; f < kFieldCount; ++f) {
        if ((p.fields & bit(static_cast<Field>(f))) && !(*h)[f].empty()) return true;
      }
      return false;
    }
    case Program::Kind::all:
      return std::all_of(p.children.begin(), p.children.end(), [&](const Program& c) { return eval(c); });
    case Program::Kind::any:
      return std::any_of(p.children.begin(), p.children.end(), [&](const Program& c) { return eval(c); });
    case Program::Kind::negate:
      return !eval(p.children.front());
    case Program::Kind::near:
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
      if (const auto* h = term_hits(p.term)) {
        for (auto s : (*h)[f]) {
          s.leaf = &p;
          out.push_back(s);
        }
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
    default:
      break;  // the parser admits only positional nodes under NEAR
  }
  return out;
}

void MatchContext::collect(const Program& p, std::vector<std::pair<int, Span>>& out) const {
  switch (p.kind) {
    case Program::Kind::leaf:
    case Program::Kind::near:
      for (int f = 0; f < kFieldCount; ++f) {
        for (const auto& s : spans(p, f)) out.emplace_back(f, s);
      }
      break;
    case Program::Kind::all:
      for (const auto& c : p.children) collect(c, out);
      break;
    case Program::Kind::any:
      for (const auto& c : p.children) {
        if (eval(c)) collect(c, out);
      }
      break;
    case Program::Kind::negate:
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

void MatchContext::explain(const Program& p, int depth, std::string& out) const {
  const bool value = eval(p);
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += value ? "true  " : "false ";
  switch (p.kind) {
    case Program::Kind::leaf: {
      out += p.written;
      if (p.fields != kDefaultFields) {
        std::string scope;
        for (int f = 0; f < kFieldCount; ++f) {
          if (p.fields & bit(static_cast<Field>(f))) scope += std::string(scope.empty() ? "" : ",") + std::string(to_string(static_cast<Field>(f)));
        }
        out += " [" + scope + "]";
      }
      int shown = 0;
      for (int f = 0; f < kFieldCount && shown < 3; ++f) {
        for (const auto& s : spans(p, f)) {
          if (shown++ == 3) break;
          const auto begin = tokens[f][s.first].begin;
          out += fmt::format(" {}@{}:\"{}\"", to_string(static_cast<Field>(f)), begin,
                             text[f].substr(begin, tokens[f][s.last].end - begin));
        }
      }
      out += '\n';
      return;
    }
    case Program::Kind::all: out += "AND"; break;
    case Program::Kind::any: out += "OR"; break;
    case Program::Kind::negate: out += "NOT"; break;
    case Program::Kind::near: out += fmt::format("NEAR/{}", p.distance); break;
  }
  if (!p.label.empty()) out += " " + p.label;
  out += '\n';
  for (const auto& c : p.children) {
    // A list can be long: show only the items that occur.
    if (!p.label.empty() && p.kind == Program::Kind::any && c.kind == Program::Kind::leaf && !eval(c)) continue;
    explain(c, depth + 1, out);
  }
}

}  // namespace newswatch::rules::detail
