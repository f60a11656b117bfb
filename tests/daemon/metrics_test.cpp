// SPDX-License-Identifier: MIT
#include "daemon/service/metrics.hpp"

#include <set>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, PrometheusTextFormat) {
  Metrics m;
  m.polls = 12;
  m.deliveries_ok = 7;
  m.dead_letters = 1;
  m.internal_errors = 3;
  Gauges g;
  g.feeds = 4;
  g.outbox_pending = 2;
  const auto text = to_prometheus(m, g);
  EXPECT_THAT(text, HasSubstr("# TYPE newswatch_polls_total counter\nnewswatch_polls_total 12\n"));
  EXPECT_THAT(text, HasSubstr("\nnewswatch_deliveries_total 7\n"));
  EXPECT_THAT(text, HasSubstr("\nnewswatch_dead_letters_total 1\n"));
  EXPECT_THAT(text, HasSubstr("\nnewswatch_internal_errors_total 3\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE newswatch_feeds gauge\nnewswatch_feeds 4\n"));
  EXPECT_THAT(text, HasSubstr("\nnewswatch_outbox_pending 2\n"));
  EXPECT_THAT(text, HasSubstr("\nnewswatch_outbox_dead 0\n"));
  EXPECT_TRUE(text.ends_with("\n"));
}

// Every sample has exactly one HELP and one TYPE line before it, and names are unique.
TEST(MetricsTest, EverySampleIsDeclaredOnce) {
  std::istringstream in(to_prometheus(Metrics{}, Gauges{}));
  std::set<std::string> helped, typed, sampled;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# HELP ")) {
      EXPECT_TRUE(helped.insert(line.substr(7, line.find(' ', 7) - 7)).second) << line;
    } else if (line.starts_with("# TYPE ")) {
      EXPECT_TRUE(typed.insert(line.substr(7, line.find(' ', 7) - 7)).second) << line;
    } else {
      const auto name = line.substr(0, line.find(' '));
      EXPECT_TRUE(helped.contains(name) && typed.contains(name)) << line;
      EXPECT_TRUE(sampled.insert(name).second) << line;
      EXPECT_EQ(line.substr(line.find(' ') + 1), "0") << line;
    }
  }
  EXPECT_EQ(sampled.size(), 27u);  // 21 counters, 6 gauges
  EXPECT_EQ(sampled, helped);
}

}  // namespace
}  // namespace newswatch::daemon
