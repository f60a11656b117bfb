// SPDX-License-Identifier: MIT
// Issue 7: ten outlets covering one event make one alert; a story alerts again only when its
// severity rises or it reaches the configured number of outlets.

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daemon/service/alert_builder.hpp"
#include "daemon/stories/story_terms.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const feeds::TimePoint kNow = sys_days(year(2025) / 11 / 20) + 9h;

class StoryAlertsTest : public ::testing::Test {
 protected:
  StoryAlertsTest() {
    talks_.id = "leaders-talks";
    talks_.title = "Leaders meet";
    talks_.severity = rules::Severity::high;
    talks_.tags = {"meeting"};
    talks_.tone = 4;
    clash_.id = "coast-guard-clash";
    clash_.title = "Coast guard confrontation";
    clash_.severity = rules::Severity::critical;
    clash_.tags = {"maritime-military"};
    clash_.tone = -8;
  }

  // One poll of one feed carrying a single item; the grouper learns only what is applied.
  BuiltAlerts poll(const std::string& feed_name, const std::string& id, const std::string& title,
                   const std::string& summary, std::vector<const rules::RuleInfo*> rules, StoryPolicy policy = {},
                   const Router* router = nullptr) {
    feeds::Feed feed;
    feeds::Item item;
    item.id = id;
    item.title = title;
    item.summary = summary;
    item.link = "https://" + feed_name + ".example/" + id;
    item.published = kNow - 1h;
    feed.items = {item};
    ItemMatches matched{0, {}, story_terms({title, summary, {}})};
    for (const auto* rule : rules) matched.matches.push_back({rule, {{"title", "Takaichi", "Takaichi", 0}}});
    grouper_.statistics().add(matched.terms);
    auto built = build_alerts(feed, {matched}, {"https://" + feed_name + ".example/feed", feed_name},
                              router ? *router : router_, grouper_, policy, 0ms, kNow);
    grouper_.apply(built.stories);
    return built;
  }

  static nlohmann::json payload(const OutboxEntry& e) { return nlohmann::json::parse(e.payload); }

  rules::RuleInfo talks_, clash_;
  StoryGrouper grouper_;
  Router router_{{RouteConfig{.receivers = {"desk"}}}};
};

constexpr const char* kTalks1 = "Takaichi and Xi meet in Gyeongju, agree on stable ties";
constexpr const char* kTalks1Body = "Prime Minister Sanae Takaichi met President Xi Jinping in Gyeongju during APEC.";
constexpr const char* kTalks2 = "Gyeongju talks: Xi and Takaichi pledge constructive relations";
constexpr const char* kTalks2Body = "Sanae Takaichi and Xi Jinping held their first talks in Gyeongju on the APEC sidelines.";
constexpr const char* kTalks3 = "Takaichi, Xi hold first meeting in Gyeongju";
constexpr const char* kTalks3Body = "Xi Jinping and Sanae Takaichi met for the first time in Gyeongju.";

TEST_F(StoryAlertsTest, SecondOutletJoinsTheStoryWithoutAnotherAlert) {
  const auto first = poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_});
  ASSERT_EQ(first.entries.size(), 1u);
  EXPECT_EQ(payload(first.entries[0]).at("type"), "alert");
  EXPECT_EQ(first.stories_new, 1u);

  const auto second = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&talks_});
  EXPECT_TRUE(second.entries.empty());
  EXPECT_EQ(second.stories_joined, 1u);
  ASSERT_EQ(second.stories.size(), 1u);
  EXPECT_EQ(second.stories[0].id, first.stories[0].id);
  EXPECT_EQ(second.stories[0].outlet_count(), 2u);
  EXPECT_EQ(grouper_.active().size(), 1u);
}

TEST_F(StoryAlertsTest, AnUnrelatedEventStartsItsOwnStory) {
  poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_});
  const auto other = poll("ryukyu", "r1", "Chinese coast guard ships enter Senkaku waters",
                          "Four China Coast Guard vessels sailed into territorial waters off the Senkaku Islands.",
                          {&clash_});
  ASSERT_EQ(other.entries.size(), 1u);
  EXPECT_EQ(payload(other.entries[0]).at("type"), "alert");
  EXPECT_EQ(other.stories_new, 1u);
  EXPECT_EQ(grouper_.active().size(), 2u);
}

TEST_F(StoryAlertsTest, RisingSeverityIsAStoryUpdate) {
  const auto first = poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_});
  const auto update = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_});
  ASSERT_EQ(update.entries.size(), 1u);
  const auto p = payload(update.entries[0]);
  EXPECT_EQ(p.at("type"), "story_update");
  EXPECT_EQ(p.at("story").at("update_reason"), "severity");
  EXPECT_EQ(p.at("story").at("id"), payload(first.entries[0]).at("story").at("id"));
  EXPECT_EQ(p.at("story").at("sources"), nlohmann::json({"asia-desk", "pacific-wire"}));
  EXPECT_EQ(p.at("story").at("items").size(), 2u);
  EXPECT_NE(update.entries[0].event_id, first.entries[0].event_id);
  EXPECT_EQ(update.story_updates, 1u);
  // Not again at the same severity.
  EXPECT_TRUE(poll("tokyo-ledger", "t1", kTalks3, kTalks3Body, {&clash_}).entries.empty());
}

TEST_F(StoryAlertsTest, ReachingTheOutletCountIsAStoryUpdateOnce) {
  const StoryPolicy at_three{3};
  poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_}, at_three);
  EXPECT_TRUE(poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&talks_}, at_three).entries.empty());
  // The same outlet again is not a new source.
  EXPECT_TRUE(poll("pacific-wire", "p2", kTalks3, kTalks3Body, {&talks_}, at_three).entries.empty());
  const auto third = poll("tokyo-ledger", "t1", kTalks3, kTalks3Body, {&talks_}, at_three);
  ASSERT_EQ(third.entries.size(), 1u);
  EXPECT_EQ(payload(third.entries[0]).at("story").at("update_reason"), "sources");
  EXPECT_TRUE(poll("metro", "m1", kTalks1, kTalks2Body, {&talks_}, at_three).entries.empty());
}

TEST_F(StoryAlertsTest, AReceiverFirstReachedByALaterItemGetsAnAlert) {
  // The desk hears about everything; the maritime desk only about confrontations.
  const Router router({RouteConfig{.receivers = {"desk"}},
                       RouteConfig{.tags = {"maritime-military"}, .receivers = {"maritime"}}});
  const auto first = poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_}, {}, &router);
  ASSERT_EQ(first.entries.size(), 1u);
  const auto later = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_}, {}, &router);
  ASSERT_EQ(later.entries.size(), 2u);
  for (const auto& e : later.entries) {
    const auto p = payload(e);
    EXPECT_EQ(p.at("type"), e.receiver == "maritime" ? "alert" : "story_update") << e.receiver;
  }
}

TEST_F(StoryAlertsTest, AStorySilenceMutesItsUpdatesButTheStoryGrows) {
  const auto first = poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_});
  SilenceConfig mute;
  mute.story_ids = {first.stories.at(0).id};
  mute.until = kNow + 24h;
  const Router muted({RouteConfig{.receivers = {"desk"}}}, {mute});
  const auto later = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_}, {}, &muted);
  EXPECT_TRUE(later.entries.empty());
  EXPECT_EQ(later.silenced, 1u);
  ASSERT_EQ(later.stories.size(), 1u);
  EXPECT_EQ(later.stories[0].outlet_count(), 2u);
  EXPECT_EQ(later.stories[0].severity, rules::Severity::critical);
}

TEST_F(StoryAlertsTest, TheGrouperChangesOnlyWhenABatchIsApplied) {
  feeds::Feed feed;
  feeds::Item item;
  item.id = "x1";
  item.title = kTalks1;
  feed.items = {item};
  const ItemMatches matched{0, {{&talks_, {}}}, story_terms({kTalks1, kTalks1Body, {}})};
  const auto built = build_alerts(feed, {matched}, {"https://x.example/feed", "x"}, router_, grouper_, {}, 0ms, kNow);
  EXPECT_EQ(built.stories.size(), 1u);
  EXPECT_TRUE(grouper_.active().empty());  // e.g. the store failed: nothing happened
}

TEST_F(StoryAlertsTest, StoryCarriesTagsToneAndTerms) {
  poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_});
  const auto second = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_});
  const auto& story = second.stories.at(0);
  // The critical rule leads: its tag first.
  EXPECT_EQ(story.tags, (std::vector<std::string>{"maritime-military", "meeting"}));
  EXPECT_EQ(story.rule_ids, (std::vector<std::string>{"leaders-talks", "coast-guard-clash"}));
  ASSERT_TRUE(story.tone());
  EXPECT_DOUBLE_EQ(*story.tone(), -2.0);
  EXPECT_EQ(story.terms.at("Takaichi"), 2);
  EXPECT_EQ(story.headline, kTalks1);
}

}  // namespace
}  // namespace newswatch::daemon

namespace newswatch::daemon {
namespace {

// Throttling per receiver: group_wait holds a new story's first alert; repeat_interval spaces
// out its updates.
TEST_F(StoryAlertsTest, GroupWaitHoldsTheFirstAlertInTheOutbox) {
  StoryPolicy policy;
  policy.throttles["desk"] = {std::chrono::seconds(120), {}};
  const auto first = poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_}, policy);
  ASSERT_EQ(first.entries.size(), 1u);
  EXPECT_EQ(first.entries[0].next_attempt, kNow + 120s);
  // An update never overtakes the held alert: it waits as long (same poll time here).
  const auto update = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_}, policy);
  ASSERT_EQ(update.entries.size(), 1u);
  EXPECT_EQ(update.entries[0].next_attempt, kNow + 120s);
}

TEST_F(StoryAlertsTest, RepeatIntervalSpacesOutUpdatesOfAStory) {
  StoryPolicy policy;
  policy.update_at_outlets = 3;
  policy.throttles["desk"] = {{}, std::chrono::hours(1)};
  poll("asia-desk", "a1", kTalks1, kTalks1Body, {&talks_}, policy);
  // Both the severity rise and the third outlet come within the hour of the first alert.
  const auto rise = poll("pacific-wire", "p1", kTalks2, kTalks2Body, {&clash_}, policy);
  EXPECT_TRUE(rise.entries.empty());
  EXPECT_EQ(rise.throttled, 1u);
  EXPECT_EQ(grouper_.active().begin()->second.last_sent.at("desk"), kNow);
}

}  // namespace
}  // namespace newswatch::daemon
