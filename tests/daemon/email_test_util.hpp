// SPDX-License-Identifier: MIT
#pragma once
// Decoders for the email tests: the inverse of what daemon/receivers/email_encoding.hpp writes,
// written independently so that a test does not check the encoder against itself.

#include <string>
#include <string_view>
#include <vector>

namespace newswatch::daemon::test {

inline std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) continue;  // '=', CR, LF
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Complete UTF-8 sequences only (no character cut in two).
inline bool whole_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// The encoded-words "=?UTF-8?B?...?=" in a header value.
inline std::vector<std::string> encoded_words(std::string_view value) {
  std::vector<std::string> words;
  for (auto pos = value.find("=?"); pos != std::string_view::npos; pos = value.find("=?", pos)) {
    const auto end = value.find("?=", pos + 10);
    if (end == std::string_view::npos) break;
    words.emplace_back(value.substr(pos, end + 2 - pos));
    pos = end + 2;
  }
  return words;
}

// RFC 2047 decoding of a header value made only of B encoded-words (the folding between them
// is ignored, as the RFC says).
inline std::string decode_words(std::string_view value) {
  std::string out;
  for (const auto& word : encoded_words(value)) out += base64_decode(std::string_view(word).substr(10, word.size() - 12));
  return out;
}

// The unfolded value of the first header `name` in a message ("" if none).
inline std::string header_value(const std::string& message, const std::string& name) {
  const auto head_end = message.find("\r\n\r\n");
  const std::string head = message.substr(0, head_end);
  std::size_t start = std::string::npos;
  if (head.compare(0, name.size() + 1, name + ":") == 0) start = 0;
  else if (const auto at = head.find("\r\n" + name + ":"); at != std::string::npos) start = at + 2;
  if (start == std::string::npos) return {};
  std::string value;
  std::size_t pos = start + name.size() + 1;
  while (true) {
    const auto eol = head.find("\r\n", pos);
    value += head.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (eol == std::string::npos || eol + 2 >= head.size() || (head[eol + 2] != ' ' && head[eol + 2] != '\t')) break;
    pos = eol + 2;
  }
  const auto first = value.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : value.substr(first);
}

}  // namespace newswatch::daemon::test
