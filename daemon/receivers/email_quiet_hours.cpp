// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_quiet_hours.hpp"

#include <cctype>
#include <memory>
#include <string>

#include <unicode/gregocal.h>
#include <unicode/timezone.h>

namespace newswatch::daemon {
namespace {

std::unique_ptr<icu::TimeZone> make_zone(std::string_view name) {
  return std::unique_ptr<icu::TimeZone>(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())))));
}

}  // namespace

std::optional<int> parse_clock_time(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) return std::nullopt;
  int hours = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    hours = hours * 10 + (text[i] - '0');
  }
  if (!std::isdigit(static_cast<unsigned char>(text[colon + 1])) || !std::isdigit(static_cast<unsigned char>(text[colon + 2])))
    return std::nullopt;
  const int minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

bool is_known_time_zone(std::string_view name) {
  if (name.empty()) return false;
  // ICU answers an unknown name with a GMT zone called "Etc/Unknown" rather than an error.
  icu::UnicodeString id, unknown;
  make_zone(name)->getID(id);
  icu::TimeZone::getUnknown().getID(unknown);
  return id != unknown;
}

std::optional<std::chrono::sys_seconds> quiet_hours_end(const QuietHoursConfig& quiet, std::chrono::sys_seconds now) {
  const int from = quiet.from_minute;
  const int to = quiet.to_minute;
  if (from == to) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(make_zone(quiet.zone).release(), status);  // adopts the zone
  if (U_FAILURE(status)) return std::nullopt;
  // A `to` that happens twice (clocks go back) ends at the first; one that never happens (clocks
  // go forward) ends at the first valid time after it.
  calendar.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
  calendar.setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  const auto now_ms = static_cast<UDate>(now.time_since_epoch().count()) * 1000.0;
  calendar.setTime(now_ms, status);
  const int minute = calendar.get(UCAL_HOUR_OF_DAY, status) * 60 + calendar.get(UCAL_MINUTE, status);
  if (U_FAILURE(status)) return std::nullopt;
  const bool crosses_midnight = from > to;
  const bool inside = crosses_midnight ? (minute >= from || minute < to) : (minute >= from && minute < to);
  if (!inside) return std::nullopt;
  // Started this evening and runs past midnight: it ends tomorrow.
  if (crosses_midnight && minute >= from) calendar.add(UCAL_DATE, 1, status);
  calendar.set(UCAL_HOUR_OF_DAY, to / 60);
  calendar.set(UCAL_MINUTE, to % 60);
  calendar.set(UCAL_SECOND, 0);
  calendar.set(UCAL_MILLISECOND, 0);
  const UDate end_ms = calendar.getTime(status);
  auto end = std::chrono::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(end_ms / 1000.0)));
  // Inside the second pass of a repeated hour the first `to` is already behind us: the clock
  // reaches `to` again within the hour.
  if (U_FAILURE(status) || end <= now) end = now + std::chrono::minutes((to - minute + 24 * 60) % (24 * 60));
  return end;
}

}  // namespace newswatch::daemon
