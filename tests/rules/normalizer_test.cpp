// SPDX-License-Identifier: MIT
#include "rules/normalizer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::rules {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> texts(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(s)) out.push_back(t.text);
  return out;
}

TEST(Normalizer, EnglishWordsAreCaseFolded) {
  EXPECT_THAT(texts("Tokyo, BEIJING and Seoul: talks resume"),
              ElementsAre("tokyo", "beijing", "and", "seoul", "talks", "resume"));
}

TEST(Normalizer, OffsetsPointIntoTheOriginalText) {
  const std::string text = "  Ｔｏｋｙｏ (Japan) 日本";
  const auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text, "tokyo");
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Ｔｏｋｙｏ");
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "Japan");
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "日");
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "本");
  EXPECT_TRUE(tokens[2].cjk);
  EXPECT_FALSE(tokens[1].cjk);
}

TEST(Normalizer, FullWidthLatinAndDigitsFold) {
  EXPECT_THAT(texts("ＪＡＰＡＮ　２０２５"), ElementsAre("japan", "2025"));
}

TEST(Normalizer, KeepCaseFoldsWidthButNotCase) {
  EXPECT_EQ(normalize_keep_case("ＰＬＡ"), "PLA");
  EXPECT_EQ(normalize_keep_case("Ｐｌａ"), "Pla");
  EXPECT_EQ(normalize_keep_case("習近平"), "习近平");
}

TEST(Normalizer, FullCaseFolding) {
  EXPECT_THAT(texts("Straße STRASSE"), ElementsAre("strasse", "strasse"));
  EXPECT_THAT(texts("ΣΟΦΙΑ σοφια"), ElementsAre("σοφια", "σοφια"));
}

TEST(Normalizer, CyrillicWords) { EXPECT_THAT(texts("Япония и Китай"), ElementsAre("япония", "и", "китай")); }

TEST(Normalizer, PossessiveIsDroppedOtherApostrophesSplit) {
  EXPECT_THAT(texts("China's coast guard"), ElementsAre("china", "coast", "guard"));
  EXPECT_THAT(texts("Japan’s premier"), ElementsAre("japan", "premier"));
  EXPECT_THAT(texts("O'Brien didn't"), ElementsAre("o", "brien", "didn", "t"));
  EXPECT_THAT(texts("the 'quoted' word"), ElementsAre("the", "quoted", "word"));
}

TEST(Normalizer, JapaneseIsOneTokenPerCharacter) {
  EXPECT_THAT(texts("日本と中国"), ElementsAre("日", "本", "と", "中", "国"));
  // Half-width katakana with a voiced mark composes: ｶﾞ → ガ.
  EXPECT_THAT(texts("ｶﾞｽ"), ElementsAre("ガ", "ス"));
  EXPECT_THAT(texts("サミット"), ElementsAre("サ", "ミ", "ッ", "ト"));
  EXPECT_THAT(texts("G7サミット"), ElementsAre("g7", "サ", "ミ", "ッ", "ト"));
}

TEST(Normalizer, KoreanAndThaiAreCharacterTokensToo) {
  EXPECT_THAT(texts("일본은"), ElementsAre("일", "본", "은"));
  // Thai vowel signs and tone marks stay with their consonant.
  EXPECT_THAT(texts("ญี่ปุ่น"), ElementsAre("ญี่", "ปุ่", "น"));
}

TEST(Normalizer, ChineseTraditionalFoldsToSimplified) {
  if (!han_folding_available()) GTEST_SKIP() << "ICU Traditional-Simplified is missing";
  EXPECT_EQ(normalize_text("習近平"), "习近平");
  EXPECT_THAT(texts("習近平會見"), ElementsAre("习", "近", "平", "会", "见"));
  EXPECT_THAT(texts("习近平会见"), ElementsAre("习", "近", "平", "会", "见"));
}

TEST(Normalizer, NormalizeTextFoldsWholeStrings) {
  EXPECT_EQ(normalize_text("ＴＯＫＹＯ Summit"), "tokyo summit");
}

TEST(Normalizer, PunctuationAndInvalidBytesSeparate) {
  EXPECT_THAT(texts("U.S.-Japan\xff" "alliance"), ElementsAre("u", "s", "japan", "alliance"));
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_TRUE(tokenize(" ,.;!? — ").empty());
}

}  // namespace
}  // namespace newswatch::rules
