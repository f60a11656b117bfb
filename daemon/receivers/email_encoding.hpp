// SPDX-License-Identifier: MIT
#pragma once
// The byte-level encodings a mail message needs: base64 bodies (RFC 2045) and header fields,
// with RFC 2047 "B" encoded-words when the text is not plain ASCII. Output lines end in CRLF and
// stay within RFC 2047's 76 characters (encoded-words) or RFC 5322's 78 (plain text, where a word
// allows). Pure; safe on any thread; never throws on odd input (invalid UTF-8 is cut as bytes).

#include <string>
#include <string_view>
#include <vector>

namespace newswatch::daemon {

std::string base64(std::string_view bytes);

// base64 in lines of 76 characters, each ending in CRLF (a MIME body).
std::string base64_lines(std::string_view bytes);

// Printable ASCII and spaces only: such text goes into a header as it is.
bool is_plain_ascii(std::string_view text);

// Control characters (CR, LF, TAB, ...) become spaces and the ends are trimmed, so that a value
// from a feed can never start a new header line.
std::string header_safe(std::string_view text);

// "Name: value\r\n" for unstructured text (Subject): folded at spaces when plain ASCII, else a
// run of encoded-words "=?UTF-8?B?...?=", each at most 75 characters and each holding whole
// UTF-8 characters, one per line after the first.
std::string unstructured_header(std::string_view name, std::string_view utf8_text);

// A display name as a phrase: as it is when it is a plain atom run, "quoted" when it holds
// specials, encoded-words (separated by spaces) when it is not ASCII.
std::string encode_phrase(std::string_view utf8_name);

// "Name: a, b, c\r\n", folded between items so lines stay within 78 characters where possible.
std::string list_header(std::string_view name, const std::vector<std::string>& items);

}  // namespace newswatch::daemon
