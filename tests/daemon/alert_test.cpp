// SPDX-License-Identifier: MIT
#include "daemon/alerts/alert.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using nlohmann::json;

feeds::TimePoint at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

class AlertTest : public ::testing::Test {
 protected:
  AlertTest() {
    rule_.id = "port-strike";
    rule_.title = "Dock workers strike at a major port";
    rule_.severity = rules::Severity::high;
    rule_.tags = {"labour", "logistics"};
    rule_.tone = -4.5;
    item_.id = "https://news.example/2024/11/port-walkout";
    item_.title = "Crane operators walk out at Eastbay terminal";
    item_.link = "https://news.example/2024/11/port-walkout";
    item_.summary = "Container traffic halted for a second day as talks stall.";
    item_.published = at(2024, 11, 15, 9, 30, 0);
  }

  rules::Match match() const {
    return rules::Match{&rule_,
                        {{"title", "walk out", "Crane operators walk out at Eastbay", 16},
                         {"summary", "halted", "traffic halted for a second day", 18}}};
  }

  rules::RuleInfo rule_;
  feeds::Item item_;
  const feeds::TimePoint now_ = at(2024, 11, 15, 10, 0, 5);
};

TEST_F(AlertTest, PayloadHasTheVersionOneShape) {
  const auto alert = make_alert(match(), item_, "https://news.example/feed.xml", "Example News", now_);
  const auto text = to_payload_json(alert);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "payload must be one line";
  const auto j = json::parse(text);

  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("id"), alert.event_id);
  EXPECT_TRUE(j.at("id").get<std::string>().starts_with("evt-"));
  EXPECT_EQ(j.at("type"), "alert");

  const auto& rule = j.at("rule");
  EXPECT_EQ(rule.at("id"), "port-strike");
  EXPECT_EQ(rule.at("title"), "Dock workers strike at a major port");
  EXPECT_EQ(rule.at("severity"), "high");
  EXPECT_EQ(rule.at("tags"), json::array({"labour", "logistics"}));

  const auto& item = j.at("item");
  EXPECT_EQ(item.at("id"), "https://news.example/2024/11/port-walkout");
  EXPECT_EQ(item.at("title"), "Crane operators walk out at Eastbay terminal");
  EXPECT_EQ(item.at("link"), "https://news.example/2024/11/port-walkout");
  EXPECT_EQ(item.at("feed"), "Example News");
  EXPECT_EQ(item.at("published"), "2024-11-15T09:30:00Z");
  EXPECT_EQ(item.at("summary"), "Container traffic halted for a second day as talks stall.");

  const auto& story = j.at("story");
  EXPECT_TRUE(story.at("id").get<std::string>().starts_with("story-"));
  EXPECT_EQ(story.at("sources"), json::array({"Example News"}));
  EXPECT_EQ(story.at("first_seen"), "2024-11-15T10:00:05Z");

  const auto& highlights = j.at("highlights");
  ASSERT_TRUE(highlights.is_array());
  ASSERT_EQ(highlights.size(), 2u);
  EXPECT_EQ(highlights[0].at("field"), "title");
  EXPECT_EQ(highlights[0].at("term"), "walk out");
  EXPECT_EQ(highlights[0].at("snippet"), "Crane operators walk out at Eastbay");
  EXPECT_EQ(highlights[1].at("field"), "summary");
  EXPECT_EQ(highlights[1].at("term"), "halted");
  EXPECT_EQ(highlights[1].at("snippet"), "traffic halted for a second day");

  ASSERT_TRUE(j.at("tone").is_number());
  EXPECT_DOUBLE_EQ(j.at("tone").get<double>(), -4.5);
}

TEST_F(AlertTest, EventIdsAreStablePerFeedItemAndRule) {
  const auto m = match();
  const auto a = make_alert(m, item_, "https://news.example/feed.xml", "Example News", now_);
  // Same triple at a different time and under another display name: the same id.
  const auto b = make_alert(m, item_, "https://news.example/feed.xml", "Renamed", now_ + hours(5));
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.event_id.size(), 4u + 32u);  // "evt-" + 32 hex digits

  const auto other_feed = make_alert(m, item_, "https://other.example/feed.xml", "Example News", now_);
  EXPECT_NE(a.event_id, other_feed.event_id);

  auto other_item = item_;
  other_item.id = "https://news.example/2024/11/port-reopens";
  EXPECT_NE(a.event_id, make_alert(m, other_item, "https://news.example/feed.xml", "Example News", now_).event_id);

  rules::RuleInfo other_rule = rule_;
  other_rule.id = "port-closure";
  const rules::Match m2{&other_rule, {}};
  const auto c = make_alert(m2, item_, "https://news.example/feed.xml", "Example News", now_);
  EXPECT_NE(a.event_id, c.event_id);
  // The story is per item, not per rule.
  EXPECT_EQ(a.story.id, c.story.id);
}

TEST(StableIdTest, PartsAreSeparated) {
  EXPECT_EQ(stable_id({"ab", "c"}), stable_id({"ab", "c"}));
  EXPECT_NE(stable_id({"ab", "c"}), stable_id({"a", "bc"}));
  EXPECT_EQ(stable_id({"x"}).size(), 32u);
  // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(stable_id({"abc"}), "ba7816bf8f01cfea414140de5dae2223");
}

TEST_F(AlertTest, InvalidUtf8DoesNotThrow) {
  item_.title = std::string("Harbour ") + "\xC3\x28" + " bad byte \xFF end";
  const auto alert = make_alert(match(), item_, "https://news.example/feed.xml", "Example News", now_);
  std::string text;
  ASSERT_NO_THROW(text = to_payload_json(alert));
  const auto j = json::parse(text);  // valid JSON after replacement
  const auto title = j.at("item").at("title").get<std::string>();
  EXPECT_TRUE(title.starts_with("Harbour "));
  EXPECT_TRUE(title.ends_with(" end"));
}

TEST_F(AlertTest, MissingDateAndToneAreNull) {
  item_.published.reset();
  rule_.tone.reset();
  rule_.tags.clear();
  const rules::Match bare{&rule_, {}};
  const auto j = json::parse(to_payload_json(make_alert(bare, item_, "k", "Example News", now_)));
  EXPECT_TRUE(j.at("item").at("published").is_null());
  EXPECT_TRUE(j.at("tone").is_null());
  EXPECT_EQ(j.at("rule").at("tags"), json::array());
  EXPECT_EQ(j.at("highlights"), json::array());
}

}  // namespace
}  // namespace newswatch::daemon
