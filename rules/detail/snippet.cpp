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
  out.reserve(to - from + 8);
  if (from > 0) out += "…";
  // Runs of whitespace become one space; none at either end. Copied a run at a time: a
  // snippet is made for every highlight of every match.
  bool pending_space = false;
  bool any = false;
  for (std::size_t i = from; i < to;) {
    if (space(text[i])) {
      pending_space = any;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < to && !space(text[j])) ++j;
    if (pending_space) out += ' ';
    out.append(text.substr(i, j - i));
    pending_space = false;
    any = true;
    i = j;
  }
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace newswatch::rules::detail
