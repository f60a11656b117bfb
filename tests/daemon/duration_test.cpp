// SPDX-License-Identifier: MIT
#include "daemon/config/duration.hpp"

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

TEST(DurationTest, AcceptsEveryUnit) {
  EXPECT_EQ(parse_duration("500ms"), std::optional(500ms));
  EXPECT_EQ(parse_duration("30s"), std::optional<std::chrono::milliseconds>(30s));
  EXPECT_EQ(parse_duration("5m"), std::optional<std::chrono::milliseconds>(5min));
  EXPECT_EQ(parse_duration("1h"), std::optional<std::chrono::milliseconds>(1h));
  EXPECT_EQ(parse_duration("2d"), std::optional<std::chrono::milliseconds>(48h));
  EXPECT_EQ(parse_duration("0"), std::optional(0ms));
  EXPECT_EQ(parse_duration("0s"), std::optional(0ms));
  EXPECT_EQ(parse_duration("90m"), std::optional<std::chrono::milliseconds>(5400s));
}

TEST(DurationTest, RejectsMalformed) {
  for (const char* text : {"5", "-1s", "1w", "", "s", "ms", "5 s", " 5s", "5s ", "5S", "1.5h", "+5s", "5sec",
                           "0x10s", "1h30m", "12"}) {
    EXPECT_FALSE(parse_duration(text).has_value()) << '"' << text << '"';
  }
}

TEST(DurationTest, RejectsOverflow) {
  EXPECT_FALSE(parse_duration("99999999999999999999s").has_value());
}

// The cap of ten years is meant to keep the multiplication in range; it must hold for every
// unit, not only for milliseconds. A huge day count must be rejected, never wrap negative.
TEST(DurationTest, HugeDayCountDoesNotWrap) {
  const auto d = parse_duration("200000000000d");
  if (d) {
    EXPECT_GT(d->count(), 0) << "wrapped around to " << d->count();
  }
  const auto h = parse_duration("300000000000h");
  if (h) {
    EXPECT_GT(h->count(), 0);
  }
}

}  // namespace
}  // namespace newswatch::daemon
