// SPDX-License-Identifier: MIT
#pragma once
// A parsed feed: channel metadata, its items in document order, and the warnings met on the way
// (a broken item is dropped with a warning naming it; the rest survive). Plain value type.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "feeds/item.hpp"

namespace newswatch::feeds {

struct Feed {
  std::string format;  // "rss2.0", "rss0.91", "rss1.0", "atom1.0", "atom0.3", "jsonfeed1.1", ...
  std::string title;
  std::string link;
  std::string description;
  std::string language;
  std::optional<TimePoint> updated;
  // How often the publisher says the feed changes at most: RSS <ttl> (minutes) or the
  // syndication module's sy:updatePeriod / sy:updateFrequency; the longer of the two.
  std::optional<std::chrono::seconds> min_poll_interval;
  // RSS <skipHours> (UTC hours 0-23) and <skipDays> (0 = Sunday … 6 = Saturday): times the
  // publisher says nothing changes, so polls then are wasted.
  std::vector<int> skip_hours;
  std::vector<int> skip_days;
  std::vector<Item> items;
  std::vector<std::string> warnings;
};

}  // namespace newswatch::feeds
