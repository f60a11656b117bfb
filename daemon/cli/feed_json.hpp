// SPDX-License-Identifier: MIT
#pragma once
// The JSON of `newswatch parse` (DESIGN.md "CLI contract"): format, feed, items, warnings.

#include <string>

#include "feeds/feed.hpp"

namespace newswatch::daemon {

// Pretty-printed with two-space indents; invalid UTF-8 is replaced, never an exception.
std::string feed_to_json(const feeds::Feed& feed);

}  // namespace newswatch::daemon
