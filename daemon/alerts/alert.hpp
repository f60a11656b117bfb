// SPDX-License-Identifier: MIT
#pragma once
// One alert: a rule matched a new item. Built on the io thread from a rules::Match and the item,
// turned into the version-1 JSON payload (DESIGN.md "Alert payload") before it enters the outbox,
// so what is delivered after a restart is byte for byte what was decided before it.

#include <optional>
#include <string>
#include <vector>

#include "daemon/stories/story.hpp"
#include "feeds/item.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct AlertHighlight {
  std::string field;
  std::string term;
  std::string snippet;
};

struct Alert {
  std::string event_id;  // stable for (feed, item, rule): the idempotency key
  std::string type = "alert";
  struct {
    std::string id, title, severity;
    std::vector<std::string> tags;
  } rule;
  std::optional<double> tone;
  struct {
    std::string id, title, link, feed, summary;
    std::optional<feeds::TimePoint> published;
  } item;
  // The story the item belongs to (daemon/stories). make_alert() starts it as the item alone;
  // set_story() fills in the grouped story.
  struct {
    std::string id;
    std::vector<std::string> sources;  // distinct outlets, first first
    feeds::TimePoint first_seen{};
    std::vector<StorySource> items;    // every item of the story so far
    std::string update_reason;         // story_update only: "severity" or "sources"
  } story;
  std::vector<AlertHighlight> highlights;
  feeds::TimePoint detected{};
};

// `feed_key` identifies the feed (its URL); `feed_name` is what people read.
Alert make_alert(const rules::Match& match, const feeds::Item& item, const std::string& feed_key,
                 const std::string& feed_name, feeds::TimePoint now);

// Makes the alert part of `story`: its id, outlets and items. A story_update (`update_reason` not
// empty) gets its own event id, so it never collides with the first alert of the same item.
void set_story(Alert& alert, const Story& story, const std::string& update_reason = {});

// The payload with its story part (outlets, items) replaced by the story as it is now; the
// payload unchanged if it is not an alert or story_update of that story, or not JSON.
std::string with_current_story(const std::string& payload_json, const Story& story);

// The version-1 payload, compact, one line.
std::string to_payload_json(const Alert& alert);

// Hex SHA-256 prefix (32 hex digits) of the parts joined by NUL bytes: stable ids.
std::string stable_id(std::initializer_list<std::string_view> parts);

}  // namespace newswatch::daemon
