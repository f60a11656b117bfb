// SPDX-License-Identifier: MIT
#pragma once
// The first pass over a UTF-8 feed's bytes (decode_to_utf8's common case): validate, copy, and
// note NULs and numeric character references, each 16 KiB while it is still in the cache.
// Private to feeds/parse; pure functions, thread-safe. With AVX2 (checked at run time) one vector
// loop validates and finds NULs and references at once; otherwise the portable path validates,
// searches for NUL, and finds references in turn. Both give the same results
// (tests/feeds/encoding_test.cpp runs them on the same inputs).

#include <cstddef>
#include <string>
#include <string_view>

#include "feeds/parse/encoding.hpp"

namespace newswatch::feeds::detail {

struct Utf8Copy {
  bool valid = false;         // the bytes are well-formed UTF-8 (else the output is empty)
  bool has_nul = false;       // they hold a NUL byte
  CharReferences references;  // find_char_references of the bytes
};

enum class Utf8Path { portable, avx2 };

// True if this CPU can take Utf8Path::avx2.
bool avx2_available();

// Copies `bytes` to `out` if they are valid UTF-8 (else `out` is left empty), by the fastest path
// this CPU has, or by `path` (which must be available).
Utf8Copy copy_valid_utf8(std::string_view bytes, std::string& out);
Utf8Copy copy_valid_utf8(std::string_view bytes, std::string& out, Utf8Path path);

// Adds the numeric character reference whose '#' is at text[hash] (after a '&') to `references`.
void note_char_reference(std::string_view text, std::size_t hash, CharReferences& references);

}  // namespace newswatch::feeds::detail
