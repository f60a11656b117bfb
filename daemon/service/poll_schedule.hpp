// SPDX-License-Identifier: MIT
#pragma once
// When to poll next, given a publisher's <skipHours>/<skipDays>: a poll that would fall in a
// skipped UTC hour or day moves to the start of the next hour that is not skipped. A feed that
// skips every hour (or every day) is treated as skipping nothing: never polling is not an option.
// Pure; safe on any thread.

#include <chrono>
#include <vector>

namespace newswatch::daemon {

// The delay to wait from `now` (instead of `delay`) so the poll lands outside the skipped times.
std::chrono::milliseconds delay_past_skips(std::chrono::system_clock::time_point now, std::chrono::milliseconds delay,
                                           const std::vector<int>& skip_hours, const std::vector<int>& skip_days);

}  // namespace newswatch::daemon
