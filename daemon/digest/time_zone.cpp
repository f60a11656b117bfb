// SPDX-License-Identifier: MIT
#include "daemon/digest/time_zone.hpp"

#include <unicode/gregocal.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace newswatch::daemon {

struct TimeZone::Zone {
  std::unique_ptr<icu::TimeZone> icu;
};

namespace {

using namespace std::chrono;

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> system_zone_ids() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> ids(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, nullptr, nullptr, status));
  std::vector<std::string> out;
  if (U_FAILURE(status) || !ids) return out;
  while (const char* id = ids->next(nullptr, status)) {
    if (U_FAILURE(status)) break;
    out.emplace_back(id);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

UDate to_udate(sys_seconds instant) { return static_cast<UDate>(instant.time_since_epoch().count()) * 1000.0; }

}  // namespace

TimeZone::TimeZone(std::string name, std::shared_ptr<const Zone> zone) : name_(std::move(name)), zone_(std::move(zone)) {}

std::optional<TimeZone> TimeZone::find(std::string_view name) {
  if (name.empty()) return std::nullopt;
  // ICU answers an unknown id with "Etc/Unknown" (GMT), so look the id up among the known ones.
  const auto ids = system_zone_ids();
  auto found = std::ranges::find(ids, name);
  if (found == ids.end()) {
    const std::string wanted = lower(name);
    found = std::ranges::find_if(ids, [&](const std::string& id) { return lower(id) == wanted; });
  }
  if (found == ids.end()) return std::nullopt;
  auto zone = std::make_shared<Zone>();
  zone->icu.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(*found)));
  if (!zone->icu) return std::nullopt;
  return TimeZone(*found, std::move(zone));
}

TimeZone TimeZone::utc() { return *find("UTC"); }

std::string TimeZone::suggest(std::string_view name) {
  const std::string wanted = lower(name);
  std::vector<std::pair<std::size_t, std::string>> close;
  for (const auto& id : system_zone_ids()) {
    const std::string candidate = lower(id);
    // "Tokyo" alone means Asia/Tokyo; otherwise allow about one typo per four letters.
    const auto slash = candidate.rfind('/');
    if (slash != std::string::npos && candidate.substr(slash + 1) == wanted) {
      close.emplace_back(0, id);
      continue;
    }
    const std::size_t distance = edit_distance(candidate, wanted);
    if (distance <= std::max<std::size_t>(2, wanted.size() / 4)) close.emplace_back(distance, id);
  }
  std::ranges::stable_sort(close, {}, &std::pair<std::size_t, std::string>::first);
  std::string out;
  for (std::size_t i = 0; i < close.size() && i < 3; ++i) out += (i ? ", " : "") + close[i].second;
  return out;
}

local_seconds TimeZone::to_local(sys_seconds instant) const {
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0;
  int32_t dst = 0;
  zone_->icu->getOffset(to_udate(instant), false, raw, dst, status);
  if (U_FAILURE(status)) raw = dst = 0;
  return local_seconds(instant.time_since_epoch()) + duration_cast<seconds>(milliseconds(raw + dst));
}

sys_seconds TimeZone::to_sys(local_seconds wall) const {
  const auto day = floor<days>(wall);
  const year_month_day date(day);
  const hh_mm_ss<seconds> time(wall - day);
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(zone_->icu->clone(), status);
  // The two DST rules of the header: skipped times move past the gap, repeated ones take the first.
  calendar.setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  calendar.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
  calendar.clear();
  calendar.set(static_cast<int32_t>(int(date.year())), static_cast<int32_t>(unsigned(date.month())) - 1,
               static_cast<int32_t>(unsigned(date.day())), static_cast<int32_t>(time.hours().count()),
               static_cast<int32_t>(time.minutes().count()), static_cast<int32_t>(time.seconds().count()));
  const UDate when = calendar.getTime(status);
  if (U_FAILURE(status)) return sys_seconds(wall.time_since_epoch());
  return sys_seconds(seconds(static_cast<long long>(std::floor(when / 1000.0))));
}

}  // namespace newswatch::daemon
