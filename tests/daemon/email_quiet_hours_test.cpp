// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_quiet_hours.hpp"

#include <gtest/gtest.h>

#include "feeds/parse/dates.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

std::chrono::sys_seconds at(const char* rfc3339) { return *feeds::parse_iso8601_date(rfc3339); }

// The end of quiet hours as RFC 3339 UTC, or "not quiet".
std::string end_of(const QuietHoursConfig& quiet, const char* now) {
  const auto end = quiet_hours_end(quiet, at(now));
  return end ? feeds::to_rfc3339(*end) : "not quiet";
}

const QuietHoursConfig kTokyoNight{22 * 60, 7 * 60, "Asia/Tokyo"};
const QuietHoursConfig kNewYorkNight{22 * 60, 7 * 60, "America/New_York"};

TEST(EmailQuietHours, ParsesClockTimes) {
  EXPECT_EQ(parse_clock_time("22:00"), 22 * 60);
  EXPECT_EQ(parse_clock_time("7:05"), 7 * 60 + 5);
  EXPECT_EQ(parse_clock_time("00:00"), 0);
  EXPECT_EQ(parse_clock_time("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "7", "7:5", "12:60", "ab:cd", "", ":30", "123:00", "12:00pm"})
    EXPECT_FALSE(parse_clock_time(bad)) << bad;
}

TEST(EmailQuietHours, KnowsIanaZones) {
  EXPECT_TRUE(is_known_time_zone("Asia/Tokyo"));
  EXPECT_TRUE(is_known_time_zone("America/New_York"));
  EXPECT_TRUE(is_known_time_zone("UTC"));
  EXPECT_FALSE(is_known_time_zone("Mars/Olympus"));
  EXPECT_FALSE(is_known_time_zone(""));
}

TEST(EmailQuietHours, AcrossMidnightInTokyo) {
  // Tokyo is UTC+9 all year: 22:00 JST is 13:00Z, 07:00 JST is 22:00Z.
  EXPECT_EQ(end_of(kTokyoNight, "2024-06-01T12:59:59Z"), "not quiet");           // 21:59:59
  EXPECT_EQ(end_of(kTokyoNight, "2024-06-01T13:00:00Z"), "2024-06-01T22:00:00Z");  // 22:00 → 07:00 next day
  EXPECT_EQ(end_of(kTokyoNight, "2024-06-01T15:30:00Z"), "2024-06-01T22:00:00Z");  // 00:30, after midnight
  EXPECT_EQ(end_of(kTokyoNight, "2024-06-01T21:59:59Z"), "2024-06-01T22:00:00Z");  // 06:59:59
  EXPECT_EQ(end_of(kTokyoNight, "2024-06-01T22:00:00Z"), "not quiet");           // 07:00
  // Across a month and a year boundary.
  EXPECT_EQ(end_of(kTokyoNight, "2024-12-31T14:00:00Z"), "2024-12-31T22:00:00Z");  // 23:00 on 31 Dec
}

TEST(EmailQuietHours, WithinOneDay) {
  const QuietHoursConfig lunch{12 * 60, 13 * 60 + 30, "Asia/Tokyo"};
  EXPECT_EQ(end_of(lunch, "2024-06-01T02:59:00Z"), "not quiet");
  EXPECT_EQ(end_of(lunch, "2024-06-01T03:00:00Z"), "2024-06-01T04:30:00Z");
  EXPECT_EQ(end_of(lunch, "2024-06-01T04:29:59Z"), "2024-06-01T04:30:00Z");
  EXPECT_EQ(end_of(lunch, "2024-06-01T04:30:00Z"), "not quiet");
}

TEST(EmailQuietHours, NewYorkOnAnOrdinaryWinterNight) {
  // EST is UTC-5.
  EXPECT_EQ(end_of(kNewYorkNight, "2024-01-10T02:59:00Z"), "not quiet");           // 21:59 on the 9th
  EXPECT_EQ(end_of(kNewYorkNight, "2024-01-10T04:00:00Z"), "2024-01-10T12:00:00Z");  // 23:00 → 07:00 EST
}

TEST(EmailQuietHours, NightWhenClocksGoForward) {
  // 10 March 2024: 02:00 EST becomes 03:00 EDT. 22:00 EST on the 9th is 03:00Z; 07:00 EDT on the
  // 10th is 11:00Z: an eight-hour night.
  EXPECT_EQ(end_of(kNewYorkNight, "2024-03-10T03:30:00Z"), "2024-03-10T11:00:00Z");
  EXPECT_EQ(end_of(kNewYorkNight, "2024-03-10T07:30:00Z"), "2024-03-10T11:00:00Z");  // 03:30 EDT
  EXPECT_EQ(end_of(kNewYorkNight, "2024-03-10T11:00:00Z"), "not quiet");
}

TEST(EmailQuietHours, NightWhenClocksGoBack) {
  // 3 November 2024: 02:00 EDT becomes 01:00 EST. 22:00 EDT on the 2nd is 02:00Z; 07:00 EST on
  // the 3rd is 12:00Z: a ten-hour night.
  EXPECT_EQ(end_of(kNewYorkNight, "2024-11-03T02:30:00Z"), "2024-11-03T12:00:00Z");
  EXPECT_EQ(end_of(kNewYorkNight, "2024-11-03T06:30:00Z"), "2024-11-03T12:00:00Z");  // 01:30 EST, the second time
  EXPECT_EQ(end_of(kNewYorkNight, "2024-11-03T12:00:00Z"), "not quiet");
}

TEST(EmailQuietHours, AnEndTheClockSkipsIsTheNextValidTime) {
  // 02:30 does not exist on 10 March 2024 in New York: the window ends at 03:00 EDT (07:00Z).
  const QuietHoursConfig early{0, 2 * 60 + 30, "America/New_York"};
  EXPECT_EQ(end_of(early, "2024-03-10T06:00:00Z"), "2024-03-10T07:00:00Z");  // 01:00 EST
}

TEST(EmailQuietHours, AnEndTheClockShowsTwiceIsTheFirst) {
  // 01:30 happens twice on 3 November 2024 in New York; the window ends at the first (05:30Z).
  const QuietHoursConfig early{0, 60 + 30, "America/New_York"};
  EXPECT_EQ(end_of(early, "2024-11-03T05:00:00Z"), "2024-11-03T05:30:00Z");  // 01:00 EDT
  // During the repeated hour the clock reads 01:00-01:29 again: still quiet, until 01:30 EST.
  EXPECT_EQ(end_of(early, "2024-11-03T06:10:00Z"), "2024-11-03T06:30:00Z");  // 01:10 EST
}

}  // namespace
}  // namespace newswatch::daemon
