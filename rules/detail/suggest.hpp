// SPDX-License-Identifier: MIT
#pragma once
// "Did you mean": the closest candidate within a small edit distance, case-insensitively.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::rules::detail {

std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` if it is within max(1, size/3) edits (at most 3).
std::optional<std::string> closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace newswatch::rules::detail
