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

// An exact-case term (=NATO) also needs each token's source text to be the bytes written.
bool exact_at(const Term& t, const std::vector<Token>& tokens, std::string_view text, std::size_t p) {
  if (t.raw.size() != t.tokens.size() || p + t.raw.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < t.raw.size(); ++k) {
    const auto& tok = tokens[p + k];
    if (text.substr(tok.begin, tok.end - tok.begin) != t.raw[k]) return false;
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
    const auto confirm_begin = static_cast<std::uint32_t>(confirm_terms_.size());
    confirm_terms_.insert(confirm_terms_.end(), confirm.begin(), confirm.end());
    const auto confirm_end = static_cast<std::uint32_t>(confirm_terms_.size());
    for (const auto t : index_terms) term_rules[t].push_back(Posting{index, confirm.empty() ? 0 : confirm.front(), confirm_begin, confirm_end});
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
  second_hash_.assign(terms_.size(), 0);
  for (std::size_t id = 0; id < terms_.size(); ++id) {
    const auto& t = terms_[id];
    const bool second_is_prefix = t.prefix && t.tokens.size() == 2;
    if (t.tokens.size() > 1 && !second_is_prefix) second_hash_[id] = detail::TokenDict::hash(t.tokens[1]);
  }
  posting_begin_.reserve(terms_.size() + 1);
  for (const auto& postings : term_rules) {
    posting_begin_.push_back(static_cast<std::uint32_t>(postings_.size()));
    postings_.insert(postings_.end(), postings.begin(), postings.end());
  }
  posting_begin_.push_back(static_cast<std::uint32_t>(postings_.size()));
  prefix_lengths_.assign(lengths.begin(), lengths.end());
  is_prefix_length_.assign(lengths.empty() ? 1 : *lengths.rbegin() + 1, 0);
  for (const auto len : lengths) is_prefix_length_[len] = 1;
  exact_.build(by_first_);
  prefixes_.build(by_prefix_);
}

namespace detail {

void TokenDict::build(const TermIndex& index) {
  std::size_t capacity = 16;
  while (capacity < index.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  keys_.clear();
  ids_.clear();
  for (const auto& [key, ids] : index) {
    const auto h = hash(key);
    filter_[(h >> 6) & kFilterMask] |= std::uint64_t{1} << (h & 63);
    auto slot = static_cast<std::size_t>(h ^ (h >> 32)) & mask_;
    while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
    keys_.push_back(key);
    slots_[slot] = Slot{h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(ids_.size()),
                        static_cast<std::uint32_t>(ids_.size() + ids.size())};
    ids_.insert(ids_.end(), ids.begin(), ids.end());
  }
}

std::pair<const std::uint32_t*, const std::uint32_t*> TokenDict::find(std::string_view key, std::uint64_t h) const {
  for (auto slot = static_cast<std::size_t>(h ^ (h >> 32)) & mask_;; slot = (slot + 1) & mask_) {
    const auto& s = slots_[slot];
    if (s.key == 0) return {nullptr, nullptr};
    if (s.hash == h && keys_[s.key - 1] == key) return {ids_.data() + s.begin, ids_.data() + s.end};
  }
}

}  // namespace detail

RuleSet::Impl::Scan RuleSet::Impl::scan(const Document& document) const {
  Scan out;
  auto& ctx = out.context;
  ctx.text = {document.title, document.summary, document.content, document.link, document.feed};
  ctx.language = document.language;
  for (auto& c : ctx.language) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::vector<std::uint64_t> hashes;  // of each token of the field, and 0 past the end
  for (int f = 0; f < kFieldCount; ++f) {
    if (ctx.text[f].empty()) continue;
    ctx.tokens[f] = tokenize(ctx.text[f]);
    const auto& tokens = ctx.tokens[f];
    hashes.resize(tokens.size() + 1);
    for (std::size_t p = 0; p < tokens.size(); ++p) hashes[p] = detail::TokenDict::hash(tokens[p].text);
    hashes[tokens.size()] = 0;
    for (std::size_t p = 0; p < tokens.size(); ++p) {
      const auto record = [&](std::uint32_t id) {
        // A one-token term is found by its key alone; a phrase checks its other tokens, the
        // second one by hash first (most phrases that start here fail there).
        const auto& t = terms_[id];
        if (t.tokens.size() > 1 && second_hash_[id] != 0 && hashes[p + 1] != second_hash_[id]) return;
        if (t.tokens.size() > 1 && !term_at(t, tokens, p)) return;
        if (t.exact && !exact_at(t, tokens, ctx.text[f], p)) return;
        ctx.add_hit(id, f, p, p + t.tokens.size() - 1);
      };
      const std::string_view tok = tokens[p].text;
      // One hash pass over the token; probe the prefix table at every length a prefix term has.
      std::uint64_t h = detail::TokenDict::kSeed;
      for (std::size_t len = 1; len <= tok.size(); ++len) {
        h = detail::TokenDict::step(h, tok[len - 1]);
        if (len < is_prefix_length_.size() && is_prefix_length_[len] && prefixes_.may_contain(h)) {
          const auto [begin, end] = prefixes_.find(tok.substr(0, len), h);
          for (auto it = begin; it != end; ++it) record(*it);
        }
      }
      const auto [begin, end] = exact_.find(tok, h);
      for (auto it = begin; it != end; ++it) record(*it);
    }
  }
  ctx.finish(terms_.size());
  for (const auto id : ctx.hit_terms()) {
    for (auto k = posting_begin_[id]; k < posting_begin_[id + 1]; ++k) {
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
