// SPDX-License-Identifier: MIT
// Shapes of real feeds that a conformance run against a widely used feed parser's test suite
// showed we read worse than it does: author forms in RSS, dc:description, Atom links without
// href, category terms beside labels, character references past Unicode. Feeds written here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "feeds/parse/feed_parser.hpp"

namespace newswatch::feeds {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Feed parse_ok(std::string_view bytes) {
  auto outcome = parse_feed(bytes);
  EXPECT_TRUE(outcome.feed.has_value()) << outcome.error;
  return outcome.feed.value_or(Feed{});
}

std::string rss_item(std::string_view inner) {
  return "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title><item>" +
         std::string(inner) + "</item></channel></rss>";
}

TEST(FeedConformance, RssAuthorNameInEveryCommonForm) {
  for (const char* author : {"harbour@example.org (Lena Ortiz)", "Lena Ortiz (harbour@example.org)",
                             "Lena Ortiz &lt;harbour@example.org&gt;", "Lena Ortiz"}) {
    const auto feed = parse_ok(rss_item(std::string("<author>") + author + "</author>"));
    ASSERT_EQ(feed.items.size(), 1u);
    EXPECT_THAT(feed.items[0].authors, ElementsAre("Lena Ortiz")) << author;
  }
  const auto creator = parse_ok(rss_item("<dc:creator>Lena Ortiz (harbour@example.org)</dc:creator>"));
  EXPECT_THAT(creator.items[0].authors, ElementsAre("Lena Ortiz"));
  // Only a trailing address is taken off; parentheses in a name stay.
  const auto plain = parse_ok(rss_item("<author>Desk (Evening Edition)</author>"));
  EXPECT_THAT(plain.items[0].authors, ElementsAre("Desk (Evening Edition)"));
  const auto bare = parse_ok(rss_item("<author>harbour@example.org</author>"));
  EXPECT_THAT(bare.items[0].authors, ElementsAre("harbour@example.org"));
}

TEST(FeedConformance, DcDescriptionIsTheSummaryWhenThereIsNoDescription) {
  const auto only_dc = parse_ok(rss_item("<dc:description>Ferry timetable &lt;b&gt;changes&lt;/b&gt;</dc:description>"));
  EXPECT_EQ(only_dc.items[0].summary, "Ferry timetable changes");
  const auto both = parse_ok(rss_item("<description>Main</description><dc:description>Other</dc:description>"));
  EXPECT_EQ(both.items[0].summary, "Main");
}

TEST(FeedConformance, AtomLinkWithoutHrefUsesItsText) {
  const auto feed = parse_ok(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title>e</title>"
      "<link rel=\"alternate\" type=\"text/html\"> http://pier.example.net/notes/4 </link>"
      "<link rel=\"enclosure\" type=\"audio/mpeg\">http://pier.example.net/notes/4.mp3</link>"
      "</entry></feed>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "http://pier.example.net/notes/4");
  ASSERT_EQ(feed.items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed.items[0].enclosures[0].url, "http://pier.example.net/notes/4.mp3");
  EXPECT_EQ(feed.items[0].enclosures[0].type, "audio/mpeg");
}

TEST(FeedConformance, AtomCategoryKeepsTheTermBesideADifferentLabel) {
  const auto feed = parse_ok(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title>e</title>"
      "<category term=\"maritime\" label=\"Sea and coast\"/>"
      "<category term=\"weather\" label=\"Weather\"/>"
      "<category term=\"Freir\xC3\xA4ume\"/></entry></feed>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_THAT(feed.items[0].categories,
              ElementsAre("Sea and coast", "maritime", "Weather", "Freir\xC3\xA4ume"));
}

TEST(FeedConformance, ReferencesPastUnicodeBecomeReplacementCharactersWithAWarning) {
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel><title>a &#1114112; b &#x110000; c &#55296; d</title>"
      "</channel></rss>");
  EXPECT_EQ(feed.title, "a \uFFFD b \uFFFD c \uFFFD d");
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_THAT(feed.warnings[0], HasSubstr("replaced 3 character references"));
  // A clean document gets no such warning.
  EXPECT_TRUE(parse_ok("<rss version=\"2.0\"><channel><title>a &#8217; b</title></channel></rss>")
                  .warnings.empty());
}

}  // namespace
}  // namespace newswatch::feeds
