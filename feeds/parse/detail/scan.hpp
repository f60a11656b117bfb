// SPDX-License-Identifier: MIT
#pragma once
// Byte scanning eight bytes at a time (SWAR: "SIMD within a register"), for the loops that walk
// every byte of a feed's text: the next '<' or '&', the next whitespace, the next non-ASCII byte.
// Portable C++20 (no intrinsics). Each mask function returns, for a word of 8 bytes, the high bit
// of every byte that matches, exactly (no false positives: the low 7 bits are added without carry
// between bytes, "Hacker's Delight" 6-1). Pure functions; benchmarked in bench/feeds/.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace newswatch::feeds::detail {

inline constexpr std::uint64_t kSwarOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kSwarHighs = 0x8080808080808080ULL;
inline constexpr std::uint64_t kSwarLow7 = 0x7F7F7F7F7F7F7F7FULL;

inline std::uint64_t swar_load(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// High bit of each byte equal to 0.
constexpr std::uint64_t swar_zero_mask(std::uint64_t v) {
  return ~(((v & kSwarLow7) + kSwarLow7) | v) & kSwarHighs;
}
// High bit of each byte equal to b.
constexpr std::uint64_t swar_eq_mask(std::uint64_t v, unsigned char b) {
  return swar_zero_mask(v ^ (kSwarOnes * b));
}
// High bit of each byte below n (1 <= n <= 128).
constexpr std::uint64_t swar_below_mask(std::uint64_t v, unsigned char n) {
  return ~(((v & kSwarLow7) + kSwarOnes * static_cast<unsigned char>(0x80 - n)) | v) & kSwarHighs;
}

// Byte index (0-7, in memory order) of the lowest-addressed byte flagged in a non-zero mask.
inline std::size_t swar_first(std::uint64_t mask) {
  if constexpr (std::endian::native == std::endian::little) {
    return static_cast<std::size_t>(std::countr_zero(mask)) / 8;
  } else {
    return static_cast<std::size_t>(std::countl_zero(mask)) / 8;
  }
}
// The mask without its lowest-addressed flagged byte.
inline std::uint64_t swar_drop_first(std::uint64_t mask) {
  if constexpr (std::endian::native == std::endian::little) {
    return mask & (mask - 1);
  } else {
    return mask & ~(std::uint64_t{0x80} << (56 - 8 * swar_first(mask)));
  }
}

// Index of the first byte at or after `from` whose word mask bit is set, or s.size(). `mask`
// maps a word to its exact match mask; `hit` tests one byte for the tail.
template <typename Mask, typename Hit>
std::size_t swar_find(std::string_view s, std::size_t from, Mask mask, Hit hit) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = from;
  for (; i + 8 <= n; i += 8) {
    if (const auto m = mask(swar_load(p + i))) return i + swar_first(m);
  }
  for (; i < n; ++i) {
    if (hit(static_cast<unsigned char>(p[i]))) return i;
  }
  return n;
}

// First '<' or '&' at or after `from`, or s.size().
inline std::size_t find_markup_char(std::string_view s, std::size_t from) {
  return swar_find(
      s, from, [](std::uint64_t v) { return swar_eq_mask(v, '<') | swar_eq_mask(v, '&'); },
      [](unsigned char c) { return c == '<' || c == '&'; });
}

// First byte >= 0x80 at or after `from`, or s.size().
inline std::size_t find_non_ascii(std::string_view s, std::size_t from) {
  return swar_find(
      s, from, [](std::uint64_t v) { return v & kSwarHighs; },
      [](unsigned char c) { return c >= 0x80; });
}

// Length of the leading run of ASCII bytes of s[from...].
inline std::size_t ascii_run(std::string_view s, std::size_t from) {
  return find_non_ascii(s, from) - from;
}

}  // namespace newswatch::feeds::detail
