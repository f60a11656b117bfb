// SPDX-License-Identifier: MIT
#pragma once
// JSON Feed 1.0 and 1.1 (jsonfeed.org/version/1.1), read into the same Feed as RSS and Atom.
// Private to feeds/parse; parse_feed() calls it for documents that start with '{'.
//
//   version "https://jsonfeed.org/version/1" → "jsonfeed1.0", ".../1.1" → "jsonfeed1.1" (another
//   jsonfeed.org version is read as 1.1 with a warning); http:// is accepted too.
//   feed: title, home_page_url → link, description, language (1.1), authors (1.1) / author (1.0).
//   item: id (a number is accepted as text), url → link (else external_url), title,
//     content_html (as HTML) or else content_text (plain, paragraphs kept) → content, summary,
//     date_published / date_modified → published / updated (RFC 3339), authors / author → authors,
//     tags → categories, attachments (url, mime_type, size_in_bytes) → enclosures.
//   Relative URLs are resolved against options.base_url, else the feed's feed_url.
// A field of the wrong JSON type is ignored; an item that is not an object is skipped with a
// warning. Broken JSON (a download cut short, a syntax error) keeps every item completed before
// the error, drops the one it fell in and says so in a warning (detail/json_recovery.hpp), as
// long as what was read carries a JSON Feed "version"; JSON that is not a JSON Feed, or broken
// before its version could be read, is not a feed: the result holds the error. Nesting deeper than kMaxJsonDepth is refused before parsing. Never throws
// (nlohmann::json is used without exceptions). Pure function; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "feeds/feed.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace newswatch::feeds::detail {

inline constexpr int kMaxJsonDepth = 64;

struct JsonFeedResult {
  std::optional<Feed> feed;
  std::string error;  // set iff !feed; one line, "not a feed: ..."
};

// `utf8` is the whole document, already decoded (encoding.hpp).
JsonFeedResult read_json_feed(std::string_view utf8, const ParseOptions& options);

}  // namespace newswatch::feeds::detail
