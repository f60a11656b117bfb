// SPDX-License-Identifier: MIT
// Items per second through a RuleSet of 10, 100, 1 000 and 10 000 generated rules, beside the
// loop simple monitors run (one std::regex per rule, each tried on every item), over a generated
// corpus of headline + summary items. After the runs it prints the ratios the rules issue sets
// as targets, plus compile time and memory of the 10 000-rule set. Everything is generated from
// fixed seeds: no corpus text is used.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "rules/document.hpp"
#include "rules/loader.hpp"
#include "rules/rule_set.hpp"

namespace {

using newswatch::rules::Document;
using newswatch::rules::RuleSet;

constexpr std::size_t kVocabulary = 5000;
constexpr std::size_t kItems = 4000;

// ---- vocabulary: generic function words first (the Zipf head), then pseudo-words, some CJK.
struct Vocabulary {
  std::vector<std::string> words;  // by rank
  std::vector<bool> cjk;
};

const Vocabulary& vocabulary() {
  static const Vocabulary v = [] {
    Vocabulary out;
    for (const char* w : {"the", "of", "to", "in", "and", "a", "on", "for", "with", "says", "after", "over",
                          "as", "at", "by", "new", "from", "its", "is", "will", "amid", "talks", "year",
                          "week", "plan", "report", "officials", "government", "minister", "state"}) {
      out.words.emplace_back(w);
    }
    const char* onsets[] = {"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
                            "br", "ch", "st", "tr", "sh"};
    const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
    const char* codas[] = {"", "", "n", "r", "s", "l", "t"};
    std::mt19937 rng(7);
    std::map<std::string, bool> seen;
    for (const auto& w : out.words) seen[w] = true;
    std::uniform_int_distribution<int> han(0x4E00, 0x4E00 + 3000), kana(0x30A2, 0x30F3), len(2, 3);
    while (out.words.size() < kVocabulary) {
      std::string w;
      const bool cjk = rng() % 10 == 0;  // one word in ten is Japanese/Chinese
      if (cjk) {
        const int n = len(rng);
        const bool katakana = rng() % 3 == 0;
        for (int i = 0; i < n; ++i) {
          const int c = katakana ? kana(rng) : han(rng);
          w += static_cast<char>(0xE0 | (c >> 12));
          w += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
          w += static_cast<char>(0x80 | (c & 0x3F));
        }
      } else {
        const int syllables = 2 + static_cast<int>(rng() % 2);
        for (int i = 0; i < syllables; ++i) {
          w += onsets[rng() % std::size(onsets)];
          w += vowels[rng() % std::size(vowels)];
          if (i + 1 == syllables) w += codas[rng() % std::size(codas)];
        }
        if (rng() % 6 == 0) w[0] = static_cast<char>(w[0] - 32);  // proper names
      }
      if (seen.emplace(w, true).second) {
        out.words.push_back(w);
        out.cjk.resize(out.words.size());
        out.cjk.back() = cjk;
      }
    }
    out.cjk.resize(out.words.size());
    return out;
  }();
  return v;
}

// ---- corpus: Zipf-distributed words, 8-14 in a title, 25-45 in a summary; 15 % of items have a
// Japanese/Chinese title (CJK words run together, as written).
const std::vector<Document>& corpus() {
  static const std::vector<Document> docs = [] {
    const auto& v = vocabulary();
    std::vector<double> weights(v.words.size());
    for (std::size_t r = 0; r < weights.size(); ++r) weights[r] = 1.0 / static_cast<double>(r + 1);
    std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
    std::vector<std::size_t> cjk_words;
    for (std::size_t r = 0; r < v.words.size(); ++r) {
      if (v.cjk[r]) cjk_words.push_back(r);
    }
    std::mt19937 rng(11);
    const auto sentence = [&](int n) {
      std::string s;
      for (int i = 0; i < n; ++i) {
        const auto& w = v.words[zipf(rng)];
        if (!s.empty()) s += rng() % 12 == 0 ? ", " : " ";
        s += w;
      }
      return s;
    };
    std::vector<Document> out;
    for (std::size_t i = 0; i < kItems; ++i) {
      Document d;
      d.id = "item-" + std::to_string(i);
      if (rng() % 100 < 15) {
        for (int k = 0, n = 5 + static_cast<int>(rng() % 6); k < n; ++k) {
          d.title += v.words[cjk_words[rng() % cjk_words.size()]];
        }
        d.summary = sentence(10 + static_cast<int>(rng() % 15));
      } else {
        d.title = sentence(8 + static_cast<int>(rng() % 7));
        d.summary = sentence(25 + static_cast<int>(rng() % 21)) + ".";
      }
      d.link = "https://news.example/" + d.id;
      d.feed = "Example Wire";
      out.push_back(std::move(d));
    }
    return out;
  }();
  return docs;
}

// ---- rules: 2-6 terms, phrases, prefixes, NOT, NEAR, field scopes and @lists, terms drawn
// uniformly from ranks 30.. (rules name topics, not function words). With `with_except`, the
// `a AND (b OR c) AND NOT d` sixth becomes `a EXCEPT "a d" AND (b OR c)` over the same draws (a
// word minus a phrase that contains it, like 日本 EXCEPT 日本海); the other rules are the same.
struct GeneratedRules {
  std::string yaml;
  std::vector<std::vector<std::string>> positive;  // per rule, its non-negated terms as written
};

struct TermPick {
  std::string query;  // as written in the query
  std::vector<std::string> regex_terms;
};

GeneratedRules generate_rules(std::size_t count, bool with_except = false) {
  const auto& v = vocabulary();
  std::mt19937 rng(static_cast<unsigned>(1000 + count));
  std::uniform_int_distribution<std::size_t> rank(30, v.words.size() - 1);
  const auto word = [&] { return v.words[rank(rng)]; };
  const auto term = [&]() -> std::pair<std::string, std::string> {  // {query form, regex form}
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 6) {
      auto w = word();
      return {w, w};
    }
    if (kind < 8) {
      auto a = word(), b = word();
      return {'"' + a + ' ' + b + '"', a + ' ' + b};
    }
    auto w = word();
    while (w.size() < 5) w = word();
    return {w.substr(0, w.size() - 1) + '*', w.substr(0, w.size() - 1) + '*'};
  };

  GeneratedRules out;
  const std::size_t list_count = std::max<std::size_t>(2, count / 20);
  std::vector<std::vector<std::string>> lists(list_count);
  out.yaml = "lists:\n";
  for (std::size_t l = 0; l < list_count; ++l) {
    out.yaml += "  l" + std::to_string(l) + ": [";
    for (int k = 0, n = 4 + static_cast<int>(rng() % 9); k < n; ++k) {
      auto [q, r] = term();
      out.yaml += (k ? ", '" : "'") + q + "'";
      lists[l].push_back(r);
    }
    out.yaml += "]\n";
  }
  out.yaml += "rules:\n";
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::string> pos;
    const auto t = [&] {
      auto [q, r] = term();
      pos.push_back(r);
      return q;
    };
    const auto list = [&] {
      const auto l = rng() % list_count;
      pos.insert(pos.end(), lists[l].begin(), lists[l].end());
      return "@l" + std::to_string(l);
    };
    std::string q;
    switch (rng() % 6) {
      case 0: q = t() + " AND " + t(); break;
      case 1: q = t() + ' ' + t() + ' ' + t(); break;
      case 2:
        if (with_except) {
          auto a = t(), b = t(), c = t();
          const auto d = word();
          if (a.front() == '"' || a.back() == '*') a = d;  // a word, so that "a d" contains it
          q = a + " EXCEPT \"" + a + ' ' + d + "\" AND (" + b + " OR " + c + ")";
        } else {
          q = t() + " AND (" + t() + " OR " + t() + ") AND NOT " + word();
        }
        break;
      case 3: q = list() + " AND (" + t() + " OR " + t() + ")"; break;
      case 4: q = t() + " NEAR/5 " + t() + " AND " + t(); break;
      default: q = "title:" + t() + " AND " + list() + " AND NOT (" + word() + " OR " + word() + ")"; break;
    }
    out.yaml += "  - {id: r" + std::to_string(i) + ", query: '" + q + "'}\n";
    out.positive.push_back(std::move(pos));
  }
  return out;
}

struct LoadedRules {
  std::shared_ptr<const RuleSet> set;
  double compile_ms = 0;
  std::size_t heap_bytes = 0;  // malloc bytes in use after the load minus before (net)
  long rss_delta_kb = 0;
};

long rss_kb() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4;  // 4 KiB pages
}

const LoadedRules& rule_set(std::size_t count, bool with_except = false) {
  static std::map<std::pair<std::size_t, bool>, LoadedRules> cache;
  if (auto it = cache.find({count, with_except}); it != cache.end()) return it->second;
  auto generated = generate_rules(count, with_except);
  LoadedRules loaded;
  const long rss_before = rss_kb();
  const auto heap_before = mallinfo2().uordblks;
  const auto start = std::chrono::steady_clock::now();
  auto result = newswatch::rules::load_rule_sources({{"bench.yaml", std::move(generated.yaml)}});
  loaded.compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!result.rule_set) {
    std::fprintf(stderr, "bench: generated rules did not load\n");
    int shown = 0;
    for (const auto& d : result.diagnostics.items) {
      if (d.level == newswatch::rules::Diagnostic::Level::error && shown++ < 3) {
        std::fprintf(stderr, "%s\n", d.format().c_str());
      }
    }
    std::exit(1);
  }
  result.diagnostics.items.clear();
  result.diagnostics.items.shrink_to_fit();
  result.tests.clear();
  loaded.heap_bytes = mallinfo2().uordblks - heap_before;
  loaded.rss_delta_kb = rss_kb() - rss_before;
  loaded.set = std::move(result.rule_set);
  return cache.emplace(std::pair{count, with_except}, std::move(loaded)).first->second;
}

// One regex per rule: the alternation of the rule's positive terms with word boundaries, which
// is a cheaper test than the rule (presence of any term), so the baseline is flattered.
std::vector<std::regex> regex_rules(std::size_t count) {
  const auto generated = generate_rules(count);
  std::vector<std::regex> out;
  for (const auto& terms : generated.positive) {
    std::string pattern = "(?:";
    for (std::size_t k = 0; k < terms.size(); ++k) {
      std::string t = terms[k];
      const bool prefix = !t.empty() && t.back() == '*';
      if (prefix) t.pop_back();
      std::string body;
      for (const char c : t) body += c == ' ' ? std::string("\\W+") : std::string(1, c);
      pattern += (k ? "|" : "") + std::string("\\b") + body + (prefix ? "\\w*" : "\\b");
    }
    pattern += ")";
    out.emplace_back(pattern, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  }
  return out;
}

void match_corpus(benchmark::State& state, bool with_except) {
  const auto& rules = *rule_set(static_cast<std::size_t>(state.range(0)), with_except).set;
  const auto& docs = corpus();
  std::size_t i = 0, matches = 0;
  for (auto _ : state) {
    auto m = rules.match(docs[i]);
    matches += m.size();
    benchmark::DoNotOptimize(m);
    if (++i == docs.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["matches_per_item"] =
      static_cast<double>(matches) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}

void BM_RuleSet(benchmark::State& state) { match_corpus(state, false); }
void BM_RuleSetExcept(benchmark::State& state) { match_corpus(state, true); }

void BM_RegexLoop(benchmark::State& state) {
  const auto regexes = regex_rules(static_cast<std::size_t>(state.range(0)));
  const auto& docs = corpus();
  std::size_t i = 0, matches = 0;
  for (auto _ : state) {
    const auto& d = docs[i];
    for (const auto& re : regexes) {
      if (std::regex_search(d.title, re) || std::regex_search(d.summary, re)) ++matches;
    }
    if (++i == docs.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["matches_per_item"] =
      static_cast<double>(matches) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}

BENCHMARK(BM_RuleSet)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
// The same sets with a sixth of the rules using EXCEPT instead of NOT.
BENCHMARK(BM_RuleSetExcept)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RegexLoop)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// Keeps items/s per benchmark name for the summary.
class Recorder : public benchmark::ConsoleReporter {
 public:
  Recorder() : ConsoleReporter(OO_Tabular) {}  // no colour codes: the output is pasted into docs
  std::map<std::string, double> items_per_second;  // by name without "/min_time:..."
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (const auto it = run.counters.find("items_per_second"); it != run.counters.end()) {
        auto name = run.benchmark_name();
        name = name.substr(0, name.find("/min_time"));
        items_per_second[name] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

// The second of two passes over the corpus (the first warms the normaliser's caches), on its
// own so that callgrind can count just it:
//   valgrind --tool=callgrind --toggle-collect='*measured_pass*'
//            newswatch_bench_rules --profile=N
// Instruction counts, unlike wall time on a shared machine, repeat exactly.
[[gnu::noinline]] std::size_t measured_pass(const RuleSet& rules) {
  std::size_t matches = 0;
  for (const auto& d : corpus()) matches += rules.match(d).size();
  return matches;
}

int profile(std::size_t count, bool with_except) {
  const auto& rules = *rule_set(count, with_except).set;
  for (const auto& d : corpus()) benchmark::DoNotOptimize(rules.match(d));
  const auto start = std::chrono::steady_clock::now();
  const auto matches = measured_pass(rules);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu rules: %zu items in %.1f ms (%.2f us/item), %zu matches\n", count, corpus().size(), ms,
              ms * 1000 / static_cast<double>(corpus().size()), matches);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]).starts_with("--profile=")) {
    return profile(std::strtoul(argv[1] + 10, nullptr, 10), false);
  }
  if (argc == 2 && std::string_view(argv[1]).starts_with("--profile-except=")) {
    return profile(std::strtoul(argv[1] + 17, nullptr, 10), true);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  corpus();
  Recorder recorder;
  benchmark::RunSpecifiedBenchmarks(&recorder);
  const auto& ips = recorder.items_per_second;
  const auto get = [&](const std::string& name) {
    const auto it = ips.find(name);
    return it == ips.end() ? 0.0 : it->second;
  };
  std::printf("\nsummary (targets from the rules issue)\n");
  for (const std::size_t n : {10, 100, 1000, 10000}) {
    const double ours = get("BM_RuleSet/" + std::to_string(n));
    const double regex = get("BM_RegexLoop/" + std::to_string(n));
    if (ours == 0) continue;
    std::printf("  %6zu rules: RuleSet %10.0f items/s", n, ours);
    if (regex > 0) std::printf("   regex loop %8.1f items/s   ratio %7.1fx", regex, ours / regex);
    std::printf("\n");
  }
  const double r1000 = get("BM_RuleSet/1000"), x1000 = get("BM_RegexLoop/1000");
  if (r1000 > 0 && x1000 > 0) {
    std::printf("  ours/regex at 1 000 rules: %.0fx (target >= 50x) %s\n", r1000 / x1000,
                r1000 / x1000 >= 50 ? "OK" : "MISSED");
  }
  const double r100 = get("BM_RuleSet/100"), r10000 = get("BM_RuleSet/10000");
  if (r100 > 0 && r10000 > 0) {
    std::printf("  cost(10 000)/cost(100): %.2f (target <= 3) %s\n", r100 / r10000,
                r100 / r10000 <= 3 ? "OK" : "MISSED");
    std::printf("  items/s at 10 000 rules: %.0f (target >= 20 000) %s\n", r10000,
                r10000 >= 20000 ? "OK" : "MISSED");
  }
  for (const std::size_t n : {1000, 10000}) {
    const double plain = get("BM_RuleSet/" + std::to_string(n)), except = get("BM_RuleSetExcept/" + std::to_string(n));
    if (plain > 0 && except > 0) {
      std::printf("  %6zu rules, a sixth with EXCEPT instead of NOT: %10.0f items/s (%.2f of the NOT set)\n", n,
                  except, except / plain);
    }
  }
  const auto& big = rule_set(10000);
  std::printf("  10 000 rules: compile %.0f ms, heap in use %.1f MiB, RSS delta %.1f MiB\n",
              big.compile_ms, static_cast<double>(big.heap_bytes) / (1 << 20),
              static_cast<double>(big.rss_delta_kb) / 1024);
  return 0;
}
