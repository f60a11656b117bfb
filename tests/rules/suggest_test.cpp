// SPDX-License-Identifier: MIT
#include "rules/detail/suggest.hpp"

#include <gtest/gtest.h>

namespace newswatch::rules::detail {
namespace {

TEST(Suggest, EditDistanceCountsSwapsAsOne) {
  EXPECT_EQ(edit_distance("query", "query"), 0u);
  EXPECT_EQ(edit_distance("qeury", "query"), 1u);
  EXPECT_EQ(edit_distance("Query", "query"), 0u);
  EXPECT_EQ(edit_distance("sumary", "summary"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Suggest, ClosestWithinLimit) {
  const std::vector<std::string_view> keys = {"id", "title", "query", "severity", "tags"};
  EXPECT_EQ(closest("qeury", keys), "query");
  EXPECT_EQ(closest("severty", keys), "severity");
  EXPECT_EQ(closest("tag", keys), "tags");
  EXPECT_FALSE(closest("colour", keys));
}

}  // namespace
}  // namespace newswatch::rules::detail
