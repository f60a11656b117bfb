// SPDX-License-Identifier: MIT
#pragma once
// Small text and colour helpers shared by the digest view builders (digest_view, story_view,
// chart_view). Pure; safe on any thread.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/digest/time_zone.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon::detail {

struct SeverityStyle {
  std::string_view background, foreground;
};
SeverityStyle severity_style(rules::Severity severity);

// The colour of the index-th tag in group order; tags seen only in the previous period are grey.
std::string tag_colour(std::size_t index);
inline constexpr std::string_view kPreviousOnlyColour = "#cccccc";

// Feed text without control characters, whitespace runs collapsed, trimmed.
std::string clean_text(std::string_view text);
std::string upper(std::string_view text);
std::string tag_label(std::string_view tag);                                   // "maritime-military" -> "Maritime military"
std::string number(std::size_t n);
std::string counted(std::size_t n, std::string_view one, std::string_view many);  // "1 story", "2 stories"
std::string delta_text(std::size_t now, std::size_t before);                   // "+2", "-1", "±0"
std::string tone_text(double tone);                                            // "+3.0", "-2.5", "0.0"
std::string local_text(const TimeZone& zone, std::chrono::sys_seconds instant);  // "Tue 12 Nov 09:30"

}  // namespace newswatch::daemon::detail
