// SPDX-License-Identifier: MIT
#pragma once
// Loading a feed document with pugixml, keeping what can be kept when the XML is broken
// (leveldb's log reader in spirit: report the corruption, drop the damaged record, go on).
//
//   parse ──ok──────────────────────────────────────────────► done
//     │ error at offset O
//     ▼
//   last <item>/<entry> begun before O still open at O? ──no──► keep the partial tree, warn
//     │ yes: that record is broken
//     ▼
//   cut it out (up to the next <item>/<entry> start tag, or to the end) and parse again
//     (at most kMaxRepairs times; each cut drops one record and adds a warning naming it)
//
// So a bad character inside item 2 of 4 loses item 2 only, and a truncated download loses only
// the item it was cut in. Offsets in warnings are reported as line:column of the input given.

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::feeds::detail {

inline constexpr int kMaxRepairs = 20;

// The pugixml flags of every feed document. An element's leading text is kept in its value, not
// in a node of its own (parse_embed_pcdata): most elements of a feed hold one run of text, read
// then with two calls into libpugixml instead of four, and pugixml allocates a node fewer for
// each. The readers (xml_text.hpp) read both shapes: read text through element_text(),
// raw_content_view() or child_value(), never first_child().value(), which misses it. No processing
// instructions, declarations or comments: inside the root element, an element is the only node
// with a name.
inline constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_embed_pcdata;

struct LoadedXml {
  std::unique_ptr<pugi::xml_document> doc;  // never null; may be empty
  bool clean = false;                       // parsed without any error
  std::string first_error;                  // "line L, column C: message" of the first error
  std::vector<std::string> warnings;
};

// `utf8` must be UTF-8 (see encoding.hpp); any XML declaration's encoding is ignored.
LoadedXml load_xml(std::string_view utf8);

// The fast path for the common case, a well-formed document: parsed in place, so pugixml neither
// allocates nor copies a buffer of its own. `utf8` must outlive the document, and its contents
// are pugixml's afterwards (text decoded in place). Returns a document only when the XML is clean
// (`clean` set); otherwise an empty LoadedXml: call load_xml() on an intact copy of the text.
LoadedXml load_clean_xml_in_place(std::string& utf8);

// "line L, column C" of a byte offset in `text` (1-based; columns count code points).
std::string describe_offset(std::string_view text, std::size_t offset);

}  // namespace newswatch::feeds::detail
