// SPDX-License-Identifier: MIT
// Config `feeds: - { opml: FILE }` entries (issue 3: OPML in the config).
#include <gtest/gtest.h>

#include "daemon/config/config.hpp"

namespace newswatch::daemon {
namespace {

const std::filesystem::path kConfig = std::filesystem::path(NEWSWATCH_TEST_DATA) / "opml" / "newswatch.yaml";

TEST(ConfigOpml, ExpandsAnOpmlFileRelativeToTheConfig) {
  const auto load = parse_config("feeds:\n  - { opml: desk.opml, interval: 10m }\n  - { url: \"https://one.example/rss\" }\n"
                                 "rules: [ rules ]\n",
                                 kConfig);
  ASSERT_TRUE(load.config) << (load.errors.empty() ? "" : load.errors[0]);
  const auto& feeds = load.config->feeds;
  ASSERT_EQ(feeds.size(), 5u);
  EXPECT_EQ(feeds[0].url, "https://harbour.example/japan.xml");
  EXPECT_EQ(feeds[0].name, "Harbour Wire — Japan");
  EXPECT_EQ(feeds[0].interval, std::chrono::minutes(10));
  EXPECT_EQ(feeds[4].url, "https://one.example/rss");
  ASSERT_FALSE(load.warnings.empty());  // the mailto: outline
}

TEST(ConfigOpml, NamesTheEntryWhenTheFileIsMissing) {
  const auto load = parse_config("feeds:\n  - { opml: missing.opml }\nrules: [ rules ]\n", kConfig);
  ASSERT_FALSE(load.config);
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_NE(load.errors[0].find("newswatch.yaml:2:13: cannot read OPML file"), std::string::npos) << load.errors[0];
}

}  // namespace
}  // namespace newswatch::daemon
