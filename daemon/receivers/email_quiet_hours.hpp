// SPDX-License-Identifier: MIT
#pragma once
// Quiet hours of an email receiver: a daily local-time window in an IANA zone (ICU's zone data:
// GCC 12's libstdc++ has no chrono time-zone database). The window may cross midnight; on days
// when the clocks change it still ends at the first moment the local clock reads `to` (or, when
// the change skips `to`, at the first valid time after it). Pure; safe on any thread.

#include <chrono>
#include <optional>
#include <string_view>

#include "daemon/config/config.hpp"

namespace newswatch::daemon {

// "22:00" or "7:30" → minutes after midnight; nothing unless H[H]:MM within a day.
std::optional<int> parse_clock_time(std::string_view text);

// True when ICU knows the zone ("Asia/Tokyo", "America/New_York", "UTC", ...).
bool is_known_time_zone(std::string_view name);

// When `now` falls inside the quiet period, the moment it ends (always after `now`); otherwise
// nothing. An unknown zone counts as UTC (the config loader rejects unknown zones).
std::optional<std::chrono::sys_seconds> quiet_hours_end(const QuietHoursConfig& quiet, std::chrono::sys_seconds now);

}  // namespace newswatch::daemon
