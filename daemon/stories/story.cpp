// SPDX-License-Identifier: MIT
#include "daemon/stories/story.hpp"

#include <algorithm>
#include <set>

namespace newswatch::daemon {

std::size_t Story::outlet_count() const {
  std::set<std::string_view> outlets;
  for (const auto& source : sources) outlets.insert(source.feed);
  return outlets.size();
}

std::optional<double> Story::tone() const {
  if (tone_count == 0) return std::nullopt;
  return tone_sum / tone_count;
}

void refresh_centroid(Story& story) {
  story.centroid.clear();
  for (const auto& member : story.members)
    for (const auto& [term, weight] : member) story.centroid[term] += weight;
}

bool Story::was_notified(const std::string& receiver) const {
  return std::find(notified.begin(), notified.end(), receiver) != notified.end();
}

}  // namespace newswatch::daemon
