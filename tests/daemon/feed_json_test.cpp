// SPDX-License-Identifier: MIT
#include "daemon/cli/feed_json.hpp"

#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using nlohmann::json;

TEST(FeedJsonTest, KeysAndValues) {
  feeds::Feed feed;
  feed.format = "atom1.0";
  feed.title = "Mountain Rail Bulletin";
  feed.link = "https://rail.example/";
  feed.description = "Service notices";
  feed.language = "en-GB";
  feed.updated = sys_days(year(2024) / 10 / 3) + hours(7) + minutes(15);
  feeds::Item item;
  item.id = "tag:rail.example,2024:notice-88";
  item.title = "Line 4 reopens after landslide clearance";
  item.link = "https://rail.example/notices/88";
  item.summary = "Trains run hourly.";
  item.content = "Full timetable restored from Monday.";
  item.published = sys_days(year(2024) / 10 / 2) + hours(18);
  item.authors = {"Operations desk"};
  item.categories = {"service", "line-4"};
  item.enclosures = {{"https://rail.example/map.pdf", "application/pdf", 20480}, {"https://rail.example/a.mp3", "audio/mpeg", {}}};
  feed.items.push_back(item);
  feed.warnings = {"item 2: no title or link; dropped"};

  const auto text = feed_to_json(feed);
  EXPECT_NE(text.find("\n  \""), std::string::npos) << "two-space indent";
  const auto j = json::parse(text);
  EXPECT_EQ(j.at("format"), "atom1.0");
  EXPECT_EQ(j.at("feed").at("title"), "Mountain Rail Bulletin");
  EXPECT_EQ(j.at("feed").at("link"), "https://rail.example/");
  EXPECT_EQ(j.at("feed").at("description"), "Service notices");
  EXPECT_EQ(j.at("feed").at("language"), "en-GB");
  EXPECT_EQ(j.at("feed").at("updated"), "2024-10-03T07:15:00Z");
  ASSERT_EQ(j.at("items").size(), 1u);
  const auto& i = j.at("items")[0];
  EXPECT_EQ(i.at("id"), "tag:rail.example,2024:notice-88");
  EXPECT_EQ(i.at("title"), "Line 4 reopens after landslide clearance");
  EXPECT_EQ(i.at("link"), "https://rail.example/notices/88");
  EXPECT_EQ(i.at("summary"), "Trains run hourly.");
  EXPECT_EQ(i.at("content"), "Full timetable restored from Monday.");
  EXPECT_EQ(i.at("published"), "2024-10-02T18:00:00Z");
  EXPECT_TRUE(i.at("updated").is_null());
  EXPECT_EQ(i.at("authors"), json::array({"Operations desk"}));
  EXPECT_EQ(i.at("categories"), json::array({"service", "line-4"}));
  ASSERT_EQ(i.at("enclosures").size(), 2u);
  EXPECT_EQ(i.at("enclosures")[0].at("url"), "https://rail.example/map.pdf");
  EXPECT_EQ(i.at("enclosures")[0].at("type"), "application/pdf");
  EXPECT_EQ(i.at("enclosures")[0].at("length"), 20480);
  EXPECT_TRUE(i.at("enclosures")[1].at("length").is_null());
  EXPECT_EQ(j.at("warnings"), json::array({"item 2: no title or link; dropped"}));
}

TEST(FeedJsonTest, EmptyFeedHasNullTimes) {
  const auto j = json::parse(feed_to_json(feeds::Feed{}));
  EXPECT_EQ(j.at("format"), "");
  EXPECT_TRUE(j.at("feed").at("updated").is_null());
  EXPECT_EQ(j.at("items"), json::array());
  EXPECT_EQ(j.at("warnings"), json::array());
}

TEST(FeedJsonTest, UndatedItemAndInvalidUtf8) {
  feeds::Feed feed;
  feeds::Item item;
  item.id = "x";
  item.title = "broken \xE2\x82 title";
  feed.items.push_back(item);
  std::string text;
  ASSERT_NO_THROW(text = feed_to_json(feed));
  const auto j = json::parse(text);
  EXPECT_TRUE(j.at("items")[0].at("published").is_null());
  EXPECT_TRUE(j.at("items")[0].at("updated").is_null());
  EXPECT_TRUE(j.at("items")[0].at("title").get<std::string>().starts_with("broken "));
}

}  // namespace
}  // namespace newswatch::daemon
