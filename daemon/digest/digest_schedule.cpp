// SPDX-License-Identifier: MIT
#include "daemon/digest/digest_schedule.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

constexpr std::string_view kExpected = "expected 'hourly', 'daily HH:MM ZONE' or 'weekly DAY HH:MM ZONE'";
constexpr std::array<std::string_view, 7> kDayNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

struct Word {
  std::string_view text;
  std::size_t offset;
};

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back({text.substr(start, i - start), start});
  }
  return words;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<minutes> parse_time_of_day(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) return std::nullopt;
  int hour = 0;
  int minute = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == colon) continue;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    int& part = i < colon ? hour : minute;
    part = part * 10 + (text[i] - '0');
  }
  if (hour > 23 || minute > 59) return std::nullopt;
  return hours(hour) + minutes(minute);
}

std::optional<weekday> parse_day(std::string_view text) {
  const std::string wanted = lower(text);
  for (unsigned i = 0; i < kDayNames.size(); ++i) {
    if (wanted == kDayNames[i] || wanted == kDayNames[i].substr(0, 3)) return weekday(i);
  }
  return std::nullopt;
}

DigestScheduleParse failure(std::string message, std::size_t offset) {
  return {std::nullopt, std::move(message), offset};
}

}  // namespace

DigestScheduleParse DigestSchedule::parse(std::string_view text) {
  const auto words = split_words(text);
  if (words.empty()) return failure("empty digest schedule; " + std::string(kExpected), 0);
  const std::string kind = lower(words[0].text);
  if (kind == "hourly") {
    if (words.size() > 1) {
      return failure("'hourly' takes nothing after it (it fires on the hour, UTC); found '" +
                         std::string(words[1].text) + "'", words[1].offset);
    }
    return {DigestSchedule(Every::hour, Sunday, minutes(0), TimeZone::utc()), "", 0};
  }
  if (kind != "daily" && kind != "weekly") {
    return failure("unknown digest schedule '" + std::string(words[0].text) + "'; " + std::string(kExpected),
                   words[0].offset);
  }
  const bool weekly = kind == "weekly";
  const std::size_t wanted_words = weekly ? 4 : 3;
  const std::string example = weekly ? "'weekly mon 08:00 Europe/Berlin'" : "'daily 08:00 Asia/Tokyo'";
  if (words.size() < wanted_words) {
    return failure("'" + kind + "' needs " + (weekly ? "a day, a time and a time zone" : "a time and a time zone") +
                       ", e.g. " + example, text.size());
  }
  if (words.size() > wanted_words) {
    return failure("unexpected '" + std::string(words[wanted_words].text) + "' after the time zone; e.g. " + example,
                   words[wanted_words].offset);
  }
  weekday day = Sunday;
  std::size_t next = 1;
  if (weekly) {
    const auto parsed = parse_day(words[1].text);
    if (!parsed) {
      return failure("'" + std::string(words[1].text) + "' is not a day of the week; expected mon..sun or monday..sunday",
                     words[1].offset);
    }
    day = *parsed;
    next = 2;
  }
  const auto time_of_day = parse_time_of_day(words[next].text);
  if (!time_of_day) {
    return failure("'" + std::string(words[next].text) + "' is not a time of day; expected HH:MM from 00:00 to 23:59",
                   words[next].offset);
  }
  const Word& zone_word = words[next + 1];
  auto zone = TimeZone::find(zone_word.text);
  if (!zone) {
    const std::string close = TimeZone::suggest(zone_word.text);
    return failure("unknown time zone '" + std::string(zone_word.text) + "'" +
                       (close.empty() ? "; expected an IANA name such as Asia/Tokyo, Europe/Berlin or UTC"
                                      : " (did you mean " + close + "?)"),
                   zone_word.offset);
  }
  return {DigestSchedule(weekly ? Every::week : Every::day, day, *time_of_day, std::move(*zone)), "", 0};
}

sys_seconds DigestSchedule::fire_on(local_days day) const { return zone_.to_sys(day + time_of_day_); }

// Daily and weekly fires are found by trying the wall-clock time on the days around `after` in the
// zone: fire_on() is increasing in the day even across DST changes, so the first that qualifies wins.
sys_seconds DigestSchedule::next_fire(sys_seconds after) const {
  if (every_ == Every::hour) return floor<hours>(after) + hours(1);
  const auto today = floor<days>(zone_.to_local(after));
  for (int offset = -1; offset <= 8; ++offset) {
    const local_days day = today + days(offset);
    if (every_ == Every::week && weekday(day) != day_) continue;
    if (const auto fire = fire_on(day); fire > after) return fire;
  }
  return after + days(7);  // unreachable: some day in the next eight qualifies
}

sys_seconds DigestSchedule::previous_fire(sys_seconds before) const {
  if (every_ == Every::hour) return floor<hours>(before - seconds(1));
  const auto today = floor<days>(zone_.to_local(before));
  for (int offset = 1; offset >= -8; --offset) {
    const local_days day = today + days(offset);
    if (every_ == Every::week && weekday(day) != day_) continue;
    if (const auto fire = fire_on(day); fire < before) return fire;
  }
  return before - days(7);  // unreachable, as above
}

std::string DigestSchedule::describe() const {
  if (every_ == Every::hour) return "hourly";
  const hh_mm_ss<minutes> time(time_of_day_);
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  std::string out = every_ == Every::day ? "daily " : "weekly " + std::string(kDayNames[day_.c_encoding()].substr(0, 3)) + " ";
  return out + clock + " " + zone_.name();
}

}  // namespace newswatch::daemon
