// SPDX-License-Identifier: MIT
#pragma once
// Entry point of feed parsing: bytes in, a Feed out. The format is detected from the content.
// Pure function, safe on any thread; never throws on bad input.

#include <optional>
#include <string>
#include <string_view>

#include "feeds/feed.hpp"

namespace newswatch::feeds {

struct ParseOptions {
  std::string base_url;      // request URL, used to resolve relative links (may be empty)
  std::string content_type;  // HTTP Content-Type header, e.g. "application/xml; charset=Shift_JIS"
};

struct ParseOutcome {
  std::optional<Feed> feed;  // set when the bytes are a feed, even a partly broken one
  std::string error;         // one line, set iff !feed: why this is not a feed
};

ParseOutcome parse_feed(std::string_view bytes, const ParseOptions& options = {});

}  // namespace newswatch::feeds
