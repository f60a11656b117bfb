// SPDX-License-Identifier: MIT
#include "daemon/digest/detail/chart_view.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "daemon/digest/detail/view_format.hpp"
#include "daemon/digest/wall_clock_text.hpp"

namespace newswatch::daemon::detail {
namespace {

using namespace std::chrono;
using kainjow::mustache::data;

constexpr int kAsciiBarWidth = 30;
constexpr int kAsciiToneHalf = 10;  // one character per tone unit, -10..+10

int percent(double part, double whole) {
  if (whole <= 0 || part <= 0) return 0;
  return std::clamp(static_cast<int>(std::lround(100.0 * part / whole)), 1, 100);
}

// Integer percentages of `counts` that add up to exactly 100 (largest remainder), every non-zero
// count getting at least 1, so a stacked bar of table cells fills its row.
std::vector<int> split_percent(const std::vector<std::size_t>& counts) {
  std::size_t total = 0;
  for (auto c : counts) total += c;
  std::vector<int> widths(counts.size(), 0);
  if (total == 0) return widths;
  std::vector<std::pair<double, std::size_t>> remainders;
  int used = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double exact = 100.0 * static_cast<double>(counts[i]) / static_cast<double>(total);
    widths[i] = static_cast<int>(exact);
    if (counts[i] > 0 && widths[i] == 0) widths[i] = 1;
    used += widths[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::ranges::sort(remainders, std::greater{});
  for (std::size_t k = 0; used < 100 && k < remainders.size() * 2; ++k) {
    const auto i = remainders[k % remainders.size()].second;
    if (counts[i] == 0) continue;
    ++widths[i];
    ++used;
  }
  while (used > 100) {  // the minimum of 1 overshot: take it back from the widest
    auto widest = std::ranges::max_element(widths);
    --*widest;
    --used;
  }
  return widths;
}

std::string bucket_label(const DigestSummary& summary, const DigestBucket& bucket) {
  const auto day = floor<days>(bucket.start);
  if (summary.bucket_size >= days(7)) return "wk " + day_text(day).substr(4);
  if (summary.bucket_size >= days(1)) return day_text(day);
  return day_text(day).substr(0, 3) + " " + clock_text(bucket.start);
}

std::string bucket_name(seconds size) {
  if (size >= days(7)) return "week";
  if (size >= days(1)) return "day";
  if (size >= hours(3)) return "3 hours";
  return "hour";
}

// Labels are ASCII, so padding by bytes lines the text bars up.
std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

void add_chart_view(data& view, const DigestSummary& summary) {
  std::size_t busiest = 0;
  std::size_t label_width = 0;
  for (const auto& bucket : summary.buckets) {
    busiest = std::max(busiest, bucket.total);
    label_width = std::max(label_width, bucket_label(summary, bucket).size());
  }
  data rows(data::type::list);
  for (const auto& bucket : summary.buckets) {
    data row;
    row.set("label", bucket_label(summary, bucket));
    row.set("text_label", padded(bucket_label(summary, bucket), label_width));
    row.set("count", number(bucket.total));
    row.set("has_bar", bucket.total > 0);
    row.set("bar_width", std::to_string(percent(static_cast<double>(bucket.total), static_cast<double>(busiest))));
    const auto widths = split_percent(bucket.per_tag);
    data segments(data::type::list);
    std::string breakdown;
    for (std::size_t t = 0; t < summary.chart_tags.size(); ++t) {
      if (bucket.per_tag[t] == 0) continue;
      data segment;
      segment.set("tag", clean_text(summary.chart_tags[t]));
      segment.set("count", number(bucket.per_tag[t]));
      segment.set("color", tag_colour(t));
      segment.set("width", std::to_string(widths[t]));
      segments.push_back(segment);
      breakdown += (breakdown.empty() ? "" : ", ") + clean_text(summary.chart_tags[t]) + " " + number(bucket.per_tag[t]);
    }
    row.set("segments", segments);
    row.set("breakdown", breakdown);
    const int ascii = busiest == 0 ? 0
                                   : static_cast<int>(std::lround(kAsciiBarWidth * static_cast<double>(bucket.total) /
                                                                  static_cast<double>(busiest)));
    row.set("ascii_bar", std::string(static_cast<std::size_t>(std::max(ascii, bucket.total > 0 ? 1 : 0)), '#'));
    rows.push_back(row);
  }
  view.set("chart_rows", rows);
  view.set("has_chart", busiest > 0);
  view.set("bucket_name", bucket_name(summary.bucket_size));

  data tone_rows(data::type::list);
  bool any_tone = false;
  for (const auto& bucket : summary.buckets) {
    data row;
    row.set("label", bucket_label(summary, bucket));
    row.set("text_label", padded(bucket_label(summary, bucket), label_width));
    row.set("has_value", bucket.mean_tone.has_value());
    const double tone = std::clamp(bucket.mean_tone.value_or(0.0), -10.0, 10.0);
    any_tone = any_tone || bucket.mean_tone.has_value();
    row.set("value", bucket.mean_tone ? tone_text(tone) : "");
    const int negative = tone < 0 ? percent(-tone, 10.0) : 0;
    const int positive = tone > 0 ? percent(tone, 10.0) : 0;
    row.set("has_negative", negative > 0);
    row.set("has_positive", positive > 0);
    row.set("negative_width", std::to_string(negative));
    row.set("positive_width", std::to_string(positive));
    const auto units = [](double t) { return static_cast<std::size_t>(std::lround(std::min(std::abs(t), 10.0))); };
    const std::size_t left = tone < 0 ? units(tone) : 0;
    const std::size_t right = tone > 0 ? units(tone) : 0;
    row.set("ascii", std::string(kAsciiToneHalf - left, ' ') + std::string(left, '=') + "|" + std::string(right, '=') +
                         std::string(kAsciiToneHalf - right, ' '));
    tone_rows.push_back(row);
  }
  view.set("tone_rows", tone_rows);
  view.set("has_tone_chart", any_tone);

  data legend(data::type::list);
  for (std::size_t t = 0; t < summary.chart_tags.size(); ++t) {
    data entry;
    entry.set("tag", clean_text(summary.chart_tags[t]));
    entry.set("tag_label", tag_label(summary.chart_tags[t]));
    entry.set("color", tag_colour(t));
    legend.push_back(entry);
  }
  view.set("chart_legend", legend);
}


}  // namespace newswatch::daemon::detail
