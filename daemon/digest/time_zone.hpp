// SPDX-License-Identifier: MIT
#pragma once
// An IANA time zone (ICU's tz data; GCC 12's libstdc++ has no chrono tzdb): converts between
// instants and wall-clock times, for digest schedules and for the times a digest shows.
// Immutable after find(); copies share the zone. Safe to use from any thread.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch::daemon {

class TimeZone {
 public:
  // The zone named `name` ("Asia/Tokyo", "UTC"), matched case-insensitively against ICU's system
  // zone ids; nullopt for an unknown name (ICU would silently fall back to GMT).
  static std::optional<TimeZone> find(std::string_view name);
  static TimeZone utc();
  // Up to three known zone ids close to a misspelt `name`, for "did you mean".
  static std::string suggest(std::string_view name);

  // The id as ICU spells it ("asia/tokyo" gives "Asia/Tokyo").
  const std::string& name() const { return name_; }

  std::chrono::local_seconds to_local(std::chrono::sys_seconds instant) const;
  // The instant the wall clock shows `wall`. A time skipped by a forward change (02:30 on the
  // spring-forward day in Europe/Berlin) gives the first valid instant after the gap (03:00 CEST);
  // a time shown twice (02:30 on the fall-back day) gives its first occurrence (02:30 CEST).
  std::chrono::sys_seconds to_sys(std::chrono::local_seconds wall) const;

 private:
  struct Zone;
  TimeZone(std::string name, std::shared_ptr<const Zone> zone);
  std::string name_;
  std::shared_ptr<const Zone> zone_;
};

}  // namespace newswatch::daemon
