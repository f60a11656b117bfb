// SPDX-License-Identifier: MIT
#include "rules/rule_set.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <tuple>

#include "rules/detail/rule_set_impl.hpp"
#include "rules/detail/snippet.hpp"
#include "rules/normalizer.hpp"

namespace newswatch::rules {
namespace {

constexpr std::array<std::string_view, 5> kSeverities = {"info", "low", "medium", "high", "critical"};
constexpr std::size_t kMaxHighlights = 32;

struct Span {
  std::uint32_t first = 0;  // token index of the first token of the hit
  std::uint32_t last = 0;   // token index of the last token
  const Program* leaf = nullptr;
};

using FieldHits = std::array<std::vector<Span>, kFieldCount>;

// Per-document state of one match() call.
struct Context {
  std::array<std::string_view, kFieldCount> text;
  std::array<std::vector<Token>, kFieldCount> tokens;
  std::unordered_map<std::uint32_t, FieldHits> hits;  // spans without leaf, by term

  const FieldHits* term_hits(std::uint32_t term) const {
    const auto it = hits.find(term);
    return it == hits.end() ? nullptr : &it->second;
  }

  bool eval(const Program& p) const {
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

  // The hits of a positional node (leaf, any of positional nodes, near) in one field; for
  // near, only the hits that are close enough to a hit on the other side.
  std::vector<Span> spans(const Program& p, int f) const {
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

  // The hits that make `p` true (for explanations); `p` must be true.
  void collect(const Program& p, std::vector<std::pair<int, Span>>& out) const {
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
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool term_at(const Term& t, const std::vector<Token>& tokens, std::size_t p) {
  if (p + t.tokens.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < t.tokens.size(); ++k) {
    const auto& tok = tokens[p + k].text;
    const bool last = k + 1 == t.tokens.size();
    if (last && t.prefix ? !starts_with(tok, t.tokens[k]) : tok != t.tokens[k]) return false;
    // A phrase is consecutive words of one sentence-ish run: CJK characters only chain to
    // CJK characters that touch in the original text.
    if (k > 0 && tokens[p + k].cjk && tokens[p + k - 1].cjk && tokens[p + k].begin > tokens[p + k - 1].end) {
      return false;
    }
  }
  return true;
}

}  // namespace

RuleSet::Impl::Impl(std::vector<CompiledRule> rules, TermTable terms)
    : terms_(std::move(terms.terms)), term_rules_(terms_.size()) {
  for (auto& r : rules) {
    std::set<std::uint32_t> used;
    r.program.collect_terms(used);
    const auto index = static_cast<std::uint32_t>(infos.size());
    for (const auto t : used) term_rules_[t].push_back(index);
    infos.push_back(std::move(r.info));
    programs_.push_back(std::move(r.program));
  }
  std::set<std::size_t> lengths;
  for (std::uint32_t id = 0; id < terms_.size(); ++id) {
    const auto& t = terms_[id];
    if (term_rules_[id].empty() || t.tokens.empty()) continue;
    if (t.prefix && t.tokens.size() == 1) {
      by_prefix_[t.tokens.front()].push_back(id);
      lengths.insert(t.tokens.front().size());
    } else {
      by_first_[t.tokens.front()].push_back(id);
    }
  }
  prefix_lengths_.assign(lengths.begin(), lengths.end());
}

std::vector<Match> RuleSet::Impl::match(const Document& document) const {
  Context ctx;
  ctx.text = {document.title, document.summary, document.content, document.link, document.feed};
  std::set<std::uint32_t> candidates;
  for (int f = 0; f < kFieldCount; ++f) {
    if (ctx.text[f].empty()) continue;
    ctx.tokens[f] = tokenize(ctx.text[f]);
    const auto& tokens = ctx.tokens[f];
    for (std::size_t p = 0; p < tokens.size(); ++p) {
      const auto record = [&](std::uint32_t id) {
        const auto& t = terms_[id];
        if (!term_at(t, tokens, p)) return;
        ctx.hits[id][f].push_back(Span{static_cast<std::uint32_t>(p),
                                       static_cast<std::uint32_t>(p + t.tokens.size() - 1), nullptr});
        candidates.insert(term_rules_[id].begin(), term_rules_[id].end());
      };
      const auto& tok = tokens[p].text;
      if (const auto it = by_first_.find(tok); it != by_first_.end()) {
        for (const auto id : it->second) record(id);
      }
      for (const auto len : prefix_lengths_) {
        if (len > tok.size()) break;
        if (const auto it = by_prefix_.find(tok.substr(0, len)); it != by_prefix_.end()) {
          for (const auto id : it->second) record(id);
        }
      }
    }
  }

  std::vector<Match> out;
  for (const auto r : candidates) {
    const auto& program = programs_[r];
    if (!ctx.eval(program)) continue;
    std::vector<std::pair<int, Span>> spans;
    ctx.collect(program, spans);
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first, a.second.first, a.second.last) < std::tie(b.first, b.second.first, b.second.last);
    });
    Match m;
    m.rule = &infos[r];
    std::pair<int, std::uint32_t> previous{-1, 0};
    for (const auto& [f, s] : spans) {
      if (std::pair{f, s.first} == previous) continue;
      previous = {f, s.first};
      if (m.highlights.size() >= kMaxHighlights) break;
      const auto& tokens = ctx.tokens[f];
      const std::size_t begin = tokens[s.first].begin;
      const std::size_t end = tokens[s.last].end;
      m.highlights.push_back(Highlight{std::string(to_string(static_cast<Field>(f))), s.leaf->written,
                                       detail::make_snippet(ctx.text[f], begin, end), begin});
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string_view to_string(Severity severity) { return kSeverities[static_cast<std::size_t>(severity)]; }

std::optional<Severity> parse_severity(std::string_view text) {
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    const auto& s = kSeverities[i];
    if (s.size() != text.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < s.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(text[k])) == s[k];
    }
    if (same) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

RuleSet::RuleSet(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

std::vector<Match> RuleSet::match(const Document& document) const { return impl_->match(document); }

const std::vector<RuleInfo>& RuleSet::rules() const { return impl_->infos; }

}  // namespace newswatch::rules
