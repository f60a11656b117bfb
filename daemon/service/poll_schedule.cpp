// SPDX-License-Identifier: MIT
#include "daemon/service/poll_schedule.hpp"

#include <algorithm>
#include <array>

namespace newswatch::daemon {

std::chrono::milliseconds delay_past_skips(std::chrono::system_clock::time_point now, std::chrono::milliseconds delay,
                                           const std::vector<int>& skip_hours, const std::vector<int>& skip_days) {
  using namespace std::chrono;
  std::array<bool, 24> hour_skipped{};
  std::array<bool, 7> day_skipped{};
  for (int h : skip_hours)
    if (h >= 0 && h < 24) hour_skipped[static_cast<std::size_t>(h)] = true;
  for (int d : skip_days)
    if (d >= 0 && d < 7) day_skipped[static_cast<std::size_t>(d)] = true;
  const bool all_hours = std::all_of(hour_skipped.begin(), hour_skipped.end(), [](bool b) { return b; });
  const bool all_days = std::all_of(day_skipped.begin(), day_skipped.end(), [](bool b) { return b; });
  const auto skipped = [&](system_clock::time_point t) {
    const auto day = floor<days>(t);
    const auto hour = duration_cast<hours>(t - day).count();
    const auto weekday = static_cast<std::size_t>(std::chrono::weekday(day).c_encoding());  // 0 = Sunday
    return (!all_hours && hour_skipped[static_cast<std::size_t>(hour)]) || (!all_days && day_skipped[weekday]);
  };
  auto at = now + delay;
  // At most a week of hours to look through: every hour of a week cannot be skipped (checked above).
  for (int step = 0; step < 24 * 7 + 1 && skipped(at); ++step) at = floor<hours>(at) + hours(1);
  return duration_cast<milliseconds>(at - now);
}

}  // namespace newswatch::daemon
