// SPDX-License-Identifier: MIT
#include "daemon/digest/detail/view_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "daemon/digest/wall_clock_text.hpp"

namespace newswatch::daemon::detail {
namespace {

// Tableau 10: distinct on white and in most colour-vision deficiencies.
constexpr std::array<std::string_view, 10> kTagColours = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

}  // namespace

std::string tag_colour(std::size_t index) { return std::string(kTagColours[index % kTagColours.size()]); }

SeverityStyle severity_style(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::critical: return {"#b71c1c", "#ffffff"};
    case rules::Severity::high: return {"#e65100", "#ffffff"};
    case rules::Severity::medium: return {"#f9a825", "#212121"};
    case rules::Severity::low: return {"#558b2f", "#ffffff"};
    case rules::Severity::info: break;
  }
  return {"#607d8b", "#ffffff"};
}

// Feed text may carry controls (a stray ESC or CR would reach a terminal or a mail header) and
// runs of whitespace; a digest line wants neither.
std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "maritime-military" reads as "Maritime military".
std::string tag_label(std::string_view tag) {
  std::string out = clean_text(tag);
  std::ranges::replace(out, '-', ' ');
  std::ranges::replace(out, '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string number(std::size_t n) { return std::to_string(n); }

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return number(n) + " " + std::string(n == 1 ? one : many);
}

std::string delta_text(std::size_t now, std::size_t before) {
  if (now == before) return "±0";
  return now > before ? "+" + number(now - before) : "-" + number(before - now);
}

std::string tone_text(double tone) {
  char text[16];
  std::snprintf(text, sizeof text, "%+.1f", tone);
  return std::string(text) == "+0.0" || std::string(text) == "-0.0" ? "0.0" : text;
}

std::string local_text(const TimeZone& zone, std::chrono::sys_seconds instant) {
  return day_and_clock_text(zone.to_local(instant));
}

}  // namespace newswatch::daemon::detail
