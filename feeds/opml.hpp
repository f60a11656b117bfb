// SPDX-License-Identifier: MIT
#pragma once
// OPML feed lists (what feed readers export): every <outline> with an xmlUrl is a feed; outlines
// without one are folders, and their titles become the feed's folder path. Nested to any depth.
// Duplicate URLs are kept once; non-http(s) URLs are skipped with a warning.
// Pure function, safe on any thread; never throws on bad input.

#include <string>
#include <string_view>
#include <vector>

namespace newswatch::feeds {

struct OpmlFeed {
  std::string url;
  std::string title;                 // the outline's title, else its text, else the URL
  std::vector<std::string> folders;  // enclosing folder titles, outermost first
};

struct OpmlList {
  std::vector<OpmlFeed> feeds;
  std::vector<std::string> warnings;
  std::string error;  // set when the bytes are not an OPML document; feeds is then empty
};

OpmlList parse_opml(std::string_view bytes);

}  // namespace newswatch::feeds
