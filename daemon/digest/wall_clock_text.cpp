// SPDX-License-Identifier: MIT
#include "daemon/digest/wall_clock_text.hpp"

#include <array>
#include <cstdio>
#include <string_view>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string day_text(local_days day) {
  const year_month_day date(day);
  return std::string(kWeekdays[weekday(day).c_encoding()]) + " " + std::to_string(unsigned(date.day())) + " " +
         std::string(kMonths[unsigned(date.month()) - 1]);
}

std::string day_with_year_text(local_days day) {
  return day_text(day) + " " + std::to_string(int(year_month_day(day).year()));
}

std::string clock_text(local_seconds time) {
  const hh_mm_ss<seconds> clock(time - floor<days>(time));
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()));
  return text;
}

std::string day_and_clock_text(local_seconds time) {
  return day_text(floor<days>(time)) + " " + clock_text(time);
}

}  // namespace newswatch::daemon
