// SPDX-License-Identifier: MIT
#include "rules/detail/language_detector.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "rules/loader.hpp"
#include "rules/rule_set.hpp"

namespace newswatch::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Headlines written for these tests.
constexpr const char* kEnglish = "Japan and China agree to resume talks on seafood imports after Fukushima dispute";
constexpr const char* kJapanese = "日中首脳会談、水産物の輸入再開で合意　処理水めぐる対立に区切り";
constexpr const char* kSimplified = "中国外交部就日本首相参拜靖国神社向日方提出严正交涉";
constexpr const char* kTraditional = "中國外交部就日本首相參拜靖國神社向日方提出嚴正交涉";
constexpr const char* kKorean = "한일 정상회담 개최, 북한 미사일 문제와 수산물 수입 논의";

std::string detect(std::string_view title, std::string_view summary = {}) {
  return detail::detect_language(title, summary, {}).code;
}

TEST(LanguageDetector, DetectsRealisticHeadlines) {
  EXPECT_EQ(detect(kEnglish), "en");
  EXPECT_EQ(detect(kJapanese), "ja");
  EXPECT_EQ(detect(kSimplified), "zh");
  EXPECT_EQ(detect(kTraditional), "zh-hant");
  EXPECT_EQ(detect(kKorean), "ko");
  // Japanese written in kanji with a little kana is still Japanese, not Chinese.
  EXPECT_EQ(detect("尖閣諸島周辺で中国海警局の船が領海侵入"), "ja");
  // Title and summary are read together.
  EXPECT_EQ(detect("Senkaku", "中国海警局の船が尖閣諸島周辺の領海に侵入し、海上保安庁が警告した"), "ja");
}

// Short text says too little: detection answers "unknown" rather than guess (CLD2 would say
// English), and lang: then matches nothing.
TEST(LanguageDetector, ShortOrEmptyTextIsUnknown) {
  EXPECT_EQ(detect(""), "");
  EXPECT_EQ(detect("Talks"), "");
  EXPECT_EQ(detect("NATO"), "");
  EXPECT_EQ(detect("日本"), "");
  EXPECT_EQ(detect("2024-11-15 09:30"), "");
}

TEST(LanguageDetector, InvalidUtf8DoesNotHideTheValidText) {
  std::string text = kJapanese;
  text += "\xff\xfe";
  EXPECT_EQ(detect(text), "ja");
}

TEST(LanguageDetector, ImplausibleDeclarationsAreJudgedByScript) {
  using detail::declaration_implausible;
  EXPECT_TRUE(declaration_implausible("en-US", kJapanese, {}, {}));
  EXPECT_TRUE(declaration_implausible("ja", kEnglish, {}, {}));
  EXPECT_FALSE(declaration_implausible("ja", kJapanese, {}, {}));
  EXPECT_FALSE(declaration_implausible("zh-TW", kTraditional, {}, {}));
  EXPECT_FALSE(declaration_implausible("fr", kEnglish, {}, {}));  // same script: trusted
  EXPECT_FALSE(declaration_implausible("ja", "NHK World", {}, {}));  // too short to judge
  // An English headline quoting a Japanese name is still English.
  EXPECT_FALSE(declaration_implausible("en", "Prime Minister meets 習近平 in Lima for talks", {}, {}));
}

TEST(LanguageDetector, EffectiveLanguageKeepsPlausibleDeclarations) {
  using detail::effective_language;
  EXPECT_EQ(effective_language("zh_TW", kTraditional, {}, {}).code, "zh-tw");
  EXPECT_FALSE(effective_language("zh_TW", kTraditional, {}, {}).detected);
  EXPECT_EQ(effective_language("", kKorean, {}, {}).code, "ko");
  EXPECT_TRUE(effective_language("", kKorean, {}, {}).detected);
  EXPECT_EQ(effective_language("en-US", kJapanese, {}, {}).code, "ja");
  EXPECT_EQ(effective_language("", "日本", {}, {}).code, "");
}

TEST(LanguageDetector, IsSafeFromManyThreads) {
  const std::vector<std::string> texts = {kEnglish, kJapanese, kSimplified, kTraditional, kKorean};
  std::vector<std::string> expected;
  for (const auto& t : texts) expected.push_back(detect(t));
  std::vector<int> wrong(4);
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&, n] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) wrong[n] += detect(texts[i]) != expected[i];
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_THAT(wrong, ElementsAre(0, 0, 0, 0));
}

class LangRules : public ::testing::Test {
 protected:
  void SetUp() override {
    load_ = load_rule_sources({SourceFile{"lang.yaml", R"(rules:
  - {id: ja-talks, query: 'lang:ja 会談'}
  - {id: zh-talks, query: 'lang:zh 会谈'}
  - {id: zh-hant, query: 'lang:zh-hant 会谈'}
  - {id: ko-talks, query: 'lang:ko 정상회담'}
  - {id: en-seafood, query: 'lang:en seafood'}
  - {id: japan-not-ja, query: '日本 NOT lang:ja'}
)"}});
    ASSERT_TRUE(load_.rule_set);
  }
  std::vector<std::string> ids(const std::string& title, const std::string& language = "") const {
    Document d;
    d.title = title;
    d.language = language;
    std::vector<std::string> out;
    for (const auto& m : load_.rule_set->match(d)) out.push_back(m.rule->id);
    return out;
  }
  LoadResult load_;
};

// 会談 and 會談 fold to 会谈, so the term occurs in all three; lang: tells them apart.
TEST_F(LangRules, UndeclaredLanguageIsDetected) {
  EXPECT_THAT(ids("日中首脳会談、水産物の輸入再開で合意"), ElementsAre("ja-talks"));
  EXPECT_THAT(ids("中日领导人举行会谈，同意恢复水产品进口"), ElementsAre("zh-talks"));
  EXPECT_THAT(ids("中日領導人舉行會談，同意恢復水產品進口"), ElementsAre("zh-talks", "zh-hant"));
  EXPECT_THAT(ids("한일 정상회담 개최, 북한 미사일 문제 논의"), ElementsAre("ko-talks"));
  EXPECT_THAT(ids(kEnglish), ElementsAre("en-seafood"));
}

TEST_F(LangRules, ShortUndetectableTextMatchesNoLang) {
  EXPECT_THAT(ids("日本"), ElementsAre("japan-not-ja"));
  EXPECT_THAT(ids("会談"), IsEmpty());
}

TEST_F(LangRules, ImplausibleDeclarationGivesWayToDetection) {
  EXPECT_THAT(ids("日中首脳会談、水産物の輸入再開で合意", "en-US"), ElementsAre("ja-talks"));
  EXPECT_THAT(ids(kEnglish, "ja"), ElementsAre("en-seafood"));
  // A plausible declaration wins, even where detection would say otherwise.
  EXPECT_THAT(ids("日中首脳会談、水産物の輸入再開で合意", "zh"), ElementsAre("zh-talks"));
}

TEST_F(LangRules, ExplainSaysTheLanguageWasDetected) {
  Document d;
  d.title = "日中首脳会談、水産物の輸入再開で合意";
  EXPECT_THAT(load_.rule_set->explain(d, "ja-talks"), ::testing::HasSubstr("lang:ja (document: \"ja\", detected)"));
}

// Detection costs more than matching: it runs only when a lang: node is evaluated, once per item.
TEST_F(LangRules, DetectsOnlyWhenALangNodeIsReached) {
  const auto before = detail::detections_run();
  ids("Leaders hold summit in Lima");  // no rule's term occurs: no lang: node is evaluated
  EXPECT_EQ(detail::detections_run(), before);
  ids(kEnglish, "en");  // declared and plausible
  EXPECT_EQ(detail::detections_run(), before);
  ids("日中首脳会談で日本と中国が合意、会談は2時間");  // reaches ja-talks, zh-talks, zh-hant, japan-not-ja
  EXPECT_EQ(detail::detections_run(), before + 1);

  const auto plain = load_rule_sources({SourceFile{"plain.yaml", "rules:\n  - {id: talks, query: '会談'}\n"}});
  ASSERT_TRUE(plain.rule_set);
  Document d;
  d.title = kJapanese;
  EXPECT_EQ(plain.rule_set->match(d).size(), 1u);
  EXPECT_EQ(detail::detections_run(), before + 1);
}

}  // namespace
}  // namespace newswatch::rules

namespace newswatch::rules {
namespace {

// fuzz_language found CLD2 reading out of bounds on this input (invalid UTF-8 runs).
TEST(LanguageDetector, InvalidUtf8NeverReachesCld2) {
  const std::string crash("\x8f\xff\x4a\x27\x20\x6a\x5f\x23\x28\x6c\x20\x20\x74\x4a\x27\x20\xff\xce\x86\x6a\xf7\xad\x6a"
                          "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x5f", 40);
  detail::detect_language(crash, crash, crash);  // what it says about junk does not matter; it must not crash
  EXPECT_EQ(detail::valid_utf8(crash).find('\xff'), std::string::npos);
  EXPECT_EQ(detail::valid_utf8("日本\xff中国"), "日本 中国");
  const auto surrogate = detail::valid_utf8("\xed\xa0\x80x");  // an encoded UTF-16 surrogate
  EXPECT_EQ(surrogate.find('\xed'), std::string::npos);
  EXPECT_EQ(surrogate.back(), 'x');
}

}  // namespace
}  // namespace newswatch::rules
