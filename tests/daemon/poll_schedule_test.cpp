// SPDX-License-Identifier: MIT
// Issue 3: RSS <skipHours>/<skipDays> move polls out of the skipped times.
#include "daemon/service/poll_schedule.hpp"

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

// Wednesday 2024-11-13 10:20:00 UTC.
const system_clock::time_point kWednesday1020 = sys_days{year{2024} / 11 / 13} + hours(10) + minutes(20);

TEST(PollSchedule, NoSkipsKeepsTheDelay) {
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {}, {}), minutes(5));
}

TEST(PollSchedule, ASkippedHourMovesToTheNextFreeHour) {
  // 10:25 falls in skipped hour 10; 11 is skipped too; the poll waits for 12:00.
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {10, 11}, {}), minutes(100));
}

TEST(PollSchedule, ASkippedDayMovesToMidnight) {
  // Wednesday is day 3: the next poll is Thursday 00:00.
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {}, {3}), hours(13) + minutes(40));
}

TEST(PollSchedule, HoursAndDaysCombine) {
  // Skip Wednesday and Thursday's first two hours: Thursday 02:00.
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {0, 1}, {3}), hours(15) + minutes(40));
}

TEST(PollSchedule, SkippingEverythingSkipsNothing) {
  std::vector<int> all_hours;
  for (int h = 0; h < 24; ++h) all_hours.push_back(h);
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), all_hours, {}), minutes(5));
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {}, {0, 1, 2, 3, 4, 5, 6}), minutes(5));
}

TEST(PollSchedule, OutOfRangeValuesAreIgnored) {
  EXPECT_EQ(delay_past_skips(kWednesday1020, minutes(5), {-1, 24, 99}, {7, -3}), minutes(5));
}

}  // namespace
}  // namespace newswatch::daemon
