// SPDX-License-Identifier: MIT
#include "daemon/stories/term_statistics.hpp"

#include <cmath>

namespace newswatch::daemon {

void TermStatistics::add(const TermVector& document) {
  std::vector<std::string> terms;
  terms.reserve(document.size());
  for (const auto& [term, weight] : document) {
    ++frequency_[term];
    terms.push_back(term);
  }
  history_.push_back(std::move(terms));
  while (history_.size() > window_) {
    for (const auto& term : history_.front()) {
      auto it = frequency_.find(term);
      if (it != frequency_.end() && --it->second == 0) frequency_.erase(it);
    }
    history_.pop_front();
  }
}

double TermStatistics::idf(std::string_view term) const {
  const auto it = frequency_.find(std::string(term));
  const double df = it == frequency_.end() ? 0.0 : it->second;
  return std::log((static_cast<double>(history_.size()) + prior_ + 1.0) / (df + 1.0));
}

}  // namespace newswatch::daemon
