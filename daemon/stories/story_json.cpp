// SPDX-License-Identifier: MIT
#include "daemon/stories/story_json.hpp"

#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

using nlohmann::json;

std::int64_t unix_seconds(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }
std::chrono::sys_seconds from_unix(std::int64_t s) { return std::chrono::sys_seconds(std::chrono::seconds(s)); }

}  // namespace

std::string story_to_json(const Story& story) {
  json sources = json::array();
  for (const auto& s : story.sources)
    sources.push_back({{"feed", s.feed}, {"title", s.title}, {"link", s.link}, {"seen", unix_seconds(s.seen)}});
  json members = json::array();
  for (const auto& member : story.members) {
    json terms = json::object();
    for (const auto& [term, weight] : member) terms[term] = weight;
    members.push_back(std::move(terms));
  }
  json last_sent = json::object();
  for (const auto& [receiver, when] : story.last_sent) last_sent[receiver] = unix_seconds(when);
  const json out = {
      {"id", story.id},
      {"headline", story.headline},
      {"severity", std::string(rules::to_string(story.severity))},
      {"tags", story.tags},
      {"rules", story.rule_ids},
      {"sources", std::move(sources)},
      {"first_seen", unix_seconds(story.first_seen)},
      {"last_seen", unix_seconds(story.last_seen)},
      {"terms", story.terms},
      {"tone_sum", story.tone_sum},
      {"tone_count", story.tone_count},
      {"members", std::move(members)},
      {"notified", story.notified},
      {"last_sent", std::move(last_sent)},
  };
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Story> story_from_json(const std::string& text) {
  try {
    const auto in = json::parse(text);
    Story story;
    story.id = in.at("id").get<std::string>();
    story.headline = in.value("headline", "");
    story.severity = rules::parse_severity(in.value("severity", "info")).value_or(rules::Severity::info);
    story.tags = in.value("tags", std::vector<std::string>{});
    story.rule_ids = in.value("rules", std::vector<std::string>{});
    const auto sources = in.value("sources", json::array());
    for (const auto& s : sources)
      story.sources.push_back({s.value("feed", ""), s.value("title", ""), s.value("link", ""),
                               from_unix(s.value("seen", std::int64_t{0}))});
    story.first_seen = from_unix(in.value("first_seen", std::int64_t{0}));
    story.last_seen = from_unix(in.value("last_seen", std::int64_t{0}));
    story.terms = in.value("terms", std::map<std::string, int>{});
    story.tone_sum = in.value("tone_sum", 0.0);
    story.tone_count = in.value("tone_count", 0);
    const auto members = in.value("members", json::array());
    for (const auto& member : members) {
      TermVector terms;
      for (const auto& [term, weight] : member.items()) terms[term] = weight.get<double>();
      story.members.push_back(std::move(terms));
    }
    refresh_centroid(story);
    story.notified = in.value("notified", std::vector<std::string>{});
    const auto last_sent = in.value("last_sent", json::object());
    for (const auto& [receiver, when] : last_sent.items()) story.last_sent[receiver] = from_unix(when.get<std::int64_t>());
    return story;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace newswatch::daemon
