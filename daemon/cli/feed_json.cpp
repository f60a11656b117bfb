// SPDX-License-Identifier: MIT
#include "daemon/cli/feed_json.hpp"

#include <nlohmann/json.hpp>

#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<feeds::TimePoint>& t) {
  return t ? json(feeds::to_rfc3339(*t)) : json(nullptr);
}

json item_json(const feeds::Item& item) {
  json enclosures = json::array();
  for (const auto& e : item.enclosures)
    enclosures.push_back({{"url", e.url}, {"type", e.type}, {"length", e.length ? json(*e.length) : json(nullptr)}});
  return {{"id", item.id},
          {"title", item.title},
          {"link", item.link},
          {"summary", item.summary},
          {"content", item.content},
          {"published", time_or_null(item.published)},
          {"updated", time_or_null(item.updated)},
          {"authors", item.authors},
          {"categories", item.categories},
          {"enclosures", std::move(enclosures)}};
}

}  // namespace

std::string feed_to_json(const feeds::Feed& feed) {
  json items = json::array();
  for (const auto& item : feed.items) items.push_back(item_json(item));
  const json out = {{"format", feed.format},
                    {"feed",
                     {{"title", feed.title},
                      {"link", feed.link},
                      {"description", feed.description},
                      {"language", feed.language},
                      {"updated", time_or_null(feed.updated)}}},
                    {"items", std::move(items)},
                    {"warnings", feed.warnings}};
  return out.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswatch::daemon
