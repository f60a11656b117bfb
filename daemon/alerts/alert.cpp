// SPDX-License-Identifier: MIT
#include "daemon/alerts/alert.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "feeds/time_format.hpp"

namespace newswatch::daemon {

std::string stable_id(std::initializer_list<std::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  bool first = true;
  for (auto part : parts) {
    if (!first) EVP_DigestUpdate(ctx.get(), "\0", 1);
    EVP_DigestUpdate(ctx.get(), part.data(), part.size());
    first = false;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

Alert make_alert(const rules::Match& match, const feeds::Item& item, const std::string& feed_key,
                 const std::string& feed_name, feeds::TimePoint now) {
  Alert alert;
  const auto& rule = *match.rule;
  alert.event_id = "evt-" + stable_id({feed_key, item.id, rule.id});
  alert.rule.id = rule.id;
  alert.rule.title = rule.title;
  alert.rule.severity = std::string(rules::to_string(rule.severity));
  alert.rule.tags = rule.tags;
  alert.tone = rule.tone;
  alert.item.id = item.id;
  alert.item.title = item.title;
  alert.item.link = item.link;
  alert.item.feed = feed_name;
  alert.item.summary = item.summary;
  alert.item.published = item.published;
  alert.story.id = "story-" + stable_id({feed_key, item.id});
  alert.story.sources = {feed_name};
  alert.story.first_seen = now;
  alert.story.items = {{feed_name, item.title, item.link, now}};
  for (const auto& h : match.highlights) alert.highlights.push_back({h.field, h.term, h.snippet});
  alert.detected = now;
  return alert;
}

void set_story(Alert& alert, const Story& story, const std::string& update_reason) {
  alert.story.id = story.id;
  alert.story.first_seen = story.first_seen;
  alert.story.items = story.sources;
  alert.story.sources.clear();
  for (const auto& source : story.sources)
    if (std::find(alert.story.sources.begin(), alert.story.sources.end(), source.feed) == alert.story.sources.end())
      alert.story.sources.push_back(source.feed);
  alert.story.update_reason = update_reason;
  if (!update_reason.empty()) {
    alert.type = "story_update";
    alert.event_id = "evt-" + stable_id({alert.event_id, "story_update"});
  }
}

std::string with_current_story(const std::string& payload_json, const Story& story) {
  using nlohmann::json;
  auto payload = json::parse(payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("story") || !payload["story"].is_object() ||
      payload["story"].value("id", "") != story.id)
    return payload_json;
  Alert current;
  set_story(current, story);
  json items = json::array();
  for (const auto& i : current.story.items)
    items.push_back({{"feed", i.feed}, {"title", i.title}, {"link", i.link}, {"seen", feeds::to_rfc3339(i.seen)}});
  payload["story"]["sources"] = current.story.sources;
  payload["story"]["items"] = std::move(items);
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string to_payload_json(const Alert& alert) {
  using nlohmann::json;
  auto time_or_null = [](const std::optional<feeds::TimePoint>& t) {
    return t ? json(feeds::to_rfc3339(*t)) : json(nullptr);
  };
  json highlights = json::array();
  for (const auto& h : alert.highlights)
    highlights.push_back({{"field", h.field}, {"term", h.term}, {"snippet", h.snippet}});
  json story_items = json::array();
  for (const auto& i : alert.story.items)
    story_items.push_back({{"feed", i.feed}, {"title", i.title}, {"link", i.link}, {"seen", feeds::to_rfc3339(i.seen)}});
  json story = {{"id", alert.story.id}, {"sources", alert.story.sources},
                {"first_seen", feeds::to_rfc3339(alert.story.first_seen)}, {"items", std::move(story_items)}};
  if (!alert.story.update_reason.empty()) story["update_reason"] = alert.story.update_reason;
  json payload = {
      {"version", 1},
      {"id", alert.event_id},
      {"type", alert.type},
      {"rule", {{"id", alert.rule.id}, {"title", alert.rule.title}, {"severity", alert.rule.severity},
                {"tags", alert.rule.tags}}},
      {"item", {{"id", alert.item.id}, {"title", alert.item.title}, {"link", alert.item.link},
                {"feed", alert.item.feed}, {"published", time_or_null(alert.item.published)},
                {"summary", alert.item.summary}}},
      {"story", std::move(story)},
      {"highlights", std::move(highlights)},
      {"tone", alert.tone ? json(*alert.tone) : json(nullptr)},
      {"detected_at", feeds::to_rfc3339(alert.detected)},
  };
  // Replace invalid UTF-8 rather than throw: a broken byte in a feed must not lose the alert.
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswatch::daemon
