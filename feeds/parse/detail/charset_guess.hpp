// SPDX-License-Identifier: MIT
#pragma once
// A guess at the charset of bytes that carry no usable declaration, by uchardet (Mozilla's
// universal charset detector): "SHIFT_JIS", "EUC-JP", "GB18030", "BIG5", "WINDOWS-1252", ... as
// uchardet names them (except "UHC", its name for EUC-KR text, given as ICU's "windows-949"), or
// "" when it cannot tell (pure ASCII, too little text). Only the first kMaxGuessBytes bytes are
// looked at. Private to feeds/parse; encoding.cpp uses it as the last candidate (see encoding.hpp).
// Pure function; thread-safe (one detector per call); never throws.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch::feeds::detail {

inline constexpr std::size_t kMaxGuessBytes = 256 * 1024;

std::string guess_charset(std::string_view bytes);

}  // namespace newswatch::feeds::detail
