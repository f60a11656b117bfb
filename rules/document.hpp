// SPDX-License-Identifier: MIT
#pragma once
// What rules match: the text fields of one news item. rules/ knows nothing of feeds; the daemon
// adapts a feeds::Item (plus its feed's name) into a Document. Plain value type.

#include <chrono>
#include <optional>
#include <string>

namespace newswatch::rules {

struct Document {
  std::string id;
  std::string title;
  std::string summary;
  std::string content;
  std::string link;
  std::string feed;      // the feed's name or title
  std::string language;  // declared language, e.g. "en", "ja", "zh-CN"; may be empty
  std::optional<std::chrono::sys_seconds> published;
};

}  // namespace newswatch::rules
