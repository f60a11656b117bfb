// SPDX-License-Identifier: MIT
#pragma once
// Byte scanning 16 bytes at a time, for the loops that walk every byte of a feed's text: the
// next '<' or '&', the next whitespace, the next non-ASCII byte. A block's match masks have bit i
// set iff byte i (in memory order) matches, exactly. On x86-64 this is SSE2, which every x86-64
// CPU has (portable SWAR, eight bytes per step, was used before: SSE2 does twice the bytes in
// fewer instructions, see docs/performance-feeds.md); elsewhere the same masks are built byte by
// byte, correct but slower. Pure functions; benchmarked in bench/feeds/.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newswatch::feeds::detail {

inline constexpr std::size_t kBlock = 16;

// The first eight bytes of a name (an element's, a reference's), zero-padded, as one integer.
// With the length it tells names of up to eight bytes apart in two integer compares (a
// string_view compare calls memcmp); for a literal it is computed at compile time.
constexpr std::uint64_t name_key(std::string_view name) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < name.size() && i < 8; ++i) {
    key |= std::uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
  }
  return key;
}

#if defined(__SSE2__)

struct Block {
  __m128i v;
};
inline Block load_block(const char* p) { return {_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))}; }

// Per-byte matches (0xFF or 0), for joining several byte classes with | before the one movemask
// that makes the bit mask: a movemask per class cost about as much as the compares.
struct ByteMatch {
  __m128i v;
};
inline ByteMatch operator|(ByteMatch a, ByteMatch b) { return {_mm_or_si128(a.v, b.v)}; }
inline unsigned bits(ByteMatch m) { return static_cast<unsigned>(_mm_movemask_epi8(m.v)); }
inline ByteMatch match_eq(Block b, char c) { return {_mm_cmpeq_epi8(b.v, _mm_set1_epi8(c))}; }
// Bytes below n, unsigned (1 <= n <= 255): min(b, n - 1) == b.
inline ByteMatch match_below(Block b, unsigned char n) {
  const __m128i limit = _mm_set1_epi8(static_cast<char>(n - 1));
  return {_mm_cmpeq_epi8(_mm_min_epu8(b.v, limit), b.v)};
}

inline unsigned mask_eq(Block b, char c) { return bits(match_eq(b, c)); }
inline unsigned mask_below(Block b, unsigned char n) { return bits(match_below(b, n)); }
inline unsigned mask_high(Block b) { return static_cast<unsigned>(_mm_movemask_epi8(b.v)); }

#else

struct Block {
  const unsigned char* p;
};
inline Block load_block(const char* p) { return {reinterpret_cast<const unsigned char*>(p)}; }
template <typename Pred>
unsigned mask_of(Block b, Pred pred) {
  unsigned m = 0;
  for (std::size_t i = 0; i < kBlock; ++i) m |= (pred(b.p[i]) ? 1u : 0u) << i;
  return m;
}
inline unsigned mask_eq(Block b, char c) {
  return mask_of(b, [c](unsigned char x) { return x == static_cast<unsigned char>(c); });
}
inline unsigned mask_below(Block b, unsigned char n) {
  return mask_of(b, [n](unsigned char x) { return x < n; });
}
inline unsigned mask_high(Block b) {
  return mask_of(b, [](unsigned char x) { return x >= 0x80; });
}

struct ByteMatch {
  unsigned m;  // already the bit mask
};
inline ByteMatch operator|(ByteMatch a, ByteMatch b) { return {a.m | b.m}; }
inline unsigned bits(ByteMatch m) { return m.m; }
inline ByteMatch match_eq(Block b, char c) { return {mask_eq(b, c)}; }
inline ByteMatch match_below(Block b, unsigned char n) { return {mask_below(b, n)}; }

#endif

// Index of the first byte at or after `from` whose block mask bit is set, or s.size(). `mask`
// maps a Block to its match mask (exact per byte); `hit` tests one byte. A tail shorter than a
// block is read as the text's last block with the bytes before it masked off; only texts shorter
// than a block are tested byte by byte (a byte loop cost a mispredicted exit per call).
template <typename Mask, typename Hit>
std::size_t scan_find(std::string_view s, std::size_t from, Mask mask, Hit hit) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = from;
  for (; i + kBlock <= n; i += kBlock) {
    if (const unsigned m = mask(load_block(p + i))) return i + static_cast<std::size_t>(std::countr_zero(m));
  }
  if (i >= n) return n;
  if (n >= kBlock) {
    const std::size_t last = n - kBlock;  // i - last is 1 to 15 here
    const unsigned m = mask(load_block(p + last)) & (~0u << (i - last));
    return m != 0 ? last + static_cast<std::size_t>(std::countr_zero(m)) : n;
  }
  for (; i < n; ++i) {
    if (hit(static_cast<unsigned char>(p[i]))) return i;
  }
  return n;
}

// First '<' or '&' at or after `from`, or s.size().
inline std::size_t find_markup_char(std::string_view s, std::size_t from) {
  return scan_find(
      s, from, [](Block b) { return mask_eq(b, '<') | mask_eq(b, '&'); },
      [](unsigned char c) { return c == '<' || c == '&'; });
}

// First byte >= 0x80 at or after `from`, or s.size().
inline std::size_t find_non_ascii(std::string_view s, std::size_t from) {
  return scan_find(s, from, [](Block b) { return mask_high(b); }, [](unsigned char c) { return c >= 0x80; });
}

// Length of the leading run of ASCII bytes of s[from...].
inline std::size_t ascii_run(std::string_view s, std::size_t from) {
  return find_non_ascii(s, from) - from;
}

}  // namespace newswatch::feeds::detail
