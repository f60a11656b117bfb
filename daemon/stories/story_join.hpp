// SPDX-License-Identifier: MIT
#pragma once
// What joining a story does to it: the item becomes a source (once per feed and link), the
// matched rules raise its severity and add their tags and tone, the highlighted terms are counted
// and the item's terms become one of the story's members. Pure; any thread.

#include <chrono>
#include <string>
#include <vector>

#include "daemon/stories/story.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct StoryItem {
  std::string feed;   // configured feed name
  std::string title;
  std::string link;
  std::chrono::sys_seconds event_time{};
  const std::vector<rules::Match>* matches = nullptr;  // the item's unsilenced matches
  const TermVector* terms = nullptr;
};

inline constexpr std::size_t kMaxStorySources = 100;

void join_story(Story& story, const StoryItem& item, std::size_t max_terms);

}  // namespace newswatch::daemon
