// SPDX-License-Identifier: MIT
#include "daemon/digest/story_digest.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

bool any_of_names(const std::vector<std::string>& wanted, const std::vector<std::string>& present) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return std::find(present.begin(), present.end(), w) != present.end();
  });
}

bool in_period(const Story& story, const DigestPeriod& period) {
  return story.first_seen <= period.end && story.last_seen > period.start;
}

}  // namespace

DigestStory to_digest_story(const Story& story) {
  DigestStory out;
  out.id = story.id;
  out.headline = story.headline;
  out.severity = story.severity;
  out.tags = story.tags;
  for (const auto& s : story.sources) out.sources.push_back({s.feed, s.title, s.link, s.seen});
  out.first_seen = story.first_seen;
  out.last_seen = story.last_seen;
  std::vector<std::pair<std::string, int>> terms(story.terms.begin(), story.terms.end());
  std::stable_sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (auto& [term, count] : terms) out.terms.push_back(term);
  out.tone = story.tone();
  return out;
}

bool route_takes_story(const RouteConfig& route, const Story& story) {
  if (!route.severities.empty() &&
      std::find(route.severities.begin(), route.severities.end(), story.severity) == route.severities.end())
    return false;
  if (!route.tags.empty() && !any_of_names(route.tags, story.tags)) return false;
  if (!route.rule_ids.empty() && !any_of_names(route.rule_ids, story.rule_ids)) return false;
  if (!route.feeds.empty()) {
    std::vector<std::string> feeds;
    for (const auto& s : story.sources) feeds.push_back(s.feed);
    if (!any_of_names(route.feeds, feeds)) return false;
  }
  return true;
}

DigestInput make_digest_input(const RouteConfig& route, const std::string& zone, const DigestPeriod& period,
                              const DigestPeriod& previous, const std::vector<Story>& stories) {
  DigestInput input;
  input.title = route.title.empty() ? "newswatch digest" : route.title;
  input.zone = zone;
  input.period_start = period.start;
  input.period_end = period.end;
  for (const auto& story : stories) {
    if (!route_takes_story(route, story)) continue;
    if (in_period(story, period)) input.stories.push_back(to_digest_story(story));
    if (in_period(story, previous)) input.previous_stories.push_back(to_digest_story(story));
  }
  return input;
}

std::string digest_payload_json(const std::string& event_id, const DigestInput& input, const RenderedDigest& rendered) {
  using nlohmann::json;
  const json payload = {
      {"version", 1},
      {"id", event_id},
      {"type", "digest"},
      {"digest",
       {{"title", input.title},
        {"subject", rendered.subject},
        {"text", rendered.text},
        {"html", rendered.html},
        {"period", {{"start", feeds::to_rfc3339(input.period_start)}, {"end", feeds::to_rfc3339(input.period_end)}}},
        {"stories", input.stories.size()}}},
  };
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswatch::daemon
