// SPDX-License-Identifier: MIT
#include "rules/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "rules/detail/match_context.hpp"
#include "rules/detail/rule_set_impl.hpp"
#include "rules/normalizer.hpp"

namespace newswatch::rules {
namespace {

constexpr std::array<std::string_view, 5> kSeverities = {"info", "low", "medium", "high", "critical"};
constexpr std::size_t kMaxHighlights = 32;

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

RuleSet::Impl::Impl(std::vector<detail::CompiledRule> rules, TermTable terms)
    : terms_(std::move(terms.terms)), term_rules_(terms_.size()) {
  std::vector<bool> in_use(terms_.size());
  const auto mark = [&](const auto& self, const Program& p) -> void {
    if (p.kind == Program::Kind::leaf) in_use[p.term] = true;
    for (const auto& c : p.children) self(self, c);
  };
  for (auto& r : rules) {
    mark(mark, r.program);
    std::set<std::uint32_t> used;
    r.program.collect_positive_terms(used);
    const auto index = static_cast<std::uint32_t>(infos.size());
    for (const auto t : used) term_rules_[t].push_back(index);
    infos.push_back(std::move(r.info));
    programs_.push_back(std::move(r.program));
  }
  std::set<std::size_t> lengths;
  for (std::uint32_t id = 0; id < terms_.size(); ++id) {
    const auto& t = terms_[id];
    if (!in_use[id] || t.tokens.empty()) continue;  // terms of rules that failed or are disabled
    if (t.prefix && t.tokens.size() == 1) {
      by_prefix_[t.tokens.front()].push_back(id);
      lengths.insert(t.tokens.front().size());
    } else {
      by_first_[t.tokens.front()].push_back(id);
    }
  }
  prefix_lengths_.assign(lengths.begin(), lengths.end());
}

RuleSet::Impl::Scan RuleSet::Impl::scan(const Document& document) const {
  Scan out;
  auto& ctx = out.context;
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
        ctx.hits[id][f].push_back(detail::Span{static_cast<std::uint32_t>(p),
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

  out.candidates.assign(candidates.begin(), candidates.end());
  return out;
}

std::vector<Match> RuleSet::Impl::match(const Document& document) const {
  const auto scan = this->scan(document);
  std::vector<Match> out;
  for (const auto r : scan.candidates) {
    const auto& program = programs_[r];
    if (!scan.context.eval(program)) continue;
    out.push_back(Match{&infos[r], scan.context.highlights(program, kMaxHighlights)});
  }
  return out;
}

std::string RuleSet::Impl::explain(const Document& document, std::string_view rule_id) const {
  const auto it = std::find_if(infos.begin(), infos.end(), [&](const RuleInfo& r) { return r.id == rule_id; });
  if (it == infos.end()) return {};
  const auto& program = programs_[static_cast<std::size_t>(it - infos.begin())];
  const auto scan = this->scan(document);
  return fmt::format("{}: {}\n{}", it->id, scan.context.eval(program) ? "match" : "no match",
                     scan.context.explain(program));
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

std::string RuleSet::explain(const Document& document, std::string_view rule_id) const {
  return impl_->explain(document, rule_id);
}

const std::vector<RuleInfo>& RuleSet::rules() const { return impl_->infos; }

}  // namespace newswatch::rules
