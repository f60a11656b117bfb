// SPDX-License-Identifier: MIT
#pragma once
// The value of an HTTP Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date,
// as the wait from now. Feeds (429/503) and webhook deliveries both honour it. Pure; any thread.

#include <chrono>
#include <optional>
#include <string_view>

namespace newswatch::feeds {

// Nullopt for an empty or unreadable value; a date in the past is a wait of zero; absurd
// waits are cut to a year.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

}  // namespace newswatch::feeds
