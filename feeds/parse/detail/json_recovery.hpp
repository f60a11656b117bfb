// SPDX-License-Identifier: MIT
#pragma once
// Loading a JSON document while keeping what can be kept when it is broken, as xml_recovery.hpp
// does for XML: a download cut short, or a syntax error half-way, still yields every value that
// was complete before the error.
//
// The document is read with nlohmann's SAX interface into a tree. At the first error reading
// stops; the containers still open then are incomplete. Of those, the outermost one that is an
// array element (a half-read item of "items") is removed and named in `dropped`; incomplete
// objects that are values of a key (the root object, the "items" array) are kept with the
// members read so far. Private to feeds/parse; pure function, never throws on bad input.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace newswatch::feeds::detail {

struct LoadedJson {
  nlohmann::json doc;             // null when not even one value was read
  std::string error;              // "line L, column C: message"; empty when the JSON is valid
  bool cut_short = false;         // the error is the end of the input
  std::optional<std::string> dropped_parent;  // key of the array that lost an element ("items"),
  std::size_t dropped_index = 0;              // and that element's index (0-based)
  std::string dropped_title;                  // its "title" as far as it was read, if any
};

LoadedJson load_json(std::string_view utf8);

}  // namespace newswatch::feeds::detail
