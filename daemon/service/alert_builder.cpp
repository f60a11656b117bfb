// SPDX-License-Identifier: MIT
#include "daemon/service/alert_builder.hpp"

#include <algorithm>
#include <utility>

#include "daemon/alerts/alert.hpp"
#include "daemon/stories/story_join.hpp"

namespace newswatch::daemon {
namespace {

// For each receiver the routes give any of these matches, the most severe match (first wins ties).
std::vector<std::pair<std::string, const rules::Match*>> best_match_per_receiver(
    const std::vector<rules::Match>& matches, const Router& router, const std::string& feed) {
  std::vector<std::pair<std::string, const rules::Match*>> out;
  for (const auto& match : matches) {
    for (auto& receiver : router.immediate_receivers(*match.rule, feed)) {
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == receiver; });
      if (it == out.end()) out.emplace_back(std::move(receiver), &match);
      else if (match.rule->severity > it->second->rule->severity) it->second = &match;
    }
  }
  return out;
}

}  // namespace

BuiltAlerts build_alerts(const feeds::Feed& feed, const std::vector<ItemMatches>& matched, const FeedSource& source,
                         const Router& router, const StoryGrouper& grouper, const StoryPolicy& policy,
                         std::chrono::milliseconds max_item_age, feeds::TimePoint now) {
  BuiltAlerts out;
  StoryBatch batch(grouper);
  // Feeds list newest first; handle the oldest first so alerts arrive in the order news broke.
  for (auto it = matched.rbegin(); it != matched.rend(); ++it) {
    if (it->matches.empty()) continue;
    const auto& item = feed.items.at(it->item_index);
    out.matches += it->matches.size();
    if (max_item_age.count() > 0 && item.published && *item.published + max_item_age < now) {
      ++out.too_old;
      continue;
    }
    std::vector<rules::Match> live;
    for (const auto& match : it->matches) {
      if (router.silenced(*match.rule, source.name, now)) ++out.silenced;
      else live.push_back(match);
    }
    if (live.empty()) continue;

    // A date in the future is a feed's mistake, not news from tomorrow.
    const auto event_time = item.published ? std::min(*item.published, now) : now;
    auto placed = batch.place(it->terms, event_time, "story-" + stable_id({source.key, item.id}));
    Story& story = placed.story;
    const bool told_before = !placed.created;
    const auto severity_before = story.severity;
    const auto outlets_before = story.outlet_count();
    join_story(story, {source.name, item.title, item.link, event_time, &live, &it->terms}, grouper.options().max_terms);
    ++(placed.created ? out.stories_new : out.stories_joined);
    const bool reached_outlets = policy.update_at_outlets > 0 && outlets_before < policy.update_at_outlets &&
                                 story.outlet_count() >= policy.update_at_outlets;

    // Silences of this story: the item still joins it (digests list it), but nobody is paged.
    std::erase_if(live, [&](const rules::Match& m) {
      const bool muted = router.silenced(*m.rule, source.name, now, story.id) != nullptr;
      out.silenced += muted;
      return muted;
    });
    for (const auto& [receiver, match] : best_match_per_receiver(live, router, source.name)) {
      const auto throttle_it = policy.throttles.find(receiver);
      const auto throttle = throttle_it == policy.throttles.end() ? ReceiverThrottle{} : throttle_it->second;
      std::string reason;
      if (!story.was_notified(receiver)) {
        story.notified.push_back(receiver);
      } else if (told_before && match->rule->severity > severity_before) {
        reason = "severity";
      } else if (reached_outlets) {
        reason = "sources";
      } else {
        continue;  // the story has been told; this item only adds a source
      }
      const auto last = story.last_sent.find(receiver);
      const bool sent_before = last != story.last_sent.end();
      const auto previous = sent_before ? last->second : feeds::TimePoint{};
      if (!reason.empty() && throttle.repeat_interval.count() > 0 && sent_before &&
          now < previous + throttle.repeat_interval) {
        ++out.throttled;
        continue;
      }
      story.last_sent[receiver] = now;
      auto alert = make_alert(*match, item, source.key, source.name, now);
      set_story(alert, story, reason);
      if (!reason.empty()) ++out.story_updates;
      OutboxEntry entry;
      entry.event_id = alert.event_id;
      entry.receiver = receiver;
      entry.payload = to_payload_json(alert);
      // A new story waits group_wait in the outbox; reports that join it meanwhile go out in it
      // (the dispatcher refreshes the story part of the payload before the first attempt). An
      // update never overtakes the message before it: it waits as long as that one was held.
      if (throttle.group_wait.count() > 0) {
        if (reason.empty()) entry.next_attempt = now + throttle.group_wait;
        else if (sent_before && previous + throttle.group_wait > now) entry.next_attempt = previous + throttle.group_wait;
      }
      out.entries.push_back(std::move(entry));
    }
  }
  out.stories = batch.changed();
  return out;
}

}  // namespace newswatch::daemon
