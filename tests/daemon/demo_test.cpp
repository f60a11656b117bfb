// SPDX-License-Identifier: MIT
#include "daemon/demo/demo.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using ::testing::HasSubstr;

const std::string kSmallRss =
    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Lake Town Gazette</title>\n"
    "<item><title>Ferry resumes after ice clears</title><guid>lt-2</guid></item>\n"
    "<item><title>Council votes on new boathouse</title><guid>lt-1</guid></item>\n"
    "</channel></rss>\n";

TEST(DemoTest, SplitDemoFeedHeadItemsTail) {
  const auto feed = split_demo_feed("lake-town", kSmallRss);
  EXPECT_EQ(feed.name, "lake-town");
  EXPECT_EQ(feed.head, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Lake Town Gazette</title>\n");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0], "<item><title>Ferry resumes after ice clears</title><guid>lt-2</guid></item>");
  EXPECT_EQ(feed.items[1], "<item><title>Council votes on new boathouse</title><guid>lt-1</guid></item>");
  EXPECT_EQ(feed.tail, "\n</channel></rss>\n");
}

TEST(DemoTest, SplitDemoFeedWithoutItems) {
  const std::string xml = "<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>";
  const auto feed = split_demo_feed("empty", xml);
  EXPECT_EQ(feed.head, xml);
  EXPECT_TRUE(feed.items.empty());
  EXPECT_EQ(feed.tail, "");
}

TEST(DemoTest, EmbeddedFeedsHaveItems) {
  const auto feeds = embedded_demo_feeds();
  ASSERT_FALSE(feeds.empty());
  for (const auto& feed : feeds) {
    EXPECT_FALSE(feed.name.empty());
    EXPECT_FALSE(feed.name.ends_with(".xml")) << feed.name;
    EXPECT_THAT(feed.head, HasSubstr("<channel>")) << feed.name;
    EXPECT_GE(feed.items.size(), 2u) << feed.name;
    for (const auto& item : feed.items) {
      EXPECT_TRUE(item.starts_with("<item>")) << feed.name;
      EXPECT_TRUE(item.ends_with("</item>")) << feed.name;
    }
    EXPECT_THAT(feed.tail, HasSubstr("</rss>")) << feed.name;
  }
}

TEST(DemoTest, EmbeddedRulesLoadCleanly) {
  const auto sources = embedded_rule_sources();
  ASSERT_FALSE(sources.empty());
  for (const auto& source : sources) {
    EXPECT_TRUE(source.path.starts_with("config/rules/")) << source.path;
    EXPECT_FALSE(source.text.empty()) << source.path;
  }
  const auto load = rules::load_rule_sources(sources);
  std::string problems;
  for (const auto& d : load.diagnostics.items) problems += d.headline() + "\n";
  EXPECT_FALSE(load.diagnostics.has_errors()) << problems;
  ASSERT_NE(load.rule_set, nullptr);
  EXPECT_FALSE(load.rule_set->rules().empty());
}

TEST(DemoTest, DemoConfig) {
  const std::filesystem::path state = "/tmp/newswatch-demo-state";
  const auto config = demo_config(state, {{"lake-town", "http://127.0.0.1:4567/feeds/lake-town.xml"},
                                          {"hill-post", "http://127.0.0.1:4567/feeds/hill-post.xml"}});
  EXPECT_EQ(config.state_dir, state);
  EXPECT_EQ(config.max_item_age.count(), 0);
  ASSERT_EQ(config.feeds.size(), 2u);
  EXPECT_EQ(config.feeds[0].name, "lake-town");
  EXPECT_EQ(config.feeds[0].url, "http://127.0.0.1:4567/feeds/lake-town.xml");
  EXPECT_EQ(config.feeds[1].name, "hill-post");

  ASSERT_EQ(config.receivers.size(), 2u);
  EXPECT_EQ(config.receivers[0].type, "console");
  EXPECT_EQ(config.receivers[1].type, "file");
  EXPECT_EQ(config.receivers[1].path, state / "alerts.jsonl");

  // Every alert reaches both receivers.
  ASSERT_EQ(config.routes.size(), 1u);
  EXPECT_TRUE(config.routes[0].severities.empty());
  EXPECT_TRUE(config.routes[0].tags.empty());
  EXPECT_TRUE(config.routes[0].rule_ids.empty());
  EXPECT_EQ(config.routes[0].mode, "immediate");
  EXPECT_THAT(config.routes[0].receivers, ::testing::ElementsAre(config.receivers[0].name, config.receivers[1].name));
}

}  // namespace
}  // namespace newswatch::daemon
