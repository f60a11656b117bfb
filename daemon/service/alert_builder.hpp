// SPDX-License-Identifier: MIT
#pragma once
// From the matches of a feed's new items to outbox entries and story changes: which story each
// matched item joins, which alerts to send and to whom, which items are too old to alert.
// One alert per story and receiver: the first item of a story alerts each receiver whose routes
// take it (with the most severe of its matching rules); later items update the story and alert
// again, as a story_update, only when the story's severity rises or it reaches
// `update_at_outlets` outlets. Pure (the grouper is read, not changed); any thread.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "daemon/routing/router.hpp"
#include "daemon/stories/story_grouper.hpp"
#include "daemon/store/store.hpp"
#include "feeds/feed.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct ItemMatches {
  std::size_t item_index = 0;  // into Feed::items
  std::vector<rules::Match> matches;
  TermVector terms;            // story_terms() of the item
};

struct FeedSource {
  std::string key;   // the feed's URL: part of every event id
  std::string name;  // what people read
};

struct ReceiverThrottle {
  std::chrono::seconds group_wait{0};       // first alerts of a story wait this long in the outbox
  std::chrono::seconds repeat_interval{0};  // at most one story_update per story in this interval
};

struct StoryPolicy {
  std::size_t update_at_outlets = 0;  // a story_update when a story reaches this many outlets; 0: never
  std::map<std::string, ReceiverThrottle, std::less<>> throttles;  // by receiver name; absent: none
};

struct BuiltAlerts {
  std::vector<OutboxEntry> entries;  // one per (alert, receiver), oldest item first
  std::vector<Story> stories;        // created or changed; save with the items, then apply
  std::size_t matches = 0;
  std::size_t too_old = 0;   // items with matches that were published before the age cap
  std::size_t silenced = 0;  // matches muted by a silence
  std::size_t stories_new = 0;
  std::size_t stories_joined = 0;  // items that joined an existing story
  std::size_t story_updates = 0;   // story_update entries
  std::size_t throttled = 0;       // story_updates held back by a receiver's repeat_interval
};

// `max_item_age` zero means no cap. Items without a date are never too old.
BuiltAlerts build_alerts(const feeds::Feed& feed, const std::vector<ItemMatches>& matched, const FeedSource& source,
                         const Router& router, const StoryGrouper& grouper, const StoryPolicy& policy,
                         std::chrono::milliseconds max_item_age, feeds::TimePoint now);

}  // namespace newswatch::daemon
