// SPDX-License-Identifier: MIT
#pragma once
// A deterministic corpus of generated news feeds for the parser benchmark: RSS 2.0 (escaped and
// CDATA HTML, content:encoded, dc:creator, enclosures) and Atom 1.0 (type="html" and "xhtml"),
// with named and numeric entities, double-escaped entities, and about a quarter of the items in
// Japanese or Chinese. All text is made up here. Same seed → same bytes, on any machine.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace newswatch::bench {

struct CorpusFeed {
  std::string bytes;
  std::size_t items = 0;
  bool atom = false;
};

struct Corpus {
  std::vector<CorpusFeed> feeds;
  std::size_t total_bytes = 0;
  std::size_t total_items = 0;
};

// Feeds are generated until their total size reaches `target_bytes`.
Corpus make_feed_corpus(std::size_t target_bytes, std::uint64_t seed = 20241115);

}  // namespace newswatch::bench
