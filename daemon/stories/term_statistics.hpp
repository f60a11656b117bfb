// SPDX-License-Identifier: MIT
#pragma once
// Document frequencies over the most recent items, for inverse document frequency: a term that
// every item carries ("japan" in a Japan–China watch) says little about which event an item
// reports; a name that two items share says a lot. Counts every new item, matched or not, so the
// weights follow what the feeds are writing about this week.
//
// Cold start: `prior_documents` imaginary documents that contain no term keep the first few
// items from giving every shared word a weight of zero. Io thread only (not synchronised).

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/stories/story.hpp"

namespace newswatch::daemon {

class TermStatistics {
 public:
  explicit TermStatistics(std::size_t window = 5000, double prior_documents = 2.0)
      : window_(window), prior_(prior_documents) {}

  // One more document; the oldest is forgotten once there are more than `window`.
  void add(const TermVector& document);
  // log((N + prior + 1) / (df + 1)): above zero for every term, highest for terms never seen.
  double idf(std::string_view term) const;
  std::size_t documents() const { return history_.size(); }

 private:
  std::size_t window_;
  double prior_;
  std::deque<std::vector<std::string>> history_;
  std::unordered_map<std::string, int> frequency_;
};

}  // namespace newswatch::daemon
