// SPDX-License-Identifier: MIT
#include "rules/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

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

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// An exact-case term (=NATO) also needs each token's source text, NFKC-normalised without case
// folding, to be what was written (also normalised): full-width "ＮＡＴＯ" is "NATO". The token
// keeps its original byte range, so highlights still point at the full-width text.
bool exact_at(const Term& t, const std::vector<Token>& tokens, std::string_view text, std::size_t p) {
  if (t.raw.size() != t.tokens.size() || p + t.raw.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < t.raw.size(); ++k) {
    const auto& tok = tokens[p + k];
    const auto source = text.substr(tok.begin, tok.end - tok.begin);
    // NFKC leaves ASCII as it is: only other text needs ICU.
    if (is_ascii(source) ? source != t.raw[k] : normalize_keep_case(source) != t.raw[k]) return false;
  }
  return true;
}

// How likely a term is to occur in a document, relatively (no corpus statistics are known at
// load time): phrases are rarer than words, long words rarer than short ones, prefixes match
// more than their word. Only comparisons between a rule's own alternatives use it.
double term_cost(const Term& t) {
  if (t.tokens.empty()) return 1e9;
  const auto& first = t.tokens.front();
  std::size_t code_points = 0;
  for (const char c : first) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  // A CJK term is a phrase of one-character tokens: its length in characters is its tokens.
  const std::size_t length = std::max(code_points, t.tokens.size());
  double cost = 8.0 / static_cast<double>(std::clamp<std::size_t>(length, 1, 8));
  if (t.tokens.size() > 1) cost *= 0.25;
  if (t.prefix) cost *= 4.0;
  return cost;
}

// The presearch groups of a program: sets of terms, each of which must have a hit whenever the
// program is true. No group: no such constraint (a NOT).
struct Group {
  std::vector<std::uint32_t> terms;
  double cost = 0;
};

std::vector<Group> required_groups(const Program& p, const std::vector<double>& costs) {
  const auto cheapest = [](std::vector<Group>& groups) -> Group* {
    Group* best = nullptr;
    for (auto& g : groups) {
      if (!best || g.cost < best->cost) best = &g;
    }
    return best;
  };
  switch (p.kind) {
    case Program::Kind::leaf:
      return {Group{{p.term}, costs[p.term]}};
    case Program::Kind::negate:
    case Program::Kind::lang:
      return {};
    case Program::Kind::except_:
      return required_groups(p.children.front(), costs);  // what it excludes need not occur
    case Program::Kind::at_least: {
      // k true children: when fewer than k children lack a group, one with a group is true.
      Group out;
      int without = 0;
      for (const auto& c : p.children) {
        auto groups = required_groups(c, costs);
        const auto* best = cheapest(groups);
        if (!best) {
          ++without;
          continue;
        }
        out.terms.insert(out.terms.end(), best->terms.begin(), best->terms.end());
        out.cost += best->cost;
      }
      if (without >= p.distance) return {};
      return {std::move(out)};
    }
    case Program::Kind::any: {
      Group out;
      for (const auto& c : p.children) {
        auto groups = required_groups(c, costs);
        const auto* best = cheapest(groups);
        if (!best) return {};
        out.terms.insert(out.terms.end(), best->terms.begin(), best->terms.end());
        out.cost += best->cost;
      }
      return {std::move(out)};
    }
    case Program::Kind::all:
    case Program::Kind::near: {
      std::vector<Group> out;
      for (const auto& c : p.children) {
        auto groups = required_groups(c, costs);
        for (auto& g : groups) out.push_back(std::move(g));
      }
      return out;
    }
  }
  return {};
}

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

RuleSet::Impl::Impl(std::vector<detail::CompiledRule> rules, TermTable terms)
    : terms_(std::move(terms.terms)) {
  std::vector<std::vector<Posting>> term_rules(terms_.size());
  std::vector<bool> in_use(terms_.size());
  const auto mark = [&](const auto& self, const Program& p) -> void {
    if (p.kind == Program::Kind::leaf) in_use[p.term] = true;
    for (const auto& c : p.children) self(self, c);
  };
  std::vector<double> costs(terms_.size());
  for (std::size_t id = 0; id < terms_.size(); ++id) costs[id] = term_cost(terms_[id]);
  std::map<std::vector<std::uint32_t>, std::uint32_t> confirm_groups;  // group -> its offset
  for (auto& r : rules) {
    mark(mark, r.program);
    std::vector<std::uint32_t> index_terms;
    std::vector<std::uint32_t> confirm;
    auto groups = required_groups(r.program, costs);
    std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.cost < b.cost; });
    if (!groups.empty()) {
      index_terms = std::move(groups[0].terms);
      if (groups.size() > 1) confirm = std::move(groups[1].terms);
    } else {
      // Not reachable for compiled rules (they need a hit); index by every positive term.
      std::set<std::uint32_t> used;
      r.program.collect_positive_terms(used);
      index_terms.assign(used.begin(), used.end());
    }
    sort_unique(index_terms);
    sort_unique(confirm);
    const auto index = static_cast<std::uint32_t>(infos.size());
    // Rules that share a confirming group (the same @list, typically) share its copy: fewer
    // bytes for an item's scan to pull into the cache at thousands of rules.
    auto [shared, added] = confirm_groups.emplace(confirm, static_cast<std::uint32_t>(confirm_terms_.size()));
    if (added) confirm_terms_.insert(confirm_terms_.end(), confirm.begin(), confirm.end());
    const auto confirm_begin = shared->second;
    const auto confirm_end = confirm_begin + static_cast<std::uint32_t>(confirm.size());
    for (const auto t : index_terms) term_rules[t].push_back(Posting{index, confirm.empty() ? 0 : confirm.front(), confirm_begin, confirm_end});
    infos.push_back(std::move(r.info));
    programs_.push_back(std::move(r.program));
  }
  std::vector<std::uint32_t> posting_begin;
  posting_begin.reserve(terms_.size() + 1);
  for (const auto& postings : term_rules) {
    posting_begin.push_back(static_cast<std::uint32_t>(postings_.size()));
    postings_.insert(postings_.end(), postings.begin(), postings.end());
  }
  posting_begin.push_back(static_cast<std::uint32_t>(postings_.size()));
  std::unordered_map<std::string, std::vector<detail::TermEntry>> by_first, by_prefix;
  std::set<std::size_t> lengths;
  for (std::uint32_t id = 0; id < terms_.size(); ++id) {
    const auto& t = terms_[id];
    if (!in_use[id] || t.tokens.empty()) continue;  // terms of rules that failed or are disabled
    detail::TermEntry entry;
    entry.id = id;
    entry.tokens = static_cast<std::uint16_t>(std::min<std::size_t>(t.tokens.size(), UINT16_MAX));
    entry.exact = t.exact;
    entry.postings_begin = posting_begin[id];
    entry.postings_end = posting_begin[id + 1];
    // A phrase's second token is checked by hash first (most phrases that start at a token fail
    // there), unless it is a prefix.
    const bool second_is_prefix = t.prefix && t.tokens.size() == 2;
    if (t.tokens.size() > 1 && !second_is_prefix) {
      entry.second_hash = static_cast<std::uint32_t>(detail::TokenDict::hash(t.tokens[1]));
    }
    if (t.prefix && t.tokens.size() == 1) {
      by_prefix[t.tokens.front()].push_back(entry);
      lengths.insert(t.tokens.front().size());
    } else {
      by_first[t.tokens.front()].push_back(entry);
    }
  }
  is_prefix_length_.assign(lengths.empty() ? 1 : *lengths.rbegin() + 1, 0);
  for (const auto len : lengths) is_prefix_length_[len] = 1;
  // A token that is an exact key gets its prefix terms from the key's own entries, found here
  // once, instead of probing the prefix table at every length on every occurrence. At
  // thousands of rules most words of an item are some term's key, and those probes were a
  // fifth of the cache misses per item.
  for (auto& [key, entries] : by_first) {
    for (const auto len : lengths) {
      if (len > key.size()) break;
      if (const auto it = by_prefix.find(key.substr(0, len)); it != by_prefix.end()) {
        entries.insert(entries.end(), it->second.begin(), it->second.end());
      }
    }
  }
  exact_.build(by_first);
  prefixes_.build(by_prefix);
}

RuleSet::Impl::Scan RuleSet::Impl::scan(const Document& document) const {
  Scan out;
  auto& ctx = out.context;
  ctx.text = {document.title, document.summary, document.content, document.link, document.feed};
  ctx.declared_language = document.language;
  std::vector<std::uint64_t> hashes;  // of each token of the field, and 0 past the end
  // The dictionary entries of terms at their first hit that have postings, for presearch.
  std::vector<const detail::TermEntry*> indexed_hits;
  ctx.start(terms_.size());
  for (int f = 0; f < kFieldCount; ++f) {
    if (ctx.text[f].empty()) continue;
    ctx.tokens[f] = tokenize(ctx.text[f]);
    const auto& tokens = ctx.tokens[f];
    hashes.resize(tokens.size() + 1);
    for (std::size_t p = 0; p < tokens.size(); ++p) hashes[p] = detail::TokenDict::hash(tokens[p].text);
    hashes[tokens.size()] = 0;
    ctx.reserve_hits(tokens.size());
    for (std::size_t p = 0; p < tokens.size(); ++p) {
      const auto record = [&](const detail::TermEntry& e) {
        // A one-token term is found by its key alone; a phrase checks its other tokens, the
        // second one by hash first, before the Term itself is read.
        std::size_t length = 1;
        if (e.tokens > 1) {
          if (e.second_hash != 0 && static_cast<std::uint32_t>(hashes[p + 1]) != e.second_hash) return;
          if (!term_at(terms_[e.id], tokens, p)) return;
          length = terms_[e.id].tokens.size();  // e.tokens saturates at 65 535
        }
        if (e.exact && !exact_at(terms_[e.id], tokens, ctx.text[f], p)) return;
        if (ctx.add_hit(e.id, f, p, p + length - 1) && e.postings_begin != e.postings_end) {
          indexed_hits.push_back(&e);
        }
      };
      const std::string_view tok = tokens[p].text;
      // A key's entries include the prefix terms that match it (see the constructor).
      if (const auto found = exact_.find(tok, hashes[p]); !found.empty()) {
        for (const auto& e : found) record(e);
        continue;
      }
      if (prefixes_.empty()) continue;
      // One hash pass over the token; probe the prefix table at every length a prefix term has.
      std::uint64_t h = detail::TokenDict::kSeed;
      for (std::size_t len = 1; len <= tok.size() && len < is_prefix_length_.size(); ++len) {
        h = detail::TokenDict::step(h, tok[len - 1]);
        if (is_prefix_length_[len] && prefixes_.may_contain(h)) {
          for (const auto& e : prefixes_.find(tok.substr(0, len), h)) record(e);
        }
      }
    }
  }
  ctx.finish();
  for (const auto* e : indexed_hits) {
    for (auto k = e->postings_begin; k < e->postings_end; ++k) {
      const auto& posting = postings_[k];
      bool confirmed = posting.confirm_begin == posting.confirm_end || ctx.has_hit(posting.confirm_first);
      for (auto c = posting.confirm_begin + 1; c < posting.confirm_end && !confirmed; ++c) {
        confirmed = ctx.has_hit(confirm_terms_[c]);
      }
      if (confirmed) out.candidates.push_back(posting.rule);
    }
  }
  std::sort(out.candidates.begin(), out.candidates.end());
  out.candidates.erase(std::unique(out.candidates.begin(), out.candidates.end()), out.candidates.end());
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
