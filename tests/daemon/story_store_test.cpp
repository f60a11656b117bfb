// SPDX-License-Identifier: MIT
// Stories in the store: what is saved comes back whole, and only stories still open are loaded.

#include <chrono>
#include <filesystem>

#include <unistd.h>

#include <gtest/gtest.h>

#include "daemon/alerts/alert.hpp"
#include "daemon/digest/story_digest.hpp"
#include "daemon/stories/story_json.hpp"
#include "daemon/store/sqlite_store.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const sys_seconds kDay = sys_days(year(2025) / 11 / 20);

Story sample(std::string id, sys_seconds first, sys_seconds last) {
  Story s;
  s.id = std::move(id);
  s.headline = "尖閣周辺の領海に中国海警局の船";
  s.severity = rules::Severity::high;
  s.tags = {"maritime-military", "protest"};
  s.rule_ids = {"jc-coast-guard"};
  s.sources = {{"Ryukyu Coast", "First report", "https://r.example/1", first},
               {"Asia Desk", "Second report", "https://a.example/2", last}};
  s.first_seen = first;
  s.last_seen = last;
  s.terms = {{"Senkaku*", 3}, {"coast guard", 2}};
  s.tone_sum = -11;
  s.tone_count = 2;
  s.members = {{{"senkaku", 2.0}, {"海警", 1.5}}, {{"senkaku", 1.0}}};
  s.notified = {"desk"};
  return s;
}

TEST(StoryJson, RoundTripsEveryField) {
  const auto story = sample("story-1", kDay, kDay + 2h);
  const auto back = story_from_json(story_to_json(story));
  ASSERT_TRUE(back);
  EXPECT_EQ(story_to_json(*back), story_to_json(story));
  EXPECT_EQ(back->headline, story.headline);
  EXPECT_EQ(back->outlet_count(), 2u);
  EXPECT_DOUBLE_EQ(*back->tone(), -5.5);
  EXPECT_EQ(back->members.size(), 2u);
  EXPECT_FALSE(story_from_json("{not json"));
  EXPECT_FALSE(story_from_json("{\"headline\":\"no id\"}"));
}

TEST(StoryStore, SavesWithTheItemsAndLoadsOpenStories) {
  const auto dir = std::filesystem::temp_directory_path() / ("nw-story-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    SqliteStore store(dir / "state.db");
    store.record("feed", {"i1"}, {}, {sample("old", kDay - 72h, kDay - 70h), sample("open", kDay - 2h, kDay)});
    const auto open = store.stories_since(kDay - 48h);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].id, "open");
    // An update replaces the row.
    auto changed = open[0];
    changed.sources.push_back({"Pacific Wire", "Third", "https://p.example/3", kDay + 1h});
    changed.last_seen = kDay + 1h;
    store.record("feed", {"i2"}, {}, {changed});
    EXPECT_EQ(store.stories_since(kDay - 48h).at(0).sources.size(), 3u);
    EXPECT_EQ(store.prune_stories(kDay - 48h), 1u);
    EXPECT_EQ(store.stories_since(kDay - 100h).size(), 1u);
  }
  std::filesystem::remove_all(dir);
}

TEST(StoryDigest, ARouteFiltersStoriesAndAPeriodTakesThoseThatGrewInIt) {
  const std::vector<Story> stories = {sample("yesterday", kDay - 30h, kDay - 26h),
                                      sample("spans", kDay - 26h, kDay - 1h), sample("today", kDay - 3h, kDay - 2h)};
  RouteConfig route;
  route.title = "Desk";
  const DigestPeriod today{kDay - 24h, kDay}, yesterday{kDay - 48h, kDay - 24h};
  const auto input = make_digest_input(route, "UTC", today, yesterday, stories);
  ASSERT_EQ(input.stories.size(), 2u);
  EXPECT_EQ(input.stories[0].id, "spans");
  EXPECT_EQ(input.stories[1].id, "today");
  EXPECT_EQ(input.previous_stories.size(), 2u);  // yesterday and spans
  EXPECT_EQ(input.stories[1].terms.front(), "Senkaku*");  // most frequent first

  route.tags = {"history"};
  EXPECT_TRUE(make_digest_input(route, "UTC", today, yesterday, stories).stories.empty());
  route.tags = {"protest"};
  route.severities = {rules::Severity::high};
  route.feeds = {"Asia Desk"};
  EXPECT_EQ(make_digest_input(route, "UTC", today, yesterday, stories).stories.size(), 2u);
  route.rule_ids = {"jc-other"};
  EXPECT_TRUE(make_digest_input(route, "UTC", today, yesterday, stories).stories.empty());
}

}  // namespace
}  // namespace newswatch::daemon

namespace newswatch::daemon {
namespace {

TEST(StoryStore, HeldEntriesWaitAndPayloadsRefreshWithTheStory) {
  const auto dir = std::filesystem::temp_directory_path() / ("nw-held-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    SqliteStore store(dir / "state.db");
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto story = sample("story-held", now - 1h, now);
    OutboxEntry held;
    held.event_id = "evt-held";
    held.receiver = "desk";
    held.payload = R"({"type":"alert","story":{"id":"story-held","sources":["Ryukyu Coast"],"items":[]}})";
    held.next_attempt = now + 120s;
    store.record("feed", {"i1"}, {held}, {story});
    EXPECT_TRUE(store.due_outbox(now, 10).empty());
    const auto due = store.due_outbox(now + 120s, 10);
    ASSERT_EQ(due.size(), 1u);

    const auto refreshed = with_current_story(due[0].payload, *store.story("story-held"));
    EXPECT_NE(refreshed.find(R"("sources":["Ryukyu Coast","Asia Desk"])"), std::string::npos) << refreshed;
    EXPECT_NE(refreshed.find("Second report"), std::string::npos);
    store.update_payload(due[0].seq, refreshed);
    EXPECT_EQ(store.due_outbox(now + 120s, 10).at(0).payload, refreshed);
    // Another story's payload is left alone.
    EXPECT_EQ(with_current_story(R"({"story":{"id":"other"}})", story), R"({"story":{"id":"other"}})");
    EXPECT_FALSE(store.story("missing"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswatch::daemon
