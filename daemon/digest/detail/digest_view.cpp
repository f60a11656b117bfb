// SPDX-License-Identifier: MIT
#include "daemon/digest/detail/digest_view.hpp"

#include <algorithm>

#include "daemon/digest/detail/chart_view.hpp"
#include "daemon/digest/detail/story_view.hpp"
#include "daemon/digest/detail/view_format.hpp"
#include "daemon/digest/wall_clock_text.hpp"

namespace newswatch::daemon::detail {

using namespace std::chrono;
using kainjow::mustache::data;

data digest_view(const DigestInput& input, const DigestSummary& summary) {
  const TimeZone& zone = summary.zone;
  data view;
  view.set("title", clean_text(input.title).empty() ? std::string("newswatch digest") : clean_text(input.title));
  view.set("zone", zone.name());
  view.set("period_start", day_with_year_text(floor<days>(zone.to_local(input.period_start))) + " " +
                               clock_text(zone.to_local(input.period_start)));
  view.set("period_end", day_with_year_text(floor<days>(zone.to_local(input.period_end))) + " " +
                             clock_text(zone.to_local(input.period_end)));
  view.set("period_text", local_text(zone, input.period_start) + " – " + local_text(zone, input.period_end) + " (" +
                              zone.name() + ")");
  view.set("period_end_day", day_text(floor<days>(zone.to_local(input.period_end))));
  view.set("empty", summary.total == 0);
  view.set("has_stories", summary.total > 0);
  view.set("story_count", number(summary.total));
  view.set("previous_story_count", number(summary.previous_total));
  view.set("story_delta", delta_text(summary.total, summary.previous_total));
  view.set("stories_text", counted(summary.total, "story", "stories") + ", " +
                               delta_text(summary.total, summary.previous_total) + " vs previous");
  view.set("version", std::string(NEWSWATCH_VERSION));

  data severities(data::type::list);
  std::string severities_text;
  for (int level = static_cast<int>(rules::Severity::critical); level >= 0; --level) {
    const auto severity = static_cast<rules::Severity>(level);
    const auto count = static_cast<std::size_t>(std::ranges::count(input.stories, severity, &DigestStory::severity));
    if (count == 0) continue;
    data entry;
    entry.set("severity", std::string(rules::to_string(severity)));
    entry.set("count", number(count));
    entry.set("color", std::string(severity_style(severity).background));
    entry.set("text_color", std::string(severity_style(severity).foreground));
    severities.push_back(entry);
    severities_text += (severities_text.empty() ? "" : ", ") + number(count) + " " + std::string(rules::to_string(severity));
  }
  view.set("severity_counts", severities);
  view.set("severities_text", severities_text);
  view.set("has_severities", !severities_text.empty());

  view.set("has_mean_tone", summary.mean_tone.has_value());
  view.set("mean_tone", summary.mean_tone ? tone_text(*summary.mean_tone) : "");
  view.set("has_previous_mean_tone", summary.previous_mean_tone.has_value());
  view.set("previous_mean_tone", summary.previous_mean_tone ? tone_text(*summary.previous_mean_tone) : "");

  data counts(data::type::list);
  for (std::size_t i = 0; i < summary.tag_counts.size(); ++i) {
    const auto& count = summary.tag_counts[i];
    data entry;
    entry.set("tag", clean_text(count.tag));
    entry.set("tag_label", tag_label(count.tag));
    entry.set("count", number(count.count));
    entry.set("previous", number(count.previous));
    entry.set("delta", delta_text(count.count, count.previous));
    entry.set("color", i < summary.chart_tags.size() ? tag_colour(i) : std::string(kPreviousOnlyColour));
    counts.push_back(entry);
  }
  view.set("tag_counts", counts);

  data groups(data::type::list);
  for (std::size_t g = 0; g < summary.groups.size(); ++g) {
    const auto& group = summary.groups[g];
    data entry;
    entry.set("tag", clean_text(group.tag));
    entry.set("tag_label", tag_label(group.tag));
    entry.set("color", tag_colour(g));
    entry.set("count", number(group.stories.size()));
    entry.set("stories_text", counted(group.stories.size(), "story", "stories"));
    entry.set("delta", delta_text(summary.tag_counts[g].count, summary.tag_counts[g].previous));
    data stories(data::type::list);
    for (std::size_t s = 0; s < group.stories.size(); ++s) stories.push_back(story_view(*group.stories[s], s + 1, zone));
    entry.set("stories", stories);
    groups.push_back(entry);
  }
  view.set("groups", groups);
  std::string top = summary.groups.empty() ? "" : clean_text(summary.groups.front().stories.front()->headline);
  view.set("top_headline", top.empty() && !summary.groups.empty() ? std::string("(untitled)") : top);
  add_chart_view(view, summary);
  return view;
}

}  // namespace newswatch::daemon::detail
