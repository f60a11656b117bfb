// SPDX-License-Identifier: MIT
// JSON Feed 1.0 / 1.1 through parse_feed() (detail/json_feed_reader.hpp has the field mapping).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/parse/feed_parser.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::feeds {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string sample(const std::string& name) {
  std::ifstream in(std::filesystem::path(NEWSWATCH_TEST_DATA) / "feeds" / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string show(const std::optional<TimePoint>& t) { return t ? to_rfc3339(*t) : "null"; }

std::string all_warnings(const Feed& feed) {
  std::string out;
  for (const auto& w : feed.warnings) out += w + "\n";
  return out;
}

Feed parse_ok(std::string_view bytes, const ParseOptions& options = {}) {
  auto outcome = parse_feed(bytes, options);
  EXPECT_TRUE(outcome.feed.has_value()) << outcome.error;
  return outcome.feed.value_or(Feed{});
}

TEST(JsonFeed11, FeedMetadata) {
  const auto feed = parse_ok(sample("jsonfeed11.json"));
  EXPECT_EQ(feed.format, "jsonfeed1.1");
  EXPECT_EQ(feed.title, "Quayside Notes & Tides");
  EXPECT_EQ(feed.link, "https://quay.example.net/");
  EXPECT_EQ(feed.description, "Short posts from a made-up harbour.\nUpdated daily.");
  EXPECT_EQ(feed.language, "en-GB");
  EXPECT_EQ(show(feed.updated), "null");
  EXPECT_EQ(feed.items.size(), 3u);  // the string in "items" is skipped
}

TEST(JsonFeed11, FullItem) {
  const auto feed = parse_ok(sample("jsonfeed11.json"));
  ASSERT_GE(feed.items.size(), 1u);
  const auto& item = feed.items[0];
  EXPECT_EQ(item.id, "quay-2024-0042");
  EXPECT_EQ(item.link, "https://quay.example.net/posts/ferry-winter.html");  // against feed_url
  EXPECT_EQ(item.title, "Ferry timetable changes for winter");
  EXPECT_EQ(item.content,
            "The evening ferry leaves twenty minutes earlier.\nMorning runs \u2014 unchanged.");
  EXPECT_EQ(item.summary, "Evening departures move earlier.");
  EXPECT_EQ(show(item.published), "2024-11-15T09:30:00Z");
  EXPECT_EQ(show(item.updated), "2024-11-16T08:00:00Z");
  EXPECT_THAT(item.authors, ElementsAre("Mika Sato", "Lee Park", "https://quay.example.net/u/3"));
  EXPECT_THAT(item.categories,
              ElementsAre("Transport", "Local"));  // duplicates and non-strings dropped
  ASSERT_EQ(item.enclosures.size(), 2u);           // the one without url dropped
  EXPECT_EQ(item.enclosures[0].url, "https://cdn.example.net/ferry.mp3");
  EXPECT_EQ(item.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(item.enclosures[0].length, 123456u);
  EXPECT_EQ(item.enclosures[1].url, "https://quay.example.net/media/chart.png");
  EXPECT_FALSE(item.enclosures[1].length.has_value());
}

TEST(JsonFeed11, NumericIdsExternalUrlsAndTextContent) {
  const auto feed = parse_ok(sample("jsonfeed11.json"));
  ASSERT_GE(feed.items.size(), 2u);
  const auto& item = feed.items[1];
  EXPECT_EQ(item.id, "1043");
  EXPECT_EQ(item.link, "https://elsewhere.example.org/story");
  EXPECT_EQ(item.title, "港町の図書館が閲覧室を開設");
  EXPECT_EQ(item.content, "桟橋に新しい閲覧室。\n週末も開館。");
  EXPECT_EQ(show(item.published), "null");
  EXPECT_THAT(item.authors, ElementsAre("Harbour Desk"));  // inherited from the feed
}

TEST(JsonFeed11, BrokenPartsAreWarningsNotFailures) {
  const auto feed = parse_ok(sample("jsonfeed11.json"));
  const auto warnings = all_warnings(feed);
  EXPECT_THAT(
      warnings,
      HasSubstr(
          "item 2 ('港町の図書館が閲覧室を開設'): unparseable date_published 'sometime soon'"));
  EXPECT_THAT(warnings, HasSubstr("item 3 is not a JSON object; skipped"));
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[2].id.rfind("fnv1a64:", 0), 0u)
      << feed.items[2].id;  // no id, no url: a hash
}

TEST(JsonFeed10, AuthorObjectsAndVersion) {
  const auto feed = parse_ok(sample("jsonfeed10.json"));
  EXPECT_EQ(feed.format, "jsonfeed1.0");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].id, "https://pier.example.com/log/1");
  EXPECT_EQ(show(feed.items[0].published), "2024-11-15T01:00:00Z");
  EXPECT_THAT(feed.items[0].authors, ElementsAre("Ana Costa"));
  EXPECT_THAT(feed.items[1].authors, ElementsAre("Jo Brennan"));
  EXPECT_EQ(feed.items[1].summary, "Short.");
  EXPECT_TRUE(feed.warnings.empty()) << all_warnings(feed);
}

TEST(JsonFeed, DetectedFromContentWhateverTheContentType) {
  ParseOptions options;
  options.content_type = "text/xml; charset=utf-8";
  const auto feed =
      parse_ok("  \n{\"version\": \"http://jsonfeed.org/version/1.1\", \"items\": []}", options);
  EXPECT_EQ(feed.format, "jsonfeed1.1");
  EXPECT_TRUE(feed.items.empty());
}

TEST(JsonFeed, RelativeUrlsUseTheRequestUrlFirst) {
  ParseOptions options;
  options.base_url = "https://mirror.example.org/a/feed.json";
  const auto feed = parse_ok(
      R"({"version": "https://jsonfeed.org/version/1.1", "feed_url": "https://x.example/feed.json",
          "items": [{"id": "1", "url": "/p/1"}]})",
      options);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://mirror.example.org/p/1");
}

TEST(JsonFeed, UnknownVersionIsReadWithAWarning) {
  const auto feed = parse_ok(R"({"version": "https://jsonfeed.org/version/2", "title": "t"})");
  EXPECT_EQ(feed.format, "jsonfeed1.1");
  EXPECT_THAT(all_warnings(feed), HasSubstr("unknown JSON Feed version '2'"));
  EXPECT_THAT(all_warnings(feed), HasSubstr("no \"items\" array"));
}

TEST(JsonFeed, WrongTypesAreIgnored) {
  const auto feed = parse_ok(
      R"({"version": "https://jsonfeed.org/version/1.1", "title": 5, "authors": "x",
          "items": [{"id": {"a": 1}, "title": ["t"], "tags": "solo", "attachments": {"url": "u"},
                     "date_published": 20241115, "url": "https://x.example/1"}]})");
  EXPECT_EQ(feed.title, "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].id, "https://x.example/1");  // no usable id: the link
  EXPECT_EQ(feed.items[0].title, "");
  EXPECT_TRUE(feed.items[0].categories.empty());
  EXPECT_TRUE(feed.items[0].enclosures.empty());
  EXPECT_FALSE(feed.items[0].published.has_value());
}

TEST(JsonFeed, IdsOfOtherTypesAreCoercedAndBlankValuesTrimmed) {
  // JSON Feed 1.1: a reader coerces an id that is a number or another type to a string. A version
  // with spaces around it is still the version; a blank URL is no URL (not the base URL).
  const auto feed = parse_ok(
      R"({"version": " https://jsonfeed.org/version/1.1 ", "home_page_url": " ",
          "items": [{"id": 17.5, "url": "  "}, {"id": true}, {"id": null, "title": "kept"},
                    {"id": ["a"], "title": "kept too"}]})",
      ParseOptions{.base_url = "https://pier.example/feed.json"});
  EXPECT_EQ(feed.format, "jsonfeed1.1");
  EXPECT_EQ(feed.link, "");
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[0].id, "17.5");
  EXPECT_EQ(feed.items[0].link, "");
  EXPECT_EQ(feed.items[1].id, "true");
  EXPECT_EQ(feed.items[2].id.rfind("fnv1a64:", 0), 0u) << feed.items[2].id;  // null: no id
  EXPECT_EQ(feed.items[3].id.rfind("fnv1a64:", 0), 0u) << feed.items[3].id;
}

TEST(JsonFeed, NonFeedsAreErrors) {
  EXPECT_THAT(parse_feed(sample("not_a_feed.json")).error,
              HasSubstr("a JSON document that is not a JSON Feed"));
  EXPECT_THAT(parse_feed(R"({"version": "1.1", "items": []})").error, HasSubstr("not a JSON Feed"));
  EXPECT_THAT(parse_feed(R"({"title": "x",)").error, HasSubstr("not valid JSON"));
  // Broken before its version was read: nothing says it is a feed.
  EXPECT_THAT(parse_feed(R"({"title": "x", "version": "https://jsonfeed.org/version/1.)").error,
              HasSubstr("JSON Feed that is not valid JSON"));
  EXPECT_THAT(parse_feed(R"([{"version": "https://jsonfeed.org/version/1.1"},)").error,
              HasSubstr("not a JSON Feed"));
}

// Three items; the recovery tests cut or break it.
constexpr std::string_view kThreeItems = R"({"version": "https://jsonfeed.org/version/1.1",
  "title": "Harbour notes",
  "items": [
    {"id": "1", "title": "First", "content_text": "one"},
    {"id": "2", "title": "Second", "content_text": "two", "tags": ["a", "b"]},
    {"id": "3", "title": "Third", "content_text": "three", "authors": [{"name": "Ana"}]}
  ]
})";

std::vector<std::string> titles(const Feed& feed) {
  std::vector<std::string> out;
  for (const auto& item : feed.items) out.push_back(item.title);
  return out;
}

TEST(JsonFeedRecovery, TruncatedFeedKeepsTheItemsCompletedBeforeTheCut) {
  const auto cut = kThreeItems.substr(0, kThreeItems.find("\"three\""));
  const auto feed = parse_ok(cut);
  EXPECT_EQ(feed.format, "jsonfeed1.1");
  EXPECT_EQ(feed.title, "Harbour notes");
  EXPECT_THAT(titles(feed), ElementsAre("First", "Second"));
  EXPECT_THAT(feed.items[1].categories, ElementsAre("a", "b"));
  ASSERT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 3 ('Third') dropped: JSON error at line 6"));
  EXPECT_THAT(feed.warnings[0], HasSubstr("(document cut short?)"));
}

TEST(JsonFeedRecovery, SyntaxErrorKeepsTheItemsBeforeIt) {
  std::string broken(kThreeItems);
  broken.replace(broken.find("\"three\","), 8, "\"three\" ");  // a missing comma in item 3
  const auto feed = parse_ok(broken);
  EXPECT_THAT(titles(feed), ElementsAre("First", "Second"));
  ASSERT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 3 ('Third') dropped: JSON error at line 6"));
  EXPECT_THAT(feed.warnings[0], Not(HasSubstr("cut short")));

  // Between items nothing is half-read: the items before are kept, the rest is ignored.
  std::string missing_comma(kThreeItems);
  missing_comma.replace(missing_comma.find("},\n    {\"id\": \"3\""), 2, "}\n");
  const auto feed2 = parse_ok(missing_comma);
  EXPECT_THAT(titles(feed2), ElementsAre("First", "Second"));
  EXPECT_THAT(all_warnings(feed2), HasSubstr("the rest of the document was ignored"));
}

TEST(JsonFeedRecovery, BrokenBeforeTheItemsIsAFeedWithoutItems) {
  const auto feed = parse_ok(R"({"version": "https://jsonfeed.org/version/1.1", "title": "\ud800"})");
  EXPECT_TRUE(feed.items.empty());
  EXPECT_THAT(all_warnings(feed), HasSubstr("JSON error at line 1"));
  EXPECT_THAT(all_warnings(feed), HasSubstr("no \"items\" array"));
}

TEST(JsonFeedRecovery, EveryCutAfterTheVersionYieldsAPrefixOfTheItems) {
  const auto full = parse_ok(kThreeItems);
  ASSERT_EQ(full.items.size(), 3u);
  const auto start = kThreeItems.find(",\n  \"title\"");
  for (std::size_t n = start; n < kThreeItems.size(); ++n) {
    const auto outcome = parse_feed(kThreeItems.substr(0, n));
    ASSERT_TRUE(outcome.feed) << "cut at " << n << ": " << outcome.error;
    const auto& feed = *outcome.feed;
    ASSERT_LE(feed.items.size(), 3u) << n;
    for (std::size_t i = 0; i < feed.items.size(); ++i) {
      EXPECT_EQ(feed.items[i].id, full.items[i].id) << "cut at " << n;
      EXPECT_EQ(feed.items[i].content, full.items[i].content) << "cut at " << n;
      EXPECT_EQ(feed.items[i].categories, full.items[i].categories) << "cut at " << n;
      EXPECT_EQ(feed.items[i].authors, full.items[i].authors) << "cut at " << n;
    }
    EXPECT_FALSE(feed.warnings.empty()) << "cut at " << n << " went unnoticed";
  }
}

TEST(JsonFeed, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep =
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"x\": " + std::string(100'000, '[') +
      std::string(100'000, ']') + "}";
  EXPECT_THAT(parse_feed(deep).error, HasSubstr("nested deeper than"));
  // Brackets inside strings do not count.
  const auto feed = parse_ok("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"" +
                             std::string(1000, '[') + "\"}");
  EXPECT_EQ(feed.title.size(), 1000u);
}

}  // namespace
}  // namespace newswatch::feeds
