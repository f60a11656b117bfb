// SPDX-License-Identifier: MIT
#pragma once
// The seam between feeds/ and rules/: a parsed item, seen through the eyes of the rules.

#include <string>

#include "feeds/feed.hpp"
#include "rules/document.hpp"

namespace newswatch::daemon {

// `feed_name` is the configured name of the feed (or its title); `language` the feed's language.
rules::Document to_document(const feeds::Item& item, const std::string& feed_name, const std::string& language);

}  // namespace newswatch::daemon
