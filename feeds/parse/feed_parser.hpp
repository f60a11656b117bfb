// SPDX-License-Identifier: MIT
#pragma once
// Entry point of feed parsing: bytes in, a Feed out. The format is detected from the content.
// Pure function, safe on any thread (no shared state); never throws on bad input.
//
// Formats (Feed::format), from the root element and its namespace:
//   <rss version="2.0|0.91|0.92|...">            "rss2.0", "rss0.91", "rss0.92", ...
//   <rdf:RDF> with an RSS 1.0 / 0.90 channel      "rss1.0", "rss0.90"
//   <feed> in the Atom 1.0 / 0.3 namespace        "atom1.0", "atom0.3"
//   a JSON object with a jsonfeed.org "version"   "jsonfeed1.0", "jsonfeed1.1"
//                                                 (field mapping: detail/json_feed_reader.hpp)
// Anything else (HTML, plain text, other JSON, other XML) is not a feed: ParseOutcome::error
// holds one line saying why, and `feed` is empty. A JSON document is a feed when what could be
// read of it names a JSON Feed version; broken JSON then keeps its complete items, as XML does.
//
// What the Feed holds (see feed.hpp, item.hpp):
//   - Text: plain UTF-8, always well-formed. Titles, names and categories are one line; summaries,
//     content and the feed description keep paragraphs as '\n' (detail/html_text.hpp).
//     RSS description (else dc:description) → summary, content:encoded → content; Atom
//     summary/content as typed (text, html, xhtml). Nothing is moved between summary and content.
//     Character references to surrogates or past U+10FFFF become U+FFFD, with a warning.
//   - People and categories: an RSS author's name is taken out of "addr (Name)", "Name (addr)"
//     and "Name <addr>". An Atom category gives its label, and its term as well when that says
//     more than the label in another case.
//   - Times: UTC (dates.hpp). RSS pubDate or dc:date → published; atom:updated inside RSS →
//     updated. Atom published (0.3 issued/created) → published, updated (0.3 modified) → updated.
//     An unparseable date is null plus a warning naming the item.
//   - Links: absolute where a base is known. RSS resolves against xml:base, then the channel link,
//     then options.base_url; Atom against xml:base, then options.base_url (RFC 4287 has no other).
//     An Atom link without href gives its text content instead (a common writer's mistake).
//   - Item ids: guid / atom:id / rdf:about; else the link; else "fnv1a64:<16 hex>" over title,
//     date and summary (detail/item_id.hpp). Never empty.
//   - Encoding: BOM, then the charset in options.content_type, then the XML declaration, then
//     UTF-8, then a guess from the content (uchardet) when none of those decodes cleanly
//     (encoding.hpp). Undecodable bytes become U+FFFD with a warning.
//
// Broken input, leveldb-style: malformed XML keeps every item that parsed; an item the error
// falls in is dropped and named in a warning ("item 3 ('Title') dropped: XML error at line 40,
// column 7: ..."), and parsing resumes at the next item. A feed is returned with warnings even
// when nothing but its root element survived. At most 10 000 items (the rest are counted in a
// warning) and 100 warnings are kept.

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
