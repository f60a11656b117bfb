// SPDX-License-Identifier: MIT
#pragma once
// Character encoding of a fetched document: bytes in whatever the server sent → UTF-8.
//
// Which charset is used, first match wins:
//   1. a byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
//   2. the `charset` parameter of the HTTP Content-Type (RFC 7303 puts it above the declaration);
//   3. the XML declaration's encoding="..."; without a BOM, UTF-16 and UTF-32 are told by the
//      zero bytes around the first '<' and EBCDIC by "<?xm" in EBCDIC, whose declaration then
//      names the code page (XML 1.0 Appendix F);
//   4. UTF-8;
//   5. when none of those decodes the bytes cleanly (nothing declared and not UTF-8, or a
//      declaration that yields invalid sequences): uchardet's guess from the content, if it
//      decodes with fewer invalid sequences, with a warning naming the guess. Only with enough
//      evidence: 16 or more bytes >= 0x80, fewer of them in well-formed UTF-8 sequences than
//      not (so a UTF-8 feed with a stray byte keeps its UTF-8 and gets one U+FFFD).
// A candidate that cannot decode the bytes cleanly while a later one can (a server that says
// charset=utf-8 for a Shift_JIS file) yields to it, with a warning. A declaration that decodes
// cleanly is believed even if it is wrong (a Shift_JIS body labelled EUC-KR can decode cleanly
// into nonsense); only invalid sequences show that a label lies. A body without a BOM that is
// valid UTF-8 and has non-ASCII bytes is read as UTF-8 whatever its label (servers and templates
// say ISO-8859-1 by default; real legacy-charset text is practically never valid UTF-8), with a
// warning when the label said otherwise. As browsers do (WHATWG
// Encoding), ISO-8859-1, Latin-1 and US-ASCII are read as windows-1252, and GB2312 as GBK.
// Invalid or unmappable bytes become U+FFFD and are counted in a warning: decoding never fails.
// NUL characters, which XML forbids, are dropped. The result has no BOM. The XML declaration is
// left as it was: give the text to the XML parser as UTF-8 explicitly, not by its declaration.
// Pure functions; thread-safe (each call opens its own ICU converter).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::feeds {

// Numeric character references in a text ("&#8217;", "&#x201C;") that an XML parser turns into
// something needing care: pugixml writes a reference to a surrogate or past U+10FFFF ("&#xD800;")
// as bytes that are not UTF-8, and one to a C1 control ("&#146;") as that control.
struct CharReferences {
  bool bad = false;  // to a surrogate or past U+10FFFF
  bool c1 = false;   // to U+0080..U+009F
};

CharReferences find_char_references(std::string_view text);

struct DecodedText {
  std::string utf8;
  std::string charset;   // the charset the bytes were read as, as named by its source ("UTF-8")
  std::size_t replaced = 0;  // sequences replaced by U+FFFD
  std::vector<std::string> warnings;
  CharReferences references;  // find_char_references(utf8), found while decoding
};

DecodedText decode_to_utf8(std::string_view bytes, std::string_view content_type = {});

// "text/xml; charset=\"Shift_JIS\"" → "Shift_JIS"; "" when there is no charset parameter.
std::string charset_from_content_type(std::string_view content_type);

// The encoding named by an XML declaration at the start of `bytes` (ASCII-compatible or UTF-16
// without BOM), or "" when there is none.
std::string xml_declared_encoding(std::string_view bytes);

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// Makes `text` well-formed UTF-8 in place: each maximal ill-formed subsequence becomes U+FFFD.
// Returns how many were replaced. (pugixml turns "&#xD800;" into surrogate bytes, and JSON
// writers such as nlohmann::json throw on those: every string leaving the parser goes through here.)
std::size_t repair_utf8(std::string& text);

// The first `max_bytes` bytes of `text` or fewer, never splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace newswatch::feeds
