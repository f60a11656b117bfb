// SPDX-License-Identifier: MIT
#pragma once
// From the matches of a feed's new items to outbox entries: which alerts to send, to whom, and
// which items are too old to alert. Pure; safe on any thread.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "daemon/routing/router.hpp"
#include "daemon/store/store.hpp"
#include "feeds/feed.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct ItemMatches {
  std::size_t item_index = 0;  // into Feed::items
  std::vector<rules::Match> matches;
};

struct FeedSource {
  std::string key;   // the feed's URL: part of every event id
  std::string name;  // what people read
};

struct BuiltAlerts {
  std::vector<OutboxEntry> entries;  // one per (alert, receiver), oldest item first
  std::size_t matches = 0;
  std::size_t too_old = 0;  // items with matches that were published before the age cap
  std::size_t silenced = 0;  // matches muted by a silence
};

// `max_item_age` zero means no cap. Items without a date are never too old.
BuiltAlerts build_alerts(const feeds::Feed& feed, const std::vector<ItemMatches>& matched, const FeedSource& source,
                         const Router& router, std::chrono::milliseconds max_item_age, feeds::TimePoint now);

}  // namespace newswatch::daemon
