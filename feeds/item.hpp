// SPDX-License-Identifier: MIT
#pragma once
// One entry of a feed, as parsed: every text field is plain text (no markup, entities decoded),
// every time is UTC. Plain value type; safe to copy and move between threads.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newswatch::feeds {

using TimePoint = std::chrono::sys_seconds;

struct Enclosure {
  std::string url;
  std::string type;
  std::optional<std::uint64_t> length;
};

struct Item {
  std::string id;       // stable: guid/id, else link, else a hash of title + date + summary
  std::string title;
  std::string link;     // absolute when a base was known
  std::string summary;
  std::string content;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
};

}  // namespace newswatch::feeds
