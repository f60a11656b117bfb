// SPDX-License-Identifier: MIT
// Issue 7, digests: schedules (hourly, daily HH:MM ZONE, weekly DAY HH:MM ZONE) across DST, and
// the time zone wrapper they use.
#include "daemon/digest/digest_schedule.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min, int s = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours(h) + minutes(min) + seconds(s);
}

DigestSchedule parse(std::string_view text) {
  auto parsed = DigestSchedule::parse(text);
  EXPECT_TRUE(parsed.schedule.has_value()) << text << ": " << parsed.error;
  return *parsed.schedule;
}

std::vector<sys_seconds> fires_from(const DigestSchedule& schedule, sys_seconds from, int count) {
  std::vector<sys_seconds> out;
  for (auto t = from; static_cast<int>(out.size()) < count;) out.push_back(t = schedule.next_fire(t));
  return out;
}

TEST(DigestTimeZone, FindsIanaNamesAnyCaseAndRejectsUnknownOnes) {
  ASSERT_TRUE(TimeZone::find("Asia/Tokyo"));
  EXPECT_EQ(TimeZone::find("asia/tokyo")->name(), "Asia/Tokyo");
  EXPECT_EQ(TimeZone::find("UTC")->name(), "UTC");
  EXPECT_FALSE(TimeZone::find("Asia/Tokio"));
  EXPECT_FALSE(TimeZone::find(""));
  EXPECT_FALSE(TimeZone::find("GMT+25:00"));
  EXPECT_EQ(TimeZone::suggest("Asia/Tokio"), "Asia/Tokyo");
  EXPECT_NE(TimeZone::suggest("Berlin").find("Europe/Berlin"), std::string::npos);
}

TEST(DigestTimeZone, ConvertsBothWays) {
  const auto tokyo = *TimeZone::find("Asia/Tokyo");
  EXPECT_EQ(tokyo.to_local(utc(2024, 11, 12, 23, 0)).time_since_epoch(), utc(2024, 11, 13, 8, 0).time_since_epoch());
  EXPECT_EQ(tokyo.to_sys(local_days{year{2024} / 11 / 13} + hours(8)), utc(2024, 11, 12, 23, 0));
}

TEST(DigestSchedule, ParsesTheThreeFormsInAnyCase) {
  EXPECT_EQ(parse("hourly").describe(), "hourly");
  EXPECT_EQ(parse("  HOURLY ").every(), DigestSchedule::Every::hour);
  EXPECT_EQ(parse("daily 08:00 Asia/Tokyo").describe(), "daily 08:00 Asia/Tokyo");
  EXPECT_EQ(parse("Daily 8:05 asia/tokyo").describe(), "daily 08:05 Asia/Tokyo");
  EXPECT_EQ(parse("weekly Monday 07:30 Europe/Berlin").describe(), "weekly mon 07:30 Europe/Berlin");
  EXPECT_EQ(parse("WEEKLY sun 23:59 UTC").describe(), "weekly sun 23:59 UTC");
  EXPECT_EQ(parse("weekly THURSDAY 00:00 America/New_York").describe(), "weekly thu 00:00 America/New_York");
  const auto round_trip = parse(parse("weekly fri 18:00 Europe/Berlin").describe());
  EXPECT_EQ(round_trip.describe(), "weekly fri 18:00 Europe/Berlin");
}

TEST(DigestSchedule, RejectsEverythingElseWithAMessageAndAnOffset) {
  struct Case {
    std::string_view text, message;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", "empty digest schedule; expected 'hourly', 'daily HH:MM ZONE' or 'weekly DAY HH:MM ZONE'", 0},
      {"monthly 08:00 UTC", "unknown digest schedule 'monthly'; expected 'hourly', 'daily HH:MM ZONE' or 'weekly DAY HH:MM ZONE'", 0},
      {"hourly UTC", "'hourly' takes nothing after it (it fires on the hour, UTC); found 'UTC'", 7},
      {"daily 08:00", "'daily' needs a time and a time zone, e.g. 'daily 08:00 Asia/Tokyo'", 11},
      {"weekly 08:00 UTC", "'weekly' needs a day, a time and a time zone, e.g. 'weekly mon 08:00 Europe/Berlin'", 16},
      {"daily 24:00 UTC", "'24:00' is not a time of day; expected HH:MM from 00:00 to 23:59", 6},
      {"daily 8:0 UTC", "'8:0' is not a time of day; expected HH:MM from 00:00 to 23:59", 6},
      {"daily 0800 UTC", "'0800' is not a time of day; expected HH:MM from 00:00 to 23:59", 6},
      {"daily 08:60 UTC", "'08:60' is not a time of day; expected HH:MM from 00:00 to 23:59", 6},
      {"daily -1:00 UTC", "'-1:00' is not a time of day; expected HH:MM from 00:00 to 23:59", 6},
      {"weekly mnday 08:00 UTC", "'mnday' is not a day of the week; expected mon..sun or monday..sunday", 7},
      {"daily 08:00 Asia/Tokio", "unknown time zone 'Asia/Tokio' (did you mean Asia/Tokyo?)", 12},
      {"daily 08:00 Mars/Olympus_Mons",
       "unknown time zone 'Mars/Olympus_Mons'; expected an IANA name such as Asia/Tokyo, Europe/Berlin or UTC", 12},
      {"daily 08:00 UTC weekdays", "unexpected 'weekdays' after the time zone; e.g. 'daily 08:00 Asia/Tokyo'", 16},
  };
  for (const auto& c : cases) {
    const auto parsed = DigestSchedule::parse(c.text);
    EXPECT_FALSE(parsed.schedule.has_value()) << c.text;
    EXPECT_EQ(parsed.error, c.message) << c.text;
    EXPECT_EQ(parsed.error_offset, c.offset) << c.text;
  }
}

TEST(DigestSchedule, HourlyFiresOnTheHourStrictlyAfter) {
  const auto hourly = parse("hourly");
  EXPECT_EQ(hourly.next_fire(utc(2024, 11, 12, 10, 20)), utc(2024, 11, 12, 11, 0));
  EXPECT_EQ(hourly.next_fire(utc(2024, 11, 12, 11, 0)), utc(2024, 11, 12, 12, 0));
  EXPECT_EQ(hourly.previous_fire(utc(2024, 11, 12, 11, 0)), utc(2024, 11, 12, 10, 0));
  EXPECT_EQ(hourly.previous_fire(utc(2024, 11, 12, 10, 59, 59)), utc(2024, 11, 12, 10, 0));
  EXPECT_EQ(hourly.period_ending(utc(2024, 11, 12, 11, 0)), (DigestPeriod{utc(2024, 11, 12, 10, 0), utc(2024, 11, 12, 11, 0)}));
}

TEST(DigestSchedule, DailyInTokyoFiresAtLocalTime) {
  const auto daily = parse("daily 08:00 Asia/Tokyo");  // 08:00 JST is 23:00 UTC the day before
  EXPECT_EQ(daily.next_fire(utc(2024, 11, 12, 22, 59, 59)), utc(2024, 11, 12, 23, 0));
  EXPECT_EQ(daily.next_fire(utc(2024, 11, 12, 23, 0)), utc(2024, 11, 13, 23, 0));
  EXPECT_EQ(daily.previous_fire(utc(2024, 11, 12, 23, 0)), utc(2024, 11, 11, 23, 0));
  EXPECT_EQ(daily.period_ending(utc(2024, 11, 12, 23, 0)), (DigestPeriod{utc(2024, 11, 11, 23, 0), utc(2024, 11, 12, 23, 0)}));
}

// Europe/Berlin, 2024-03-31: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist.
TEST(DigestSchedule, BerlinSpringForwardFiresOnceAtTheEndOfTheGap) {
  const auto daily = parse("daily 02:30 Europe/Berlin");
  EXPECT_EQ(fires_from(daily, utc(2024, 3, 29, 12, 0), 3),
            (std::vector{utc(2024, 3, 30, 1, 30),     // 02:30 CET
                         utc(2024, 3, 31, 1, 0),      // 03:00 CEST: the first minute after the gap
                         utc(2024, 4, 1, 0, 30)}));   // 02:30 CEST
  EXPECT_EQ(daily.period_ending(utc(2024, 3, 31, 1, 0)).start, utc(2024, 3, 30, 1, 30));
}

// Europe/Berlin, 2024-10-27: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:30 happens twice.
TEST(DigestSchedule, BerlinFallBackFiresOnceAtTheFirstOccurrence) {
  const auto daily = parse("daily 02:30 Europe/Berlin");
  EXPECT_EQ(fires_from(daily, utc(2024, 10, 25, 12, 0), 3),
            (std::vector{utc(2024, 10, 26, 0, 30),    // 02:30 CEST
                         utc(2024, 10, 27, 0, 30),    // the first 02:30 (CEST); not again at 01:30 UTC
                         utc(2024, 10, 28, 1, 30)})); // 02:30 CET
  EXPECT_EQ(daily.next_fire(utc(2024, 10, 27, 1, 0)), utc(2024, 10, 28, 1, 30));
}

// America/New_York: 2024-03-10 02:00 EST jumps to 03:00 EDT (07:00 UTC); 2024-11-03 02:00 EDT
// falls back to 01:00 EST (06:00 UTC).
TEST(DigestSchedule, NewYorkAcrossBothChanges) {
  const auto gap = parse("daily 02:30 America/New_York");
  EXPECT_EQ(fires_from(gap, utc(2024, 3, 9, 0, 0), 3),
            (std::vector{utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7, 0), utc(2024, 3, 11, 6, 30)}));
  const auto repeated = parse("daily 01:30 America/New_York");
  EXPECT_EQ(fires_from(repeated, utc(2024, 11, 2, 0, 0), 3),
            (std::vector{utc(2024, 11, 2, 5, 30), utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)}));
  // A morning digest on the fall-back day covers 25 hours, the spring-forward one 23.
  const auto morning = parse("daily 08:00 America/New_York");
  const auto fall = morning.period_ending(utc(2024, 11, 3, 13, 0));
  EXPECT_EQ(fall.end - fall.start, hours(25));
  const auto spring = morning.period_ending(utc(2024, 3, 10, 12, 0));
  EXPECT_EQ(spring.end - spring.start, hours(23));
}

TEST(DigestSchedule, WeeklyFiresOnItsDay) {
  const auto weekly = parse("weekly mon 09:00 Europe/Berlin");
  // From Wednesday 2024-11-13: Monday 2024-11-18 09:00 CET is 08:00 UTC.
  EXPECT_EQ(weekly.next_fire(utc(2024, 11, 13, 10, 0)), utc(2024, 11, 18, 8, 0));
  EXPECT_EQ(weekly.next_fire(utc(2024, 11, 18, 8, 0)), utc(2024, 11, 25, 8, 0));
  EXPECT_EQ(weekly.next_fire(utc(2024, 11, 18, 7, 59, 59)), utc(2024, 11, 18, 8, 0));
  EXPECT_EQ(weekly.period_ending(utc(2024, 11, 18, 8, 0)), (DigestPeriod{utc(2024, 11, 11, 8, 0), utc(2024, 11, 18, 8, 0)}));
  // Across spring forward: a week of 167 hours, and the gap rule on its day.
  const auto sunday = parse("weekly sunday 02:30 Europe/Berlin");
  EXPECT_EQ(sunday.next_fire(utc(2024, 3, 25, 0, 0)), utc(2024, 3, 31, 1, 0));
  EXPECT_EQ(sunday.period_ending(utc(2024, 3, 31, 1, 0)).start, utc(2024, 3, 24, 1, 30));
}

// Over a whole year, every few hours: next and previous agree and each local day (week) fires once.
TEST(DigestSchedule, NextAndPreviousAgreeAllYear) {
  for (const char* text : {"daily 02:30 Europe/Berlin", "daily 01:30 America/New_York", "weekly wed 00:00 Asia/Tokyo",
                           "daily 23:45 Australia/Lord_Howe", "hourly"}) {
    const auto schedule = parse(text);
    for (auto t = utc(2024, 1, 1, 0, 0); t < utc(2025, 1, 1, 0, 0); t += hours(5) + minutes(7)) {
      const auto next = schedule.next_fire(t);
      const auto previous = schedule.previous_fire(t);
      ASSERT_GT(next, t) << text;
      ASSERT_LT(previous, t) << text;
      ASSERT_EQ(schedule.next_fire(previous), schedule.next_fire(t - seconds(1))) << text;
      ASSERT_EQ(schedule.previous_fire(next), schedule.previous_fire(t + seconds(1))) << text;
      const auto gap = next - schedule.previous_fire(next);
      if (schedule.every() == DigestSchedule::Every::day) {
        ASSERT_GE(gap, hours(22)) << text;
        ASSERT_LE(gap, hours(26)) << text;
      }
    }
  }
}

}  // namespace
}  // namespace newswatch::daemon
