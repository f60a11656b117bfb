// SPDX-License-Identifier: MIT
#pragma once
// The format readers behind parse_feed(): each fills a Feed from a document whose root element
// it was chosen for (see feed_parser.cpp for the detection). They add warnings for what they
// drop or cannot read (bad dates, items past the cap) and never fail. Item ids are left empty
// when the document has none; the dispatcher assigns them (item_id.hpp).

#include <pugixml.hpp>

#include <cstddef>
#include <string_view>

#include "feeds/feed.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace newswatch::feeds::detail {

inline constexpr std::size_t kMaxItems = 10'000;

// <rss> (0.91, 0.92, 2.0: elements in the root's namespace, normally none) and <rdf:RDF>
// (RSS 1.0 and 0.90: channel and items are siblings, in `core_ns`).
void read_rss(pugi::xml_node root, std::string_view core_ns, const ParseOptions& options, Feed& feed);

// <feed> in the Atom 1.0 or 0.3 namespace (`ns`).
void read_atom(pugi::xml_node root, std::string_view ns, const ParseOptions& options, Feed& feed);

// Shared by the readers: a date element's text → time, with a warning naming its owner on failure:
// "channel" or "feed", or item `index` with its title (that label is built only when needed).
std::optional<TimePoint> read_date(pugi::xml_node node, std::string_view what, std::string_view owner,
                                   Feed& feed);
std::optional<TimePoint> read_date(pugi::xml_node node, std::string_view what, std::size_t index,
                                   std::string_view title, Feed& feed);

// Appends `value` unless empty or already present.
void add_unique(std::vector<std::string>& list, std::string value);

}  // namespace newswatch::feeds::detail
