// SPDX-License-Identifier: MIT
#include "daemon/config/duration.hpp"

#include <charconv>
#include <cstdint>

namespace newswatch::daemon {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  using namespace std::chrono;
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [rest, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || value < 0) return std::nullopt;
  const std::string_view unit(rest, static_cast<std::size_t>(end - rest));
  // At most ten years in any unit, checked per unit so the conversion cannot overflow.
  constexpr std::int64_t kMaxMs = 10LL * 365 * 24 * 3600 * 1000;
  const std::int64_t per_unit = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60'000
                                : unit == "h" ? 3'600'000 : unit == "d" ? 86'400'000 : 1;
  if (value > kMaxMs / per_unit) return std::nullopt;
  if (unit.empty()) return value == 0 ? std::optional(milliseconds(0)) : std::nullopt;
  if (unit == "ms") return milliseconds(value);
  if (unit == "s") return duration_cast<milliseconds>(seconds(value));
  if (unit == "m") return duration_cast<milliseconds>(minutes(value));
  if (unit == "h") return duration_cast<milliseconds>(hours(value));
  if (unit == "d") return duration_cast<milliseconds>(hours(24 * value));
  return std::nullopt;
}

}  // namespace newswatch::daemon
