// SPDX-License-Identifier: MIT
#pragma once
// RFC 3986 reference resolution for links found in feeds (Boost.URL does the work).
// Pure functions; thread-safe; never throw.

#include <string>
#include <string_view>

namespace newswatch::feeds::detail {

// True if `s` parses as an absolute URI (has a scheme), after the clean-up resolve_url applies.
bool is_absolute_url(std::string_view s);

// `ref` resolved against `base`. Whitespace around `ref` is trimmed, and characters a URI may not
// hold (spaces, non-ASCII bytes, '<', '"', a '%' not followed by two hex digits, ...) are
// percent-encoded first, as browsers do. When `ref` is already absolute, or `base` is empty or not
// absolute, or either cannot be parsed, the cleaned `ref` is returned unresolved.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace newswatch::feeds::detail
