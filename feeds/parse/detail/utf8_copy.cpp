// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/utf8_copy.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace newswatch::feeds::detail {
namespace {

// Validated bytes are copied out this many at a time, while they are still in the L1 cache.
constexpr std::size_t kChunk = 16 * 1024;

// Each chunk is validated, then searched for NUL and copied; the references are found after.
// A chunk ends before a byte that is not a continuation byte, so no sequence is split: the
// chunks are valid iff the whole is.
Utf8Copy copy_portable(std::string_view bytes, std::string& out) {
  Utf8Copy result;
  out.clear();
  out.reserve(bytes.size());
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = std::min(bytes.size(), start + kChunk);
    // Four continuation bytes in a row are invalid anyway, so three steps back are enough.
    for (int k = 0; k < 3 && end < bytes.size() && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80; ++k) --end;
    const auto chunk = bytes.substr(start, end - start);
    if (!is_valid_utf8(chunk)) {
      out.clear();
      return result;
    }
    result.has_nul = result.has_nul || chunk.find('\0') != std::string_view::npos;
    out.append(chunk);
    start = end;
  }
  result.valid = true;
  result.references = find_char_references(out);
  return result;
}

// NULs and "&#" in a block: bit k of `mask` is set for bytes[at + k]. Rare, so out of line.
[[gnu::noinline]] void note_special_bytes(std::string_view bytes, std::size_t at, std::uint64_t mask,
                                          Utf8Copy& result) {
  for (; mask != 0; mask &= mask - 1) {
    const std::size_t k = at + static_cast<std::size_t>(std::countr_zero(mask));
    if (bytes[k] == '\0') {
      result.has_nul = true;
    } else {
      note_char_reference(bytes, k + 1, result.references);
    }
  }
}

#if defined(__x86_64__)

// UTF-8 validation after Keiser and Lemire, "Validating UTF-8 in less than one instruction per
// byte" (2021), the lookup algorithm of simdjson and simdutf. Each byte is classified together
// with the byte before it by three 16-entry tables (high and low nibble of the previous byte,
// high nibble of this one); their AND has a bit set exactly when the pair is an error. A
// continuation byte after a continuation byte is such an error unless a 3- or 4-byte lead two or
// three bytes back owes it: there that bit is flipped. An error stays set in `error`.
constexpr std::uint8_t kTooShort = 1 << 0;      // a lead not followed by a continuation
constexpr std::uint8_t kTooLong = 1 << 1;       // a continuation after ASCII
constexpr std::uint8_t kOverlong3 = 1 << 2;     // E0 80..9F
constexpr std::uint8_t kTooLarge = 1 << 3;      // F4 90..BF, F5..FF 90..BF
constexpr std::uint8_t kSurrogate = 1 << 4;     // ED A0..BF
constexpr std::uint8_t kOverlong2 = 1 << 5;     // C0 or C1, then a continuation
constexpr std::uint8_t kTooLarge1000 = 1 << 6;  // F5..FF 80..8F
constexpr std::uint8_t kOverlong4 = 1 << 6;     // F0 80..8F
constexpr std::uint8_t kTwoConts = 1 << 7;      // a continuation after a continuation
constexpr std::uint8_t kCarry = kTooShort | kTooLong | kTwoConts;  // whatever the low nibble

alignas(16) constexpr std::uint8_t kByte1High[16] = {
    kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,  // 0___
    kTwoConts, kTwoConts, kTwoConts, kTwoConts,                                      // 10__
    kTooShort | kOverlong2,                                                          // 1100
    kTooShort,                                                                       // 1101
    kTooShort | kOverlong3 | kSurrogate,                                             // 1110
    kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};                             // 1111
alignas(16) constexpr std::uint8_t kByte1Low[16] = {
    kCarry | kOverlong3 | kOverlong2 | kOverlong4,  // ____0000
    kCarry | kOverlong2,                            // ____0001
    kCarry,
    kCarry,
    kCarry | kTooLarge,                  // ____0100
    kCarry | kTooLarge | kTooLarge1000,  // ____0101 and above
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000 | kSurrogate,  // ____1101
    kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000};
alignas(16) constexpr std::uint8_t kByte2High[16] = {
    kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,  // 0___
    kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,            // 1000
    kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,                             // 1001
    kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,                             // 101_
    kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
    kTooShort, kTooShort, kTooShort, kTooShort};  // 11__

struct Avx2Utf8 {
  __m256i byte1_high, byte1_low, byte2_high;  // the tables, in both lanes
  __m256i prev;        // the block before
  __m256i incomplete;  // its last bytes that begin a sequence the block must finish
  __m256i error;
};

[[gnu::target("avx2")]] inline __m256i broadcast_table(const std::uint8_t* t) {
  return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(t)));
}

[[gnu::target("avx2")]] inline void init(Avx2Utf8& s) {
  s.byte1_high = broadcast_table(kByte1High);
  s.byte1_low = broadcast_table(kByte1Low);
  s.byte2_high = broadcast_table(kByte2High);
  s.prev = s.incomplete = s.error = _mm256_setzero_si256();
}

// The block `v` moved N bytes later, the last N bytes of `prev` in front.
template <int N>
[[gnu::target("avx2")]] inline __m256i earlier_bytes(__m256i v, __m256i prev) {
  return _mm256_alignr_epi8(v, _mm256_permute2x128_si256(prev, v, 0x21), 16 - N);
}

[[gnu::target("avx2")]] inline __m256i high_nibbles(__m256i v) {
  return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

[[gnu::target("avx2")]] inline void check_block(__m256i v, Avx2Utf8& s) {
  if (_mm256_movemask_epi8(v) == 0) {
    // All ASCII: wrong only if the block before left a sequence open.
    s.error = _mm256_or_si256(s.error, s.incomplete);
    s.incomplete = _mm256_setzero_si256();
    s.prev = v;
    return;
  }
  const __m256i prev1 = earlier_bytes<1>(v, s.prev);
  const __m256i pairs = _mm256_and_si256(
      _mm256_and_si256(_mm256_shuffle_epi8(s.byte1_high, high_nibbles(prev1)),
                       _mm256_shuffle_epi8(s.byte1_low, _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)))),
      _mm256_shuffle_epi8(s.byte2_high, high_nibbles(v)));
  // Bytes two after a 3- or 4-byte lead (E0..FF) or three after a 4-byte lead (F0..FF) must be
  // continuations: the subtractions leave their top bit set exactly there.
  const __m256i third = _mm256_subs_epu8(earlier_bytes<2>(v, s.prev), _mm256_set1_epi8(0xE0 - 0x80));
  const __m256i fourth = _mm256_subs_epu8(earlier_bytes<3>(v, s.prev), _mm256_set1_epi8(0xF0 - 0x80));
  const __m256i owed = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  s.error = _mm256_or_si256(s.error, _mm256_xor_si256(owed, pairs));
  // A lead in the last three bytes that its sequence does not fit after: 2-byte in the last
  // one, 3-byte in the last two, 4-byte in the last three.
  const __m256i limits = _mm256_setr_epi8(
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
      -1, -1, -1, static_cast<char>(0xF0 - 1), static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
  s.incomplete = _mm256_subs_epu8(v, limits);
  s.prev = v;
}

// Two blocks in a row: one test for both when they are ASCII (most of a feed's markup is).
[[gnu::target("avx2")]] inline void check_two_blocks(__m256i v0, __m256i v1, Avx2Utf8& s) {
  if (_mm256_movemask_epi8(_mm256_or_si256(v0, v1)) == 0) {
    s.error = _mm256_or_si256(s.error, s.incomplete);
    s.incomplete = _mm256_setzero_si256();
    s.prev = v1;
    return;
  }
  check_block(v0, s);
  check_block(v1, s);
}

// Bit k set where v's byte k is NUL, or '&' followed by '#' (the byte after it is next's byte k).
[[gnu::target("avx2")]] inline unsigned special_bytes(__m256i v, __m256i next) {
  const __m256i nul = _mm256_cmpeq_epi8(v, _mm256_setzero_si256());
  const __m256i reference = _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('&')),
                                             _mm256_cmpeq_epi8(next, _mm256_set1_epi8('#')));
  return static_cast<unsigned>(_mm256_movemask_epi8(_mm256_or_si256(nul, reference)));
}

[[gnu::target("avx2")]] inline bool failed(const Avx2Utf8& s) { return !_mm256_testz_si256(s.error, s.error); }

[[gnu::target("avx2")]] inline __m256i load(const char* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// A block that holds a NUL or "&#": where it starts and its special_bytes mask.
struct Mark {
  std::uint32_t at;
  std::uint64_t mask;  // of 64 bytes: two blocks
};

// One pass: 32 bytes at a time are validated and searched for NUL and "&#"; every 16 KiB the
// validated bytes are appended to `out` (no sequence is split: the check carries over blocks).
// Blocks with NULs or references are noted and read after each 16 KiB: no call in the loop,
// which would make the compiler keep the check's state in memory.
[[gnu::target("avx2")]] Utf8Copy copy_avx2(std::string_view bytes, std::string& out) {
  Utf8Copy result;
  out.clear();
  out.reserve(bytes.size());
  const char* p = bytes.data();
  const std::size_t n = bytes.size();
  Avx2Utf8 state;
  init(state);
  std::array<Mark, kChunk / 32> marks;
  std::size_t copied = 0;
  std::size_t i = 0;
  while (i + 33 <= n) {  // the byte after each block is read too
    const std::size_t end = std::min(n - 32, copied + kChunk);  // blocks start before it
    std::size_t count = 0;
    // Two blocks a step (both start before `end`), then the odd one: half the branches.
    for (; i + 32 < end; i += 64) {
      const __m256i v0 = load(p + i);
      const __m256i v1 = load(p + i + 32);
      check_two_blocks(v0, v1, state);
      const std::uint64_t special = special_bytes(v0, load(p + i + 1)) |
                                    std::uint64_t{special_bytes(v1, load(p + i + 33))} << 32;
      marks[count] = {static_cast<std::uint32_t>(i - copied), special};
      count += special != 0;
    }
    if (i < end) {
      const __m256i v = load(p + i);
      check_block(v, state);
      const unsigned special = special_bytes(v, load(p + i + 1));
      marks[count] = {static_cast<std::uint32_t>(i - copied), special};
      count += special != 0;
      i += 32;
    }
    if (failed(state)) {
      out.clear();
      return result;
    }
    for (std::size_t k = 0; k < count; ++k) note_special_bytes(bytes, copied + marks[k].at, marks[k].mask, result);
    out.append(p + copied, i - copied);
    copied = i;
  }
  // The last 0 to 32 bytes, followed by zeros: a sequence left open at the end meets ASCII there.
  alignas(32) char tail[96] = {};
  const std::size_t rest = n - i;
  if (rest > 0) std::memcpy(tail, p + i, rest);
  const __m256i v = load(tail);
  check_block(v, state);
  const unsigned in_text = rest >= 32 ? ~0u : (1u << rest) - 1;
  if (const unsigned special = special_bytes(v, load(tail + 1)) & in_text) note_special_bytes(bytes, i, special, result);
  check_block(load(tail + 32), state);
  if (failed(state)) {
    out.clear();
    return result;
  }
  out.append(p + copied, n - copied);
  result.valid = true;
  return result;
}

#endif

}  // namespace

bool avx2_available() {
#if defined(__x86_64__)
  static const bool available = __builtin_cpu_supports("avx2");
  return available;
#else
  return false;
#endif
}

Utf8Copy copy_valid_utf8(std::string_view bytes, std::string& out, Utf8Path path) {
#if defined(__x86_64__)
  if (path == Utf8Path::avx2) return copy_avx2(bytes, out);
#endif
  (void)path;
  return copy_portable(bytes, out);
}

Utf8Copy copy_valid_utf8(std::string_view bytes, std::string& out) {
  return copy_valid_utf8(bytes, out, avx2_available() ? Utf8Path::avx2 : Utf8Path::portable);
}

void note_char_reference(std::string_view text, std::size_t hash, CharReferences& references) {
  std::size_t j = hash + 1;
  const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
  if (hex) ++j;
  std::uint32_t v = 0;
  for (; j < text.size(); ++j) {
    const char c = text[j];
    const int d = c >= '0' && c <= '9'            ? c - '0'
                  : hex && c >= 'a' && c <= 'f'   ? c - 'a' + 10
                  : hex && c >= 'A' && c <= 'F'   ? c - 'A' + 10
                                                  : -1;
    if (d < 0) break;
    v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    if (v > 0x10FFFF) break;
  }
  references.bad = references.bad || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF);
  references.c1 = references.c1 || (v >= 0x80 && v <= 0x9F);
}

}  // namespace newswatch::feeds::detail
