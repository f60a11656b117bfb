// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/item_id.hpp"

#include <gtest/gtest.h>

namespace newswatch::feeds::detail {
namespace {

TEST(Fnv1a64, KnownVectors) {
  // Reference values of 64-bit FNV-1a.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(FallbackItemId, IsStableAndDependsOnTheFields) {
  Item a;
  a.title = "Title";
  a.summary = "Summary";
  a.published = TimePoint{std::chrono::seconds{1'700'000'000}};
  const auto id = fallback_item_id(a);
  // Pinned: this value is stored as "seen" in databases; changing it re-alerts every such item.
  EXPECT_EQ(id, "fnv1a64:c61eecd2a15b9c31");  // FNV-1a of "Title\x1f2023-11-14T22:13:20Z\x1fSummary"
  EXPECT_EQ(id.rfind("fnv1a64:", 0), 0u);
  Item b = a;
  b.summary = "Other";
  EXPECT_NE(fallback_item_id(b), id);
  Item c = a;
  c.published.reset();
  EXPECT_NE(fallback_item_id(c), id);
}

TEST(AssignItemId, PrefersExistingIdThenLink) {
  Item item;
  item.id = "guid-1";
  item.link = "https://a.example/1";
  assign_item_id(item);
  EXPECT_EQ(item.id, "guid-1");
  item.id.clear();
  assign_item_id(item);
  EXPECT_EQ(item.id, "https://a.example/1");
  item.id.clear();
  item.link.clear();
  assign_item_id(item);
  EXPECT_EQ(item.id.rfind("fnv1a64:", 0), 0u);
}

}  // namespace
}  // namespace newswatch::feeds::detail
