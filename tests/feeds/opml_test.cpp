// SPDX-License-Identifier: MIT
#include "feeds/opml.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace newswatch::feeds {
namespace {

std::string read(const std::string& name) {
  std::ifstream in(std::string(NEWSWATCH_TEST_DATA) + "/opml/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Opml, ReadsNestedOutlinesWithFolderPaths) {
  const auto list = parse_opml(read("desk.opml"));
  ASSERT_TRUE(list.error.empty()) << list.error;
  ASSERT_EQ(list.feeds.size(), 4u);
  EXPECT_EQ(list.feeds[0].url, "https://harbour.example/japan.xml");
  EXPECT_EQ(list.feeds[0].title, "Harbour Wire — Japan");  // title wins over text
  EXPECT_EQ(list.feeds[0].folders, std::vector<std::string>{"Japan"});
  EXPECT_EQ(list.feeds[1].title, "Diet Watch");
  EXPECT_EQ(list.feeds[1].folders, (std::vector<std::string>{"Japan", "Politics"}));
  EXPECT_EQ(list.feeds[2].url, "https://mainland.example/feed");
  EXPECT_EQ(list.feeds[3].title, "https://untitled.example/rss");  // no title: the URL
  EXPECT_TRUE(list.feeds[3].folders.empty());
}

TEST(Opml, SkipsDuplicatesAndNonHttpUrlsWithAWarning) {
  const auto list = parse_opml(read("desk.opml"));
  ASSERT_EQ(list.warnings.size(), 1u);
  EXPECT_NE(list.warnings[0].find("mailto:desk@example.org"), std::string::npos);
}

TEST(Opml, RejectsWhatIsNotOpml) {
  EXPECT_FALSE(parse_opml("<rss version=\"2.0\"><channel/></rss>").error.empty());
  EXPECT_FALSE(parse_opml("plain text").error.empty());
  EXPECT_FALSE(parse_opml("").error.empty());
  EXPECT_TRUE(parse_opml("<opml><body/></opml>").feeds.empty());
}

}  // namespace
}  // namespace newswatch::feeds
