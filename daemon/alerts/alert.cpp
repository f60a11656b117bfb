// SPDX-License-Identifier: MIT
#include "daemon/alerts/alert.hpp"

#include <openssl/evp.h>

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
  for (const auto& h : match.highlights) alert.highlights.push_back({h.field, h.term, h.snippet});
  alert.detected = now;
  return alert;
}

std::string to_payload_json(const Alert& alert) {
  using nlohmann::json;
  auto time_or_null = [](const std::optional<feeds::TimePoint>& t) {
    return t ? json(feeds::to_rfc3339(*t)) : json(nullptr);
  };
  json highlights = json::array();
  for (const auto& h : alert.highlights)
    highlights.push_back({{"field", h.field}, {"term", h.term}, {"snippet", h.snippet}});
  json payload = {
      {"version", 1},
      {"id", alert.event_id},
      {"type", alert.type},
      {"rule", {{"id", alert.rule.id}, {"title", alert.rule.title}, {"severity", alert.rule.severity},
                {"tags", alert.rule.tags}}},
      {"item", {{"id", alert.item.id}, {"title", alert.item.title}, {"link", alert.item.link},
                {"feed", alert.item.feed}, {"published", time_or_null(alert.item.published)},
                {"summary", alert.item.summary}}},
      {"story", {{"id", alert.story.id}, {"sources", alert.story.sources},
                 {"first_seen", feeds::to_rfc3339(alert.story.first_seen)}}},
      {"highlights", std::move(highlights)},
      {"tone", alert.tone ? json(*alert.tone) : json(nullptr)},
      {"detected_at", feeds::to_rfc3339(alert.detected)},
  };
  // Replace invalid UTF-8 rather than throw: a broken byte in a feed must not lose the alert.
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswatch::daemon
