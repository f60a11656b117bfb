// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_encoding.hpp"

#include <algorithm>
#include <cctype>

namespace newswatch::daemon {
namespace {

constexpr std::size_t kEncodedLine = 76;  // RFC 2047 §2: lines holding encoded-words
constexpr std::size_t kPlainLine = 78;    // RFC 5322 §2.1.1: SHOULD
constexpr std::size_t kPhraseWord = 64;   // encoded-words in display names
constexpr std::string_view kWordOpen = "=?UTF-8?B?";
constexpr std::string_view kWordClose = "?=";

// Bytes of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Encoded-words for `text`; the first must fit in `first_room` characters, the rest in `room`.
std::vector<std::string> encoded_words(std::string_view text, std::size_t first_room, std::size_t room) {
  std::vector<std::string> words;
  const std::size_t later_room = room;
  room = first_room;
  while (!text.empty()) {
    const std::size_t overhead = kWordOpen.size() + kWordClose.size();
    // Characters of base64 that fit, in whole quanta of 4, carry 3 bytes each.
    const std::size_t max_bytes = room > overhead + 4 ? (room - overhead) / 4 * 3 : 3;
    std::size_t take = 0;
    while (take < text.size()) {
      const std::size_t len = std::min(sequence_length(static_cast<unsigned char>(text[take])), text.size() - take);
      if (take + len > max_bytes && take > 0) break;
      take += len;
    }
    words.push_back(std::string(kWordOpen) + base64(text.substr(0, take)) + std::string(kWordClose));
    text.remove_prefix(take);
    room = later_room;
  }
  return words;
}

// Plain text folded before spaces: every line but the first starts with the space it broke at.
std::string fold_plain(std::string_view name, std::string_view text) {
  std::string out = std::string(name) + ":";
  std::size_t line = out.size();
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    auto next = text.find(' ', pos + 1);
    if (next == std::string_view::npos) next = text.size();
    // The piece is " word" (the space is where a fold may go); the first one follows ": ".
    std::string_view piece = text.substr(pos, next - pos);
    if (first) {
      out += ' ';
      ++line;
      first = false;
    } else if (line + piece.size() > kPlainLine) {
      out += "\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
    pos = next;
  }
  return out + "\r\n";
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const auto rest = bytes.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_lines(std::string_view bytes) {
  const auto encoded = base64(bytes);
  std::string out;
  for (std::size_t pos = 0; pos < encoded.size(); pos += kEncodedLine) {
    out.append(encoded, pos, kEncodedLine);
    out += "\r\n";
  }
  return out;
}

bool is_plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

std::string header_safe(std::string_view text) {
  std::string out(text);
  std::replace_if(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }, ' ');
  const auto begin = out.find_first_not_of(' ');
  if (begin == std::string::npos) return {};
  return out.substr(begin, out.find_last_not_of(' ') - begin + 1);
}

std::string unstructured_header(std::string_view name, std::string_view utf8_text) {
  const auto text = header_safe(utf8_text);
  // "=?" in plain text would read as the start of an encoded-word: encode such text too.
  if (is_plain_ascii(text) && text.find("=?") == std::string::npos) return fold_plain(name, text);
  std::string out = std::string(name) + ":";
  // Each word after the first goes on a line of its own, after one space.
  const auto words = encoded_words(text, kEncodedLine - out.size() - 1, kEncodedLine - 1);
  for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? " " : "\r\n ") + words[i];
  return out + "\r\n";
}

std::string encode_phrase(std::string_view utf8_name) {
  const auto name = header_safe(utf8_name);
  if (!is_plain_ascii(name) || name.find("=?") != std::string::npos) {
    // Words are separated by spaces here, where list_header may fold; short enough to follow
    // "From: " or "Reply-To: " on one line.
    std::string out;
    for (const auto& word : encoded_words(name, kPhraseWord, kPhraseWord)) out += (out.empty() ? "" : " ") + word;
    return out;
  }
  const bool atoms_only = std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == ' ' || std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (atoms_only) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string list_header(std::string_view name, const std::vector<std::string>& items) {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) joined += (i ? ", " : "") + items[i];
  // Folds at any space, between items or inside a display name of several encoded-words.
  return fold_plain(name, joined);
}

}  // namespace newswatch::daemon
