// SPDX-License-Identifier: MIT
// Config `silences:` and route `match: { feeds: }` (issue 7).
#include <gtest/gtest.h>

#include "daemon/config/config.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

constexpr const char* kBase = R"(rules: [ rules ]
receivers:
  - { name: log, type: file, path: alerts.jsonl }
routes:
  - { match: { feeds: ["Harbour Wire"] }, receivers: [log] }
)";

TEST(ConfigSilences, ReadsSilencesAndRouteFeeds) {
  const auto load = parse_config(std::string(kBase) + R"(silences:
  - { rules: [jc-dialogue], until: "2026-12-01T09:00:00+09:00", comment: "talks week" }
  - { tags: [history], feeds: ["Ferry Times"], until: 2026-12-24T00:00:00Z }
)", "/etc/newswatch/newswatch.yaml");
  ASSERT_TRUE(load.config) << (load.errors.empty() ? "" : load.errors[0]);
  const auto& c = *load.config;
  EXPECT_EQ(c.routes.at(0).feeds, std::vector<std::string>{"Harbour Wire"});
  ASSERT_EQ(c.silences.size(), 2u);
  EXPECT_EQ(c.silences[0].rule_ids, std::vector<std::string>{"jc-dialogue"});
  EXPECT_EQ(feeds::to_rfc3339(c.silences[0].until), "2026-12-01T00:00:00Z");
  EXPECT_EQ(c.silences[0].comment, "talks week");
  EXPECT_EQ(c.silences[1].feeds, std::vector<std::string>{"Ferry Times"});
}

TEST(ConfigSilences, ASilenceMustBeTimeBoxedAndNarrow) {
  const auto load = parse_config(std::string(kBase) + R"(silences:
  - { rules: [a] }
  - { until: 2026-12-01T00:00:00Z }
  - { tags: [trade], until: next week }
)", "/etc/newswatch/newswatch.yaml");
  ASSERT_FALSE(load.config);
  ASSERT_EQ(load.errors.size(), 3u);
  EXPECT_NE(load.errors[0].find("newswatch.yaml:7:5: a silence needs 'until'"), std::string::npos) << load.errors[0];
  EXPECT_NE(load.errors[1].find("newswatch.yaml:8:5: a silence needs 'rules', 'tags', 'feeds' or 'stories'"), std::string::npos)
      << load.errors[1];
  EXPECT_NE(load.errors[2].find("newswatch.yaml:9:29: 'until' must be an RFC 3339 time"), std::string::npos)
      << load.errors[2];
}

}  // namespace
}  // namespace newswatch::daemon
