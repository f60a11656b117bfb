// SPDX-License-Identifier: MIT
#include "feeds/parse/dates.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace newswatch::feeds {
namespace {

using namespace std::chrono;

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// All digits, at most 9 of them (fits an int).
std::optional<int> to_int(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Civil fields + offset east of UTC in minutes → UTC seconds, or nullopt if a field is out of range.
std::optional<TimePoint> make_time(int y, int mo, int d, int h, int mi, int s, int offset_min) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  if (h == 24 && (mi != 0 || s != 0)) return std::nullopt;  // ISO 8601 allows 24:00:00 only
  if (s == 60) s = 59;                                         // a leap second: close enough
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - minutes{offset_min};
}

// ---- RFC 822 --------------------------------------------------------------------------------

std::optional<int> month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december"};
  if (name.size() < 3) return std::nullopt;
  if (name.back() == '.') name.remove_suffix(1);  // "Nov." and French "janv."
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const auto full = kMonths[m];
    if (name.size() > full.size()) continue;
    // "Jun", "June", and "Sept" are all fine: a prefix of the full name, at least 3 letters.
    if (name.size() >= 3 && iequals(name, full.substr(0, name.size()))) return static_cast<int>(m) + 1;
  }
  // German, French and Spanish names that English prefixes miss (feeds in those languages write
  // their own month names into RFC 822 dates). Lower-case UTF-8 as they are written.
  static constexpr std::array<std::pair<std::string_view, int>, 22> kOther = {{
      {"januar", 1}, {"janv", 1}, {"ene", 1}, {"enero", 1}, {"februar", 2}, {"févr", 2}, {"fév", 2},
      {"mär", 3}, {"märz", 3}, {"avr", 4}, {"abr", 4}, {"mai", 5}, {"juni", 6}, {"juin", 6},
      {"juli", 7}, {"juil", 7}, {"ago", 8}, {"août", 8}, {"okt", 10}, {"dez", 12}, {"déc", 12}, {"dic", 12},
  }};
  // Greek abbreviations (with and without the accent) and Hungarian names, which Greek and
  // Hungarian blog software writes in place of the English ones.
  static constexpr std::array<std::pair<std::string_view, int>, 29> kMore = {{
      {"Ιαν", 1}, {"Φεβ", 2}, {"Μάρ", 3}, {"Μαρ", 3}, {"Απρ", 4}, {"Μάι", 5}, {"Μαι", 5},
      {"Μαΐ", 5}, {"Μάη", 5}, {"Ιούν", 6}, {"Ιουν", 6}, {"Ιούλ", 7}, {"Ιουλ", 7}, {"Αύγ", 8},
      {"Αυγ", 8}, {"Σεπ", 9}, {"Οκτ", 10}, {"Νοέ", 11}, {"Νοε", 11}, {"Δεκ", 12},
      {"január", 1}, {"február", 2}, {"március", 3}, {"április", 4}, {"május", 5}, {"június", 6},
      {"július", 7}, {"augusztus", 8}, {"október", 10},
  }};
  for (const auto& [other, m] : kOther)
    if (iequals(name, other)) return m;
  for (const auto& [other, m] : kMore)
    if (iequals(name, other)) return m;
  return std::nullopt;
}

bool is_weekday(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (name.size() < 3) return false;
  for (auto d : kDays) {
    if (name.size() <= d.size() && iequals(name, d.substr(0, name.size()))) return true;
  }
  return false;
}

struct NamedZone {
  std::string_view name;
  int offset_min;
};

// RFC 822 names first; then zones common enough in real feeds to be worth knowing.
// "AT", "ET", "CT", "MT", "PT" are the standard times of the North American zones, as some US
// publishers write them; MET and MEST are older names of CET and CEST.
constexpr std::array<NamedZone, 29> kZones = {{
    {"ut", 0},        {"utc", 0},       {"gmt", 0},       {"z", 0},
    {"est", -5 * 60}, {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},
    {"mst", -7 * 60}, {"mdt", -6 * 60}, {"pst", -8 * 60}, {"pdt", -7 * 60},
    {"jst", 9 * 60},  {"kst", 9 * 60},  {"hkt", 8 * 60},  {"sgt", 8 * 60},
    {"bst", 60},      {"cet", 60},      {"cest", 120},    {"eet", 120},
    {"eest", 180},    {"aest", 600},    {"met", 60},      {"mest", 120},
    {"at", -4 * 60},  {"et", -5 * 60},  {"ct", -6 * 60},  {"mt", -7 * 60},
    {"pt", -8 * 60},
}};

// "+0900", "-05:00", "+09" (and "+9" after "GMT"): minutes east of UTC.
std::optional<int> numeric_offset(std::string_view z) {
  if (z.size() < 2 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  const int sign = z[0] == '-' ? -1 : 1;
  z.remove_prefix(1);
  if (z.size() == 1) {
    auto h = to_int(z);
    if (!h) return std::nullopt;
    return sign * *h * 60;
  }
  std::string_view hh = z.substr(0, 2);
  std::string_view mm;
  if (z.size() == 4) {
    mm = z.substr(2, 2);
  } else if (z.size() == 5 && z[2] == ':') {
    mm = z.substr(3, 2);
  } else if (z.size() != 2) {
    return std::nullopt;
  }
  auto h = to_int(hh);
  auto m = mm.empty() ? std::optional<int>{0} : to_int(mm);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return sign * (*h * 60 + *m);
}

std::optional<int> zone_offset(std::string_view z) {
  if (z.empty()) return 0;
  if (z[0] == '+' || z[0] == '-') return numeric_offset(z);
  // The tz database's "Etc/GMT" and "Etc/UTC" (not "Etc/GMT+5", whose sign is inverted).
  if (z.size() > 4 && iequals(z.substr(0, 4), "etc/")) {
    z.remove_prefix(4);
    if (z.find_first_of("+-") != std::string_view::npos) return std::nullopt;
  }
  // "GMT+9" or "UTC+09:00" also occur.
  for (std::string_view prefix : {"gmt", "utc"}) {
    if (z.size() > prefix.size() && iequals(z.substr(0, prefix.size()), prefix) &&
        (z[prefix.size()] == '+' || z[prefix.size()] == '-')) {
      return numeric_offset(z.substr(prefix.size()));
    }
  }
  for (const auto& zone : kZones) {
    if (iequals(z, zone.name)) return zone.offset_min;
  }
  if (z.size() == 1 && is_alpha(z[0])) return 0;  // military zones: RFC 2822 says treat as -0000
  return std::nullopt;
}

// The tokens of a date, kept in place up to kFixed of them (a date has up to six, and a vector
// cost an allocation per date); more spill to the heap, so any string tokenizes exactly.
class Tokens {
 public:
  void push_back(std::string_view t) {
    if (size_ == kFixed && spill_.empty()) spill_.assign(fixed_.begin(), fixed_.end());
    if (spill_.empty()) {
      fixed_[size_] = t;
    } else {
      spill_.push_back(t);
    }
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::string_view* begin() const { return spill_.empty() ? fixed_.data() : spill_.data(); }
  const std::string_view* end() const { return begin() + size_; }
  std::string_view operator[](std::size_t k) const { return begin()[k]; }
  std::string_view back() const { return begin()[size_ - 1]; }
  template <typename Pred>
  void erase_if(Pred pred) {
    auto* first = spill_.empty() ? fixed_.data() : spill_.data();
    size_ = static_cast<std::size_t>(std::remove_if(first, first + size_, pred) - first);
    if (!spill_.empty()) spill_.resize(size_);
  }

 private:
  static constexpr std::size_t kFixed = 8;
  std::array<std::string_view, kFixed> fixed_;
  std::vector<std::string_view> spill_;
  std::size_t size_ = 0;
};

// Bytes that separate date tokens: whitespace and ','. (A table: one load per byte.)
constexpr std::array<bool, 256> kDateSeparators = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = is_space(static_cast<char>(c)) || c == ',';
  return t;
}();

Tokens tokenize(std::string_view s) {
  const auto separator = [](char c) { return kDateSeparators[static_cast<unsigned char>(c)]; };
  Tokens tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && separator(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !separator(s[i])) ++i;
    if (i > start) tokens.push_back(s.substr(start, i - start));
  }
  return tokens;
}

// "HH:MM" or "HH:MM:SS".
bool parse_clock(std::string_view t, int& h, int& m, int& s) {
  auto c1 = t.find(':');
  if (c1 == std::string_view::npos) return false;
  auto c2 = t.find(':', c1 + 1);
  auto hh = to_int(t.substr(0, c1));
  auto mm = to_int(t.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1));
  std::optional<int> ss = 0;
  if (c2 != std::string_view::npos) ss = to_int(t.substr(c2 + 1));
  if (!hh || !mm || !ss || t.substr(0, c1).size() > 2) return false;
  h = *hh;
  m = *mm;
  s = *ss;
  return true;
}

// ---- ISO 8601 -------------------------------------------------------------------------------

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  std::optional<int> digits(std::size_t n) {
    if (i + n > s.size()) return std::nullopt;
    auto v = to_int(s.substr(i, n));
    if (v) i += n;
    return v;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
};

}  // namespace

std::optional<TimePoint> parse_rfc822_date(std::string_view text) {
  auto tokens = tokenize(trim(text));
  // "+0900 (JST)": RFC 822 comments carry nothing we need.
  tokens.erase_if([](std::string_view t) { return t.front() == '('; });
  std::size_t k = 0;
  // A weekday, in English or not ("Fr,", "lun.", "Mié"): a leading word that is not a month.
  if (k < tokens.size() && (is_alpha(tokens[k][0]) || static_cast<unsigned char>(tokens[k][0]) >= 0x80) &&
      (is_weekday(tokens[k]) || (!month_from_name(tokens[k]) && tokens.size() >= 4)))
    ++k;
  // Some writers glue the weekday and day with a dot or omit the comma; both are tokenized away.
  // A date without a time ("15 Nov 2024") is read as midnight UTC: better than no date at all.
  if (tokens.size() - k < 3 || tokens.size() - k > 5) return std::nullopt;
  auto d = to_int(tokens[k]);
  auto mo = month_from_name(tokens[k + 1]);
  auto y = to_int(tokens[k + 2]);
  if (!d || !mo || !y) return std::nullopt;
  const auto year_len = tokens[k + 2].size();
  if (year_len == 2) {
    *y += *y < 50 ? 2000 : 1900;
  } else if (year_len == 3) {
    *y += 1900;  // RFC 2822 obsolete syntax: three-digit years count from 1900
  } else if (year_len != 4) {
    return std::nullopt;
  }
  int h = 0, mi = 0, s = 0;
  if (tokens.size() - k >= 4 && !parse_clock(tokens[k + 3], h, mi, s)) return std::nullopt;
  std::optional<int> offset = 0;
  if (tokens.size() - k == 5) {
    offset = zone_offset(tokens[k + 4]);
  }
  if (!offset) return std::nullopt;
  return make_time(*y, *mo, *d, h, mi, s, *offset);
}

std::optional<TimePoint> parse_iso8601_date(std::string_view text) {
  Cursor c{trim(text)};
  auto y = c.digits(4);
  if (!y) return std::nullopt;
  int mo = 1, d = 1, h = 0, mi = 0, s = 0, offset = 0;
  if (c.eat('-')) {
    // Google's feeds once wrote the month with three digits: "2003-012-31".
    if (c.peek() == '0' && c.i + 2 < c.s.size() && is_digit(c.s[c.i + 1]) &&
        is_digit(c.s[c.i + 2])) {
      ++c.i;
    }
    auto m = c.digits(2);
    if (!m) return std::nullopt;
    mo = *m;
    if (c.eat('-')) {
      auto dd = c.digits(2);
      if (!dd) return std::nullopt;
      d = *dd;
    }
  }
  if (!c.done()) {
    if (c.peek() != 'T' && c.peek() != 't' && c.peek() != ' ') return std::nullopt;
    ++c.i;
    auto hh = c.digits(2);
    if (!hh || !c.eat(':')) return std::nullopt;
    auto mm = c.digits(2);
    if (!mm) return std::nullopt;
    h = *hh;
    mi = *mm;
    if (c.eat(':')) {
      auto ss = c.digits(2);
      if (!ss) return std::nullopt;
      s = *ss;
      if (c.eat('.') || c.eat(',')) {
        std::size_t start = c.i;
        while (is_digit(c.peek())) ++c.i;
        if (c.i == start) return std::nullopt;
      }
    }
    while (c.peek() == ' ') ++c.i;  // "2024-01-02 10:00 +09:00" appears in sloppy feeds
    if (!c.done()) {
      if (c.peek() == 'Z' || c.peek() == 'z') {
        ++c.i;
      } else {
        auto off = numeric_offset(c.s.substr(c.i));
        if (!off) return std::nullopt;
        offset = *off;
        c.i = c.s.size();
      }
    }
  }
  if (!c.done()) return std::nullopt;
  return make_time(*y, mo, d, h, mi, s, offset);
}

namespace {

// Forms outside both standards that real feeds use, tried last:
//   "15-Nov-2024 10:30:00 +0900"            dashes inside an RFC 822 date
//   "Nov 15, 2024 10:30 GMT", "November 15 2024"   month first
//   "Fri Nov 15 10:30:00 2024", "Fri Nov 15 10:30:00 +0000 2024"   C's asctime(), Twitter
//   "2024/11/15 10:30", "2024.11.15 10:30:00", "Fri, 2024/11/15 10:30:00 EST"  slashes or dots
//   "2024-11-15 9:30", "2024-november-15T9:30-05:00"  one-digit hours, month names
//   "2024年11月15日 10:30", "2024年11月15日 10時30分" Japanese and Chinese
//   "2024년 11월 15일 10:30:00", "2024-11-15 오후 7:30:00"  Korean (오전/오후: a.m./p.m.)
// A date without a zone is read as UTC, like RFC 822 without one, except a Korean one: Korea has
// one time zone, and Korean blog software writes its local time.
std::optional<TimePoint> parse_loose_date(std::string_view t) {
  std::string s(t);
  const bool korean = s.find("년") != std::string::npos || s.find("오전") != std::string::npos ||
                      s.find("오후") != std::string::npos;
  int half = 0;  // 1: a.m., 2: p.m.
  for (const auto& [marker, which] : {std::pair<std::string_view, int>{"오전", 1}, {"오후", 2}}) {
    if (auto at = s.find(marker); at != std::string::npos) {
      s.replace(at, marker.size(), " ");
      half = which;
    }
  }
  // CJK date and time markers become the separators of the forms below.
  for (const auto& [from, to] : std::array<std::pair<std::string_view, std::string_view>, 11>{
           {{"年", "/"}, {"月", "/"}, {"日", " "}, {"時", ":"}, {"时", ":"}, {"分", " "},
            {"년", "/"}, {"월", "/"}, {"일", " "}, {"시", ":"}, {"분", " "}}}) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  }
  // A weekday before a numeric date ("Fri, 2024/11/15"): skip it.
  std::size_t i = 0;
  if (const auto first = tokenize(s);
      first.size() > 1 && is_weekday(first[0]) && is_digit(first[1][0])) {
    i = static_cast<std::size_t>(first[1].data() - s.data());
  }
  // "2024/11/15 10:30[:00] [zone]", with dots, or (when the ISO reading failed) with dashes and a
  // month name or one-digit fields.
  if (s.size() >= i + 8 && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
      is_digit(s[i + 3]) && (s[i + 4] == '/' || s[i + 4] == '.' || s[i + 4] == '-')) {
    const char sep = s[i + 4];
    std::string iso = s.substr(i, 4) + '-';
    i += 5;
    const auto skip_spaces = [&] {
      while (i < s.size() && is_space(s[i])) ++i;
    };
    auto take_number = [&]() -> std::string {
      skip_spaces();
      std::size_t start = i;
      while (i < s.size() && is_digit(s[i])) ++i;
      std::string n = s.substr(start, i - start);
      return n.size() == 1 ? "0" + n : n;
    };
    auto month = take_number();
    if (month.empty() && sep == '-') {  // "2004-július-13"
      const std::size_t start = i;
      while (i < s.size() && s[i] != '-' && !is_space(s[i])) ++i;
      if (auto m = month_from_name(std::string_view(s).substr(start, i - start))) {
        month = (*m < 10 ? "0" : "") + std::to_string(*m);
      }
    }
    skip_spaces();
    if (i >= s.size() || s[i] != sep) return std::nullopt;
    ++i;
    const auto day = take_number();
    if (month.size() != 2 || day.size() != 2) return std::nullopt;
    iso += month + '-' + day;
    if (i < s.size() && (s[i] == 'T' || s[i] == 't') && sep == '-') ++i;
    skip_spaces();
    std::string clock;
    if (i < s.size()) {
      std::size_t start = i;
      while (i < s.size() && (is_digit(s[i]) || s[i] == ':')) ++i;
      clock = s.substr(start, i - start);
      while (!clock.empty() && clock.back() == ':') clock.pop_back();  // "10時30分" leaves "10:30"
      if (clock.size() == 4 || clock.size() == 7) clock = "0" + clock;  // "9:05"
      if (half != 0 && clock.size() >= 2 && is_digit(clock[0]) && is_digit(clock[1])) {
        const int h = (clock[0] - '0') * 10 + (clock[1] - '0');
        const int h24 = half == 2 ? (h < 12 ? h + 12 : h) : (h == 12 ? 0 : h);
        clock[0] = static_cast<char>('0' + h24 / 10);
        clock[1] = static_cast<char>('0' + h24 % 10);
      }
      if (!clock.empty()) iso += 'T' + clock;
    }
    // A zone only after a clock: "2013-01-27-01" is not a date with the zone -01.
    const auto zone = trim(std::string_view(s).substr(i));
    if (!zone.empty() && clock.empty()) return std::nullopt;
    const auto offset = zone.empty() ? std::optional<int>(korean ? 9 * 60 : 0) : zone_offset(zone);
    const auto local = parse_iso8601_date(iso);
    if (!offset || !local) return std::nullopt;
    return *local - minutes{*offset};
  }
  // Dashes inside "15-Nov-2024".
  auto tokens = tokenize(s);
  if (!tokens.empty() && std::count(tokens[0].begin(), tokens[0].end(), '-') == 2 && is_digit(tokens[0][0])) {
    std::string rewritten(tokens[0]);
    std::replace(rewritten.begin(), rewritten.end(), '-', ' ');
    for (std::size_t k = 1; k < tokens.size(); ++k) rewritten += ' ' + std::string(tokens[k]);
    return parse_rfc822_date(rewritten);
  }
  // Month first: swap month and day, then RFC 822.
  std::size_t k = 0;
  if (k < tokens.size() && is_weekday(tokens[k])) ++k;
  // asctime() puts the year last, after the clock and (Twitter) a zone.
  if (tokens.size() >= k + 4 && tokens.size() <= k + 5 && month_from_name(tokens[k]) &&
      to_int(tokens[k + 1]) && tokens[k + 2].find(':') != std::string_view::npos &&
      tokens.back().size() == 4 && to_int(tokens.back())) {
    std::string rewritten = std::string(tokens[k + 1]) + ' ' + std::string(tokens[k]) + ' ' +
                            std::string(tokens.back()) + ' ' + std::string(tokens[k + 2]);
    if (tokens.size() == k + 5) rewritten += ' ' + std::string(tokens[k + 3]);
    return parse_rfc822_date(rewritten);
  }
  if (tokens.size() >= k + 3 && month_from_name(tokens[k]) && to_int(tokens[k + 1])) {
    std::string rewritten = std::string(tokens[k + 1]) + ' ' + std::string(tokens[k]);
    for (std::size_t j = k + 2; j < tokens.size(); ++j) rewritten += ' ' + std::string(tokens[j]);
    return parse_rfc822_date(rewritten);
  }
  return std::nullopt;
}

// ---- Fast path ------------------------------------------------------------------------------

// Two digits at s[at] as a number, or -1 (the caller checked the size).
int two_digits(std::string_view s, std::size_t at) {
  const unsigned hi = static_cast<unsigned char>(s[at]) - unsigned{'0'};
  const unsigned lo = static_cast<unsigned char>(s[at + 1]) - unsigned{'0'};
  return hi < 10 && lo < 10 ? static_cast<int>(hi * 10 + lo) : -1;
}

// Four digits at s[at] as a number, or -1.
int four_digits(std::string_view s, std::size_t at) {
  const int hi = two_digits(s, at);
  const int lo = two_digits(s, at + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

// Three letters packed into one word, to compare names in one step.
constexpr std::uint32_t pack3(std::string_view s) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 16;
}

// Three-letter names found by a perfect hash of their packed bytes, (key * multiplier) >> 28:
// one multiply and one compare, where a search took a mispredicted branch per date. The
// multipliers were searched for; building the table checks that no two names collide.
struct NameTable {
  std::array<std::uint32_t, 16> keys{};
  std::array<std::uint8_t, 16> values{};  // 0: not a name
  bool collides = false;
};

template <std::size_t N>
constexpr NameTable make_name_table(const std::array<std::string_view, N>& names, std::uint32_t multiplier) {
  NameTable table;
  for (std::size_t k = 0; k < N; ++k) {
    const std::uint32_t slot = (pack3(names[k]) * multiplier) >> 28;
    table.collides = table.collides || table.values[slot] != 0;
    table.keys[slot] = pack3(names[k]);
    table.values[slot] = static_cast<std::uint8_t>(k + 1);
  }
  return table;
}

constexpr std::uint32_t kMonthMultiplier = 26596;
constexpr std::uint32_t kWeekdayMultiplier = 1261;
constexpr NameTable kMonthTable = make_name_table<12>(
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}, kMonthMultiplier);
constexpr NameTable kWeekdayTable =
    make_name_table<7>({"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, kWeekdayMultiplier);
static_assert(!kMonthTable.collides && !kWeekdayTable.collides);

int lookup_name(const NameTable& table, std::uint32_t multiplier, std::string_view s) {
  const std::uint32_t key = pack3(s);
  const std::uint32_t slot = (key * multiplier) >> 28;
  return table.keys[slot] == key ? table.values[slot] : 0;
}

// 1-12 for "Jan" to "Dec" exactly as written in RFC 822, else 0.
int english_month(std::string_view s) { return lookup_name(kMonthTable, kMonthMultiplier, s); }

bool is_english_weekday(std::string_view s) { return lookup_name(kWeekdayTable, kWeekdayMultiplier, s) != 0; }

// "Fri, 22 May 2024 16:36:42 GMT": the fields at fixed offsets, then one zone token (as
// parse_rfc822_date reads it: no separator in it, not a "(comment)").
std::optional<TimePoint> parse_common_rfc822(std::string_view t) {
  if (t.size() < 27 || !is_english_weekday(t) || t[3] != ',' || t[4] != ' ' || t[7] != ' ' ||
      t[11] != ' ' || t[16] != ' ' || t[19] != ':' || t[22] != ':' || t[25] != ' ') {
    return std::nullopt;
  }
  const int d = two_digits(t, 5);
  // (Views built in place: t is 27 bytes or more, and substr, with its bounds check, is a call.)
  const int mo = english_month(std::string_view(t.data() + 8, 3));
  const int y = four_digits(t, 12);
  const int h = two_digits(t, 17);
  const int mi = two_digits(t, 20);
  const int s = two_digits(t, 23);
  if (d < 0 || mo == 0 || y < 0 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  const auto zone = std::string_view(t.data() + 26, t.size() - 26);
  if (zone.front() == '(' ||
      std::any_of(zone.begin(), zone.end(), [](char c) { return kDateSeparators[static_cast<unsigned char>(c)]; })) {
    return std::nullopt;
  }
  // "GMT" and "+0900" inline (what zone_offset gives them); other zones through it.
  std::optional<int> offset;
  if (zone == "GMT") {
    offset = 0;
  } else if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    const int oh = two_digits(zone, 1);
    const int om = two_digits(zone, 3);
    if (oh >= 0 && om >= 0 && oh <= 23 && om <= 59) offset = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    offset = zone_offset(zone);
  }
  if (!offset) return std::nullopt;
  return make_time(y, mo, d, h, mi, s, *offset);
}

// "2024-03-26T02:17:49Z" or "2024-03-26T02:17:49+09:00".
std::optional<TimePoint> parse_common_iso8601(std::string_view t) {
  if ((t.size() != 20 && t.size() != 25) || t[4] != '-' || t[7] != '-' || t[10] != 'T' ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  const int y = four_digits(t, 0);
  const int mo = two_digits(t, 5);
  const int d = two_digits(t, 8);
  const int h = two_digits(t, 11);
  const int mi = two_digits(t, 14);
  const int s = two_digits(t, 17);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  int offset = 0;
  if (t.size() == 20) {
    if (t[19] != 'Z') return std::nullopt;
  } else {
    if ((t[19] != '+' && t[19] != '-') || t[22] != ':') return std::nullopt;
    const int oh = two_digits(t, 20);
    const int om = two_digits(t, 23);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
    offset = (t[19] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  return make_time(y, mo, d, h, mi, s, offset);
}

}  // namespace

std::optional<TimePoint> detail::parse_common_date(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return is_digit(text[0]) ? parse_common_iso8601(text) : parse_common_rfc822(text);
}

std::optional<TimePoint> parse_date(std::string_view text) {
  auto t = trim(text);
  if (auto r = detail::parse_common_date(t)) return r;
  if (t.empty()) return std::nullopt;
  // ISO dates start with a four-digit year and a '-' (or are a bare year); RFC 822 ones do not.
  const bool iso_shape = t.size() >= 4 && is_digit(t[0]) && is_digit(t[1]) && is_digit(t[2]) &&
                         is_digit(t[3]) && (t.size() == 4 || t[4] == '-');
  if (iso_shape) {
    if (auto r = parse_iso8601_date(t)) return r;
    if (auto r = parse_rfc822_date(t)) return r;
    return parse_loose_date(t);
  }
  if (auto r = parse_rfc822_date(t)) return r;
  if (auto r = parse_iso8601_date(t)) return r;
  return parse_loose_date(t);
}

}  // namespace newswatch::feeds
