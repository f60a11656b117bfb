// SPDX-License-Identifier: MIT
#include "daemon/digest/detail/story_view.hpp"

#include <set>

#include "daemon/digest/detail/safe_link.hpp"
#include "daemon/digest/detail/view_format.hpp"
#include "daemon/digest/wall_clock_text.hpp"

namespace newswatch::daemon::detail {
namespace {

using namespace std::chrono;

constexpr std::size_t kMaxSourcesShown = 8;  // a story from forty outlets stays readable
constexpr std::size_t kMaxTermsShown = 8;

}  // namespace

kainjow::mustache::data story_view(const DigestStory& story, std::size_t rank, const TimeZone& zone) {
  using kainjow::mustache::data;
  data view;
  const auto style = severity_style(story.severity);
  std::string headline = clean_text(story.headline);
  if (headline.empty()) headline = "(untitled)";
  view.set("rank", number(rank));
  view.set("id", clean_text(story.id));
  view.set("headline", headline);
  view.set("severity", std::string(rules::to_string(story.severity)));
  view.set("severity_label", upper(rules::to_string(story.severity)));
  view.set("severity_color", std::string(style.background));
  view.set("severity_text_color", std::string(style.foreground));
  view.set("first_seen", local_text(zone, story.first_seen));
  view.set("last_seen", local_text(zone, story.last_seen));
  view.set("updated", story.last_seen > story.first_seen);

  std::set<std::string> outlets;
  const auto first_day = floor<days>(zone.to_local(story.first_seen));
  data sources(data::type::list);
  std::string link;
  for (const auto& source : story.sources) {
    outlets.insert(clean_text(source.feed));
    const std::string safe = safe_link(source.link);
    if (link.empty()) link = safe;
    if (sources.list_value().size() >= kMaxSourcesShown) continue;
    data item;
    item.set("feed", clean_text(source.feed).empty() ? std::string("(unnamed feed)") : clean_text(source.feed));
    // The first source's title is usually the headline: say it once.
    const std::string title = clean_text(source.title);
    item.set("title", title);
    item.set("has_title", !title.empty() && title != headline);
    item.set("link", safe);
    item.set("has_link", !safe.empty());
    const auto seen = zone.to_local(source.seen);
    item.set("seen", floor<days>(seen) == first_day ? clock_text(seen) : day_and_clock_text(seen));
    sources.push_back(item);
  }
  view.set("link", link);
  view.set("has_link", !link.empty());
  view.set("sources", sources);
  view.set("source_count", number(story.sources.size()));
  view.set("outlet_count", number(outlets.size()));
  view.set("sources_text", counted(story.sources.size(), "source", "sources") +
                               (outlets.size() > 1 ? " from " + counted(outlets.size(), "outlet", "outlets") : ""));
  const std::size_t hidden = story.sources.size() - std::min(story.sources.size(), kMaxSourcesShown);
  view.set("has_more_sources", hidden > 0);
  view.set("more_sources", "and " + counted(hidden, "more source", "more sources"));

  std::string terms;
  for (std::size_t i = 0; i < story.terms.size() && i < kMaxTermsShown; ++i) {
    terms += (terms.empty() ? "" : ", ") + clean_text(story.terms[i]);
  }
  view.set("terms", terms);
  view.set("has_terms", !terms.empty());
  std::string also;
  for (std::size_t i = 1; i < story.tags.size(); ++i) {
    if (!story.tags[i].empty()) also += (also.empty() ? "" : ", ") + clean_text(story.tags[i]);
  }
  view.set("also_tags", also);
  view.set("has_also_tags", !also.empty());
  view.set("has_tone", story.tone.has_value());
  view.set("tone", story.tone ? tone_text(*story.tone) : "");
  return view;
}

}  // namespace newswatch::daemon::detail
