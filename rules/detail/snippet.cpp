// SPDX-License-Identifier: MIT
#include "rules/detail/snippet.hpp"

#include <algorithm>

namespace newswatch::rules::detail {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t back_one(std::string_view s, std::size_t i) {
  if (i == 0) return 0;
  --i;
  while (i > 0 && continuation(static_cast<unsigned char>(s[i]))) --i;
  return i;
}

std::size_t forward_one(std::string_view s, std::size_t i) {
  if (i >= s.size()) return s.size();
  ++i;
  while (i < s.size() && continuation(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

std::string make_snippet(std::string_view text, std::size_t begin, std::size_t end, std::size_t width) {
  begin = std::min(begin, text.size());
  end = std::clamp(end, begin, text.size());
  std::size_t hit_cps = 0;
  for (std::size_t i = begin; i < end; ++i) hit_cps += !continuation(static_cast<unsigned char>(text[i]));
  const std::size_t room = width > hit_cps ? (width - hit_cps) / 2 : 0;

  std::size_t from = begin;
  for (std::size_t n = 0; n < room && from > 0; ++n) from = back_one(text, from);
  std::size_t to = end;
  for (std::size_t n = 0; n < room && to < text.size(); ++n) to = forward_one(text, to);

  // Prefer to cut at a space, if one is near the cut (Latin text; CJK has none and cuts anywhere).
  if (from > 0) {
    for (std::size_t i = from, n = 0; i < begin && n < 15; ++i, ++n) {
      if (space(text[i])) {
        from = i + 1;
        break;
      }
    }
  }
  if (to < text.size()) {
    for (std::size_t i = to, n = 0; i > end && n < 15; --i, ++n) {
      if (space(text[i - 1])) {
        to = i - 1;
        break;
      }
    }
  }

  std::string out;
  if (from > 0) out += "…";
  bool last_space = false;
  for (std::size_t i = from; i < to; ++i) {
    if (space(text[i])) {
      if (!last_space && !out.empty() && out != "…") out += ' ';
      last_space = true;
      continue;
    }
    last_space = false;
    out += text[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace newswatch::rules::detail
