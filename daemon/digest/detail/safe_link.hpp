// SPDX-License-Identifier: MIT
#pragma once
// Links from feeds go into href attributes: only absolute http(s) URLs with a host pass, so a
// "javascript:" or "data:" link never becomes clickable. Pure; safe on any thread.

#include <string>
#include <string_view>

namespace newswatch::daemon::detail {

// `link` without surrounding whitespace when it is a well-formed http or https URL; "" otherwise.
std::string safe_link(std::string_view link);

}  // namespace newswatch::daemon::detail
