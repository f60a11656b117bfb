// SPDX-License-Identifier: MIT
#pragma once
// When a digest route fires, as written in the config's `schedule:`:
//   hourly                    every hour on the hour in UTC (:30 or :45 local time in the few
//                             zones whose offset is not whole hours)
//   daily HH:MM ZONE          every day at HH:MM on the wall clock of ZONE (an IANA name)
//   weekly DAY HH:MM ZONE     every week on DAY (mon..sun or monday..sunday, any case)
// Daylight-saving changes: a time the clock skips (02:30 on a spring-forward night in Berlin)
// fires at the first valid instant after the gap (03:00 local); a time the clock shows twice
// fires once, at its first occurrence. Each day (or week) fires exactly once either way.
// Immutable and cheap to copy; safe on any thread.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/digest/time_zone.hpp"

namespace newswatch::daemon {

// What a digest covers: (start, end], end being the fire time.
struct DigestPeriod {
  std::chrono::sys_seconds start, end;
  bool operator==(const DigestPeriod&) const = default;
};

struct DigestScheduleParse;

class DigestSchedule {
 public:
  enum class Every { hour, day, week };

  static DigestScheduleParse parse(std::string_view text);

  // The first fire time strictly after `after`.
  std::chrono::sys_seconds next_fire(std::chrono::sys_seconds after) const;
  // The last fire time strictly before `before`.
  std::chrono::sys_seconds previous_fire(std::chrono::sys_seconds before) const;
  // The period a fire at `fire` covers: from the fire before it to it. For a preview at an
  // arbitrary `now`, period_ending(now) covers what the next digest would hold so far.
  DigestPeriod period_ending(std::chrono::sys_seconds fire) const { return {previous_fire(fire), fire}; }

  Every every() const { return every_; }
  const TimeZone& zone() const { return zone_; }
  // The canonical spelling, e.g. "weekly mon 08:00 Asia/Tokyo", which parses back to this schedule.
  std::string describe() const;

 private:
  DigestSchedule(Every every, std::chrono::weekday day, std::chrono::minutes time_of_day, TimeZone zone)
      : every_(every), day_(day), time_of_day_(time_of_day), zone_(std::move(zone)) {}
  std::chrono::sys_seconds fire_on(std::chrono::local_days day) const;

  Every every_;
  std::chrono::weekday day_;           // weekly only
  std::chrono::minutes time_of_day_;   // daily and weekly
  TimeZone zone_;
};

// The result of parsing: a schedule, or a one-line message (no path or position; the config loader
// prefixes "path:line:col: ") and the byte offset in the text where the problem starts.
struct DigestScheduleParse {
  std::optional<DigestSchedule> schedule;
  std::string error;
  std::size_t error_offset = 0;
};

}  // namespace newswatch::daemon
