// SPDX-License-Identifier: MIT
#pragma once
// Excerpts of original field text around a hit, for highlights.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch::rules::detail {

// About `width` code points of `text` around the bytes [begin, end): cut at word boundaries
// where possible, whitespace runs collapsed to one space, "…" where text was cut off.
std::string make_snippet(std::string_view text, std::size_t begin, std::size_t end, std::size_t width = 80);

}  // namespace newswatch::rules::detail
