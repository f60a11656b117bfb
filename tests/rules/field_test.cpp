// SPDX-License-Identifier: MIT
#include "rules/field.hpp"

#include <gtest/gtest.h>

namespace newswatch::rules {
namespace {

TEST(Field, NamesRoundTripCaseInsensitively) {
  for (int i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    EXPECT_EQ(parse_field(to_string(f)), f);
  }
  EXPECT_EQ(parse_field("TiTLe"), Field::title);
  EXPECT_FALSE(parse_field("headline"));
  EXPECT_FALSE(parse_field(""));
  EXPECT_EQ(kDefaultFields, bit(Field::title) | bit(Field::summary) | bit(Field::content));
}

}  // namespace
}  // namespace newswatch::rules
