// SPDX-License-Identifier: MIT
#include "rules/detail/snippet.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::rules::detail {
namespace {

TEST(Snippet, ShortTextIsWhole) {
  EXPECT_EQ(make_snippet("Talks  in\nTokyo", 11, 16), "Talks in Tokyo");
}

TEST(Snippet, WhitespaceAtEitherEndIsDropped) {
  EXPECT_EQ(make_snippet("\n  Talks \t in\r\nTokyo  \n", 15, 20), "Talks in Tokyo");
}

TEST(Snippet, LongTextIsCutAtWordsAroundTheHit) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "word" + std::to_string(i) + " ";
  const auto hit = text.find("word15");
  const auto s = make_snippet(text, hit, hit + 6);
  EXPECT_THAT(s, ::testing::HasSubstr("word15"));
  EXPECT_THAT(s, ::testing::StartsWith("…word"));
  EXPECT_THAT(s, ::testing::EndsWith("…"));
  EXPECT_LE(s.size(), 90u);
}

TEST(Snippet, CjkIsCutOnCodePoints) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "日本";
  const auto s = make_snippet(text, 120, 126, 20);
  // 1 + 20 + 1 code points: the ellipses and 20 characters, each 3 bytes.
  EXPECT_EQ(s.size(), 3u * 22u);
  EXPECT_THAT(s, ::testing::StartsWith("…"));
}

}  // namespace
}  // namespace newswatch::rules::detail
