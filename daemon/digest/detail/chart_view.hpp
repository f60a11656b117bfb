// SPDX-License-Identifier: MIT
#pragma once
// The template variables of the period's charts (docs/digests.md, `chart_rows`, `tone_rows`,
// `chart_legend`): bar widths in percent for HTML table cells, and ASCII bars for plain text.
// Pure; safe on any thread.

#include <kainjow/mustache.hpp>

#include "daemon/digest/digest_summary.hpp"

namespace newswatch::daemon::detail {

// Sets has_chart, bucket_name, chart_rows, chart_legend, has_tone_chart and tone_rows in `view`.
void add_chart_view(kainjow::mustache::data& view, const DigestSummary& summary);

}  // namespace newswatch::daemon::detail
