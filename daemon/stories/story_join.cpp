// SPDX-License-Identifier: MIT
#include "daemon/stories/story_join.hpp"

#include <algorithm>

#include "daemon/stories/story_grouper.hpp"

namespace newswatch::daemon {

void join_story(Story& story, const StoryItem& item, std::size_t max_terms) {
  if (story.headline.empty()) story.headline = item.title;
  story.last_seen = std::max(story.last_seen, item.event_time);
  story.first_seen = std::min(story.first_seen, item.event_time);
  const bool known = std::any_of(story.sources.begin(), story.sources.end(), [&](const StorySource& s) {
    return s.feed == item.feed && s.link == item.link && s.title == item.title;
  });
  if (!known && story.sources.size() < kMaxStorySources)
    story.sources.push_back({item.feed, item.title, item.link, item.event_time});
  if (item.matches) {
    for (const auto& match : *item.matches) {
      const auto& rule = *match.rule;
      // A rule more severe than any before leads: its tags go first (an agenda rule about trade
      // must not file a summit under "trade").
      const bool leads = rule.severity > story.severity || story.tags.empty();
      story.severity = std::max(story.severity, rule.severity);
      if (leads) {
        for (auto tag = rule.tags.rbegin(); tag != rule.tags.rend(); ++tag) {
          std::erase(story.tags, *tag);
          story.tags.insert(story.tags.begin(), *tag);
        }
      } else {
        for (const auto& tag : rule.tags)
          if (std::find(story.tags.begin(), story.tags.end(), tag) == story.tags.end()) story.tags.push_back(tag);
      }
      if (std::find(story.rule_ids.begin(), story.rule_ids.end(), rule.id) == story.rule_ids.end())
        story.rule_ids.push_back(rule.id);
      if (rule.tone) {
        story.tone_sum += *rule.tone;
        ++story.tone_count;
      }
      for (const auto& highlight : match.highlights) ++story.terms[highlight.term];
    }
  }
  if (item.terms) add_member(story, *item.terms, max_terms);
}

}  // namespace newswatch::daemon
