// SPDX-License-Identifier: MIT
#pragma once
// A story: the matched items that report one event, from one or more outlets. The first item
// alerts; later ones join it (sources, links) and alert again only when the story's severity
// rises or it reaches a configured number of outlets (docs/stories.md). Plain value types; the
// store keeps them across restarts and digests read them.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace newswatch::daemon {

// Term → weight: the words and CJK bigrams of an item (or the sum over a story's items).
using TermVector = std::map<std::string, double, std::less<>>;

struct StorySource {
  std::string feed;   // the feed's configured name: one outlet
  std::string title;
  std::string link;
  std::chrono::sys_seconds seen{};
};

inline constexpr std::size_t kMaxStoryMembers = 8;

struct Story {
  std::string id;
  std::string headline;  // the first item's title
  rules::Severity severity = rules::Severity::info;  // the highest of any matched rule so far
  // Union of the matched rules' tags; the most severe rule's tags first (digests list a story
  // under its first tag).
  std::vector<std::string> tags;
  std::vector<std::string> rule_ids;                 // every rule that matched one of its items
  std::vector<StorySource> sources;                  // every item that joined, first first (capped)
  std::chrono::sys_seconds first_seen{};             // event time of the first item
  std::chrono::sys_seconds last_seen{};              // event time of the latest item
  std::map<std::string, int> terms;                  // matched terms (highlights) → how often
  double tone_sum = 0;                               // over matched rules that have a tone
  int tone_count = 0;
  // Term vectors of some of its items (the first ones and the latest, kMaxStoryMembers in all),
  // so the story's centroid follows where it went without growing without bound.
  std::vector<TermVector> members;
  TermVector centroid;  // the sum of `members`, kept with them (add_member, story_from_json)
  std::vector<std::string> notified;                 // receivers that had its first alert
  std::map<std::string, std::chrono::sys_seconds> last_sent;  // receiver → when it was last queued one

  // Distinct outlets among the sources.
  std::size_t outlet_count() const;
  std::optional<double> tone() const;
  bool was_notified(const std::string& receiver) const;
};

// Recomputes a story's centroid from its members.
void refresh_centroid(Story& story);

}  // namespace newswatch::daemon
