// SPDX-License-Identifier: MIT
#include "daemon/service/alert_builder.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const feeds::TimePoint kNow = sys_days(year(2024) / 11 / 20) + 12h;

class AlertBuilderTest : public ::testing::Test {
 protected:
  AlertBuilderTest() {
    rule_.id = "bridge-closure";
    rule_.title = "Bridge closed";
    rule_.severity = rules::Severity::medium;
    other_.id = "ferry-delay";
    other_.title = "Ferry delays";
    other_.severity = rules::Severity::low;
    // Newest first, as feeds list them.
    feed_.format = "rss2.0";
    feed_.items = {item("guid-new", "River bridge shut after barge strike", kNow - 1h),
                   item("guid-mid", "Ferry timetable cut for repairs", kNow - 5h),
                   item("guid-old", "Bridge inspection planned next spring", kNow - 30h)};
  }

  static feeds::Item item(std::string id, std::string title, std::optional<feeds::TimePoint> published) {
    feeds::Item i;
    i.id = std::move(id);
    i.title = std::move(title);
    i.link = "https://city.example/" + i.id;
    i.published = published;
    return i;
  }

  std::vector<ItemMatches> all_matched() const {
    return {{0, {rules::Match{&rule_, {}}}}, {1, {rules::Match{&other_, {}}}}, {2, {rules::Match{&rule_, {}}}}};
  }

  // A fresh grouper each time: items without terms never join each other's stories.
  BuiltAlerts build(const std::vector<ItemMatches>& matched, const Router& router, std::chrono::milliseconds max_age,
                    StoryPolicy policy = {}) const {
    return build_alerts(feed_, matched, source_, router, grouper_, policy, max_age, kNow);
  }

  static std::string item_id_of(const OutboxEntry& e) {
    return nlohmann::json::parse(e.payload).at("item").at("id").get<std::string>();
  }

  rules::RuleInfo rule_;
  rules::RuleInfo other_;
  feeds::Feed feed_;
  StoryGrouper grouper_;
  const FeedSource source_{"https://city.example/feed.xml", "City News"};
  RouteConfig everything_{.receivers = {"hook"}};
};

TEST_F(AlertBuilderTest, OldestItemFirst) {
  const Router router({everything_});
  const auto built = build(all_matched(), router, 0ms);
  ASSERT_EQ(built.entries.size(), 3u);
  EXPECT_EQ(item_id_of(built.entries[0]), "guid-old");
  EXPECT_EQ(item_id_of(built.entries[1]), "guid-mid");
  EXPECT_EQ(item_id_of(built.entries[2]), "guid-new");
  EXPECT_EQ(built.matches, 3u);
  EXPECT_EQ(built.too_old, 0u);
  for (const auto& e : built.entries) {
    EXPECT_EQ(e.receiver, "hook");
    EXPECT_EQ(nlohmann::json::parse(e.payload).at("id"), e.event_id);
  }
}

TEST_F(AlertBuilderTest, TooOldItemsAreCountedNotAlerted) {
  const Router router({everything_});
  const auto built = build(all_matched(), router, 24h);
  ASSERT_EQ(built.entries.size(), 2u);
  EXPECT_EQ(item_id_of(built.entries[0]), "guid-mid");
  EXPECT_EQ(item_id_of(built.entries[1]), "guid-new");
  EXPECT_EQ(built.too_old, 1u);
}

TEST_F(AlertBuilderTest, UndatedItemsAlwaysAlert) {
  feed_.items[2].published.reset();
  const Router router({everything_});
  const auto built = build(all_matched(), router, 2h);
  // guid-mid (5h old) is too old; guid-old has no date, so it alerts.
  ASSERT_EQ(built.entries.size(), 2u);
  EXPECT_EQ(item_id_of(built.entries[0]), "guid-old");
  EXPECT_EQ(item_id_of(built.entries[1]), "guid-new");
  EXPECT_EQ(built.too_old, 1u);
}

TEST_F(AlertBuilderTest, ZeroAgeDisablesTheCap) {
  feed_.items[2].published = kNow - 24h * 365 * 10;
  const Router router({everything_});
  const auto built = build(all_matched(), router, 0ms);
  EXPECT_EQ(built.entries.size(), 3u);
  EXPECT_EQ(built.too_old, 0u);
}

TEST_F(AlertBuilderTest, OneAlertPerReceiverWithTheMostSevereRule) {
  RouteConfig two{.receivers = {"hook", "log"}};
  const Router router({two});
  const std::vector<ItemMatches> matched = {{0, {rules::Match{&other_, {}}, rules::Match{&rule_, {}}}}};
  const auto built = build(matched, router, 0ms);
  ASSERT_EQ(built.entries.size(), 2u);
  EXPECT_EQ(built.matches, 2u);
  EXPECT_EQ(built.entries[0].receiver, "hook");
  EXPECT_EQ(built.entries[1].receiver, "log");
  EXPECT_EQ(built.entries[0].event_id, built.entries[1].event_id);
  EXPECT_EQ(built.entries[0].payload, built.entries[1].payload);
  EXPECT_EQ(nlohmann::json::parse(built.entries[0].payload).at("rule").at("id"), "bridge-closure");
  ASSERT_EQ(built.stories.size(), 1u);
  EXPECT_EQ(built.stories[0].severity, rules::Severity::medium);
  EXPECT_EQ(built.stories[0].notified, (std::vector<std::string>{"hook", "log"}));
}

TEST_F(AlertBuilderTest, NoReceiversNoEntries) {
  RouteConfig only_ferries{.rule_ids = {"ferry-delay"}, .receivers = {"hook"}};
  const Router router({only_ferries});
  const std::vector<ItemMatches> matched = {{0, {rules::Match{&rule_, {}}}}};
  const auto built = build(matched, router, 0ms);
  EXPECT_TRUE(built.entries.empty());
  EXPECT_EQ(built.matches, 1u);

  const Router none({});
  EXPECT_TRUE(build(all_matched(), none, 0ms).entries.empty());
}

TEST_F(AlertBuilderTest, ItemsWithoutMatchesAreIgnored) {
  const Router router({everything_});
  const std::vector<ItemMatches> matched = {{0, {}}, {1, {rules::Match{&other_, {}}}}};
  const auto built = build(matched, router, 0ms);
  ASSERT_EQ(built.entries.size(), 1u);
  EXPECT_EQ(item_id_of(built.entries[0]), "guid-mid");
  EXPECT_EQ(built.matches, 1u);
}

}  // namespace
}  // namespace newswatch::daemon

namespace newswatch::daemon {
namespace {

// Issue 7: a silence mutes matching alerts (counted), and ends when it says.
TEST_F(AlertBuilderTest, SilencedMatchesAreCountedNotQueued) {
  SilenceConfig mute;
  mute.feeds = {"City News"};
  mute.until = kNow + std::chrono::hours(1);
  const auto built = build(all_matched(), Router({everything_}, {mute}), 0ms);
  EXPECT_TRUE(built.entries.empty());
  EXPECT_EQ(built.silenced, 3u);
  mute.until = kNow;  // over
  const auto after = build(all_matched(), Router({everything_}, {mute}), 0ms);
  EXPECT_EQ(after.entries.size(), 3u);
  EXPECT_EQ(after.silenced, 0u);
}

}  // namespace
}  // namespace newswatch::daemon
