// SPDX-License-Identifier: MIT
#pragma once
// Date parsing for feeds: the two families found in the wild, both returned as UTC seconds.
//
//   RFC 822 / 1123 / 2822 (RSS pubDate, lastBuildDate):
//     [Wdy[,]] D[D] Mon YY[YY] [HH:MM[:SS] [zone]]   (no time: 00:00 UTC)
//     zone: +hhmm / -hhmm (also +hh:mm), UT, UTC, GMT, Z, the US zones EST EDT CST CDT MST MDT PST
//     PDT, a few common others (JST, KST, CET, CEST, BST, ...), or military letters (read as UTC,
//     as RFC 2822 advises). A missing zone means UTC. Two-digit years: 00-49 → 20xx, 50-99 → 19xx.
//     Month names may be full ("June") and any case. Unknown alphabetic zones → nullopt.
//   RFC 3339 / ISO 8601 / W3C-DTF (Atom, dc:date, JSON Feed):
//     YYYY[-MM[-DD]][(T|t| )HH:MM[:SS[.fraction]]][Z|z|±hh:mm|±hhmm|±hh]
//     Fractions are truncated to seconds. A missing zone means UTC; a date alone means 00:00Z.
//
// Calendar math is std::chrono's civil calendar (no timegm, no locale, no TZ database), so the
// result does not depend on the host's time zone. Out-of-range fields (Feb 30, 25:00) → nullopt.
// Leading and trailing whitespace is ignored. Pure functions; thread-safe; never throw.

#include <optional>
#include <string_view>

#include "feeds/item.hpp"

namespace newswatch::feeds {

std::optional<TimePoint> parse_rfc822_date(std::string_view text);
std::optional<TimePoint> parse_iso8601_date(std::string_view text);

// Either of the above: the shape of `text` decides which is tried first, then the other.
std::optional<TimePoint> parse_date(std::string_view text);

namespace detail {
// parse_date's fast path for the two shapes nearly every feed writes, read at fixed offsets:
// "Fri, 22 May 2024 16:36:42 GMT" (English names as written, any zone token) and
// "2024-03-26T02:17:49Z" / "...+09:00". nullopt for anything else (the general parsers decide
// then); a value only where parse_rfc822_date or parse_iso8601_date gives the same.
std::optional<TimePoint> parse_common_date(std::string_view text);
}  // namespace detail

}  // namespace newswatch::feeds
