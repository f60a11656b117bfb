// SPDX-License-Identifier: MIT
#pragma once
// The template variables of a digest (listed in docs/digests.md), built from the input and its
// summary. Numbers are strings (Mustache has none); bars are widths in percent for the HTML
// template and ready-made ASCII for the text one. Feed text is cleaned of control characters
// here and HTML-escaped by Mustache; links are kept only when safe_link() accepts them.

#include <kainjow/mustache.hpp>

#include "daemon/digest/digest_model.hpp"
#include "daemon/digest/digest_summary.hpp"

namespace newswatch::daemon::detail {

kainjow::mustache::data digest_view(const DigestInput& input, const DigestSummary& summary);

}  // namespace newswatch::daemon::detail
