// SPDX-License-Identifier: MIT
#pragma once
// Durations as written in config files: an integer and a unit, "500ms", "30s", "5m", "1h", "2d".
// A bare "0" means zero. Anything else is rejected (nullopt), so the caller can point at it.

#include <chrono>
#include <optional>
#include <string_view>

namespace newswatch::daemon {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace newswatch::daemon
