// SPDX-License-Identifier: MIT
// Issue 3: a feed's own polling hints (RSS <ttl>, the syndication module) reach Feed::min_poll_interval.
#include <gtest/gtest.h>

#include "feeds/parse/feed_parser.hpp"

namespace newswatch::feeds {
namespace {

std::optional<std::chrono::seconds> hint_of(const std::string& channel_extra) {
  const std::string xml = "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">"
                          "<channel><title>Harbour</title>" + channel_extra +
                          "<item><title>Ferry timetable changes</title><guid>f1</guid></item></channel></rss>";
  const auto outcome = parse_feed(xml);
  EXPECT_TRUE(outcome.feed) << outcome.error;
  return outcome.feed ? outcome.feed->min_poll_interval : std::nullopt;
}

TEST(PollHints, TtlIsInMinutes) { EXPECT_EQ(hint_of("<ttl>15</ttl>"), std::chrono::minutes(15)); }

TEST(PollHints, SyndicationPeriodDividedByFrequency) {
  EXPECT_EQ(hint_of("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>"),
            std::chrono::minutes(15));
  EXPECT_EQ(hint_of("<sy:updatePeriod>daily</sy:updatePeriod>"), std::chrono::hours(24));
}

TEST(PollHints, TheLongerHintWins) {
  EXPECT_EQ(hint_of("<ttl>90</ttl><sy:updatePeriod>hourly</sy:updatePeriod>"), std::chrono::minutes(90));
}

TEST(PollHints, NonsenseIsIgnored) {
  EXPECT_FALSE(hint_of(""));
  EXPECT_FALSE(hint_of("<ttl>soon</ttl>"));
  EXPECT_FALSE(hint_of("<ttl>-5</ttl>"));
  EXPECT_FALSE(hint_of("<sy:updatePeriod>fortnightly</sy:updatePeriod>"));
}

}  // namespace
}  // namespace newswatch::feeds

namespace newswatch::feeds {
namespace {

TEST(PollHints, SkipHoursAndDays) {
  const auto outcome = parse_feed(
      "<rss version=\"2.0\"><channel><title>Harbour</title>"
      "<skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>x</hour></skipHours>"
      "<skipDays><day>Saturday</day><day>Sunday</day><day>Funday</day></skipDays>"
      "<item><title>Night ferry cancelled</title><guid>f2</guid></item></channel></rss>");
  ASSERT_TRUE(outcome.feed) << outcome.error;
  EXPECT_EQ(outcome.feed->skip_hours, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(outcome.feed->skip_days, (std::vector<int>{6, 0}));
}

}  // namespace
}  // namespace newswatch::feeds
