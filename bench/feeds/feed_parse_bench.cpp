// SPDX-License-Identifier: MIT
// parse_feed() against a bare pugixml DOM parse of the same bytes, in the same run (issue 3:
// a complete parse, text normalisation included, at no less than a third of the DOM speed).
//
//   pugixml_dom  pugi::xml_document::load_buffer on each feed: the baseline
//   parse_feed   charset detection, XML with recovery, format detection, reading, HTML → text,
//                dates, URL resolution, item ids
//
// Both report MB/s (bytes_per_second) and items/s; after the run a summary line prints the ratio
// parse_feed / pugixml_dom and whether the 1/3 target is met. Options: --corpus_mb=N (default 8),
// --profile=parse_feed|pugixml_dom (one untimed pass, for callgrind; --passes=N for N of them,
// for `perf stat`, which counts cycles more steadily than wall time on a shared machine), and the
// usual --benchmark_* flags. See docs/performance-feeds.md.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <pugixml.hpp>

#include "bench/feeds/feed_corpus.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace {

using newswatch::bench::Corpus;

std::size_t g_corpus_mb = 8;

const Corpus& corpus() {
  static const Corpus c = newswatch::bench::make_feed_corpus(g_corpus_mb * 1024 * 1024);
  return c;
}

void set_counters(benchmark::State& state) {
  const auto& c = corpus();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.total_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.total_items));
  state.counters["feeds"] = static_cast<double>(c.feeds.size());
}

// One pass over the corpus each; they return an error message or "". Kept out of line so that a
// profiler can collect exactly one pass (--profile=NAME, see main).
[[gnu::noinline]] std::string pass_pugixml_dom() {
  for (const auto& f : corpus().feeds) {
    pugi::xml_document doc;
    auto result = doc.load_buffer(f.bytes.data(), f.bytes.size());
    benchmark::DoNotOptimize(result.status);
    if (!result) return "pugixml rejected a corpus feed";
  }
  return {};
}

[[gnu::noinline]] std::string pass_parse_feed() {
  std::size_t items = 0;
  for (const auto& f : corpus().feeds) {
    auto outcome = newswatch::feeds::parse_feed(f.bytes);
    if (!outcome.feed) return "parse_feed rejected a corpus feed: " + outcome.error;
    items += outcome.feed->items.size();
    benchmark::DoNotOptimize(outcome.feed->items.data());
  }
  return items == corpus().total_items ? std::string() : "parse_feed lost items of the corpus";
}

void BM_PugixmlDom(benchmark::State& state) {
  for (auto _ : state) {
    if (auto error = pass_pugixml_dom(); !error.empty()) state.SkipWithError(error.c_str());
  }
  set_counters(state);
}

void BM_ParseFeed(benchmark::State& state) {
  for (auto _ : state) {
    if (auto error = pass_parse_feed(); !error.empty()) state.SkipWithError(error.c_str());
  }
  set_counters(state);
}

BENCHMARK(BM_PugixmlDom)->Name("pugixml_dom")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFeed)->Name("parse_feed")->Unit(benchmark::kMillisecond);

// Console output as usual, plus the ratio of the two throughputs once both have run. With
// --benchmark_repetitions the medians are compared (the aggregates named "..._median").
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const bool aggregate = r.run_type == Run::RT_Aggregate;
      if (aggregate && r.aggregate_name != "median") continue;
      const auto base = r.run_name.function_name;
      const auto it = r.counters.find("bytes_per_second");
      if (it == r.counters.end()) continue;
      // An aggregate (median) replaces the single runs; otherwise keep the best single run.
      auto& slot = rates_[base];
      if (aggregate) {
        slot = {it->second.value, true};
      } else if (!slot.from_median && it->second.value > slot.rate) {
        slot.rate = it->second.value;
      }
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto dom = rates_.find("pugixml_dom");
    const auto ours = rates_.find("parse_feed");
    if (dom == rates_.end() || ours == rates_.end() || dom->second.rate <= 0) return;
    const double ratio = ours->second.rate / dom->second.rate;
    const auto& c = corpus();
    std::printf(
        "\ncorpus: %zu feeds, %.2f MB, %zu items\n"
        "pugixml_dom %.1f MB/s, parse_feed %.1f MB/s: ratio %.3f (1/%.2f); target >= 0.333: %s\n",
        c.feeds.size(), static_cast<double>(c.total_bytes) / 1e6, c.total_items,
        dom->second.rate / 1e6, ours->second.rate / 1e6, ratio, 1.0 / ratio,
        ratio >= 1.0 / 3.0 ? "met" : "MISSED");
  }

 private:
  struct Rate {
    double rate = 0;
    bool from_median = false;
  };
  std::map<std::string, Rate> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  // Our own flag first, so benchmark::Initialize does not reject it.
  int kept = 1;
  std::string profile;
  int passes = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus_mb=", 12) == 0) {
      g_corpus_mb = static_cast<std::size_t>(std::max(1, std::atoi(argv[i] + 12)));
    } else if (std::strncmp(argv[i], "--profile=", 10) == 0) {
      profile = argv[i] + 10;
    } else if (std::strncmp(argv[i], "--passes=", 9) == 0) {
      passes = std::max(0, std::atoi(argv[i] + 9));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (!profile.empty()) {
    // One pass, no timing: for `valgrind --tool=callgrind --toggle-collect='*pass_*'`.
    corpus();
    std::string error;
    for (int k = 0; k < passes && error.empty(); ++k) {
      error = profile == "parse_feed" ? pass_parse_feed() : pass_pugixml_dom();
    }
    std::printf("%s: %d passes over %zu bytes, %zu items%s%s\n", profile.c_str(), passes,
                corpus().total_bytes, corpus().total_items, error.empty() ? "" : ": ",
                error.c_str());
    return error.empty() ? 0 : 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  corpus();  // generate before timing
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
