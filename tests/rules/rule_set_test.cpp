// SPDX-License-Identifier: MIT
#include "rules/rule_set.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <thread>

#include "rules/detail/messages.hpp"
#include "rules/loader.hpp"

namespace newswatch::rules {
namespace {

// Headlines below are written for these tests.
constexpr const char* kPack = R"(lists:
  japan: [Japan, Japanese, Tokyo, 日本, "Prime Minister Ishikawa"]
  china: [China, Chinese, Beijing, 中国, 中方, Xi Jinping, 习近平]
  talks: [summit, talks, "met with", meeting*, 会談]
rules:
  - id: leaders
    query: '@japan AND @china AND @talks'
  - id: seafood
    query: 'seafood NEAR/3 ban*'
  - id: coast-guard
    query: 'title:"coast guard" Senkaku*'
  - id: not-sport
    query: 'Japan China NOT (football OR volleyball)'
  - id: cjk
    query: '日本 AND 中国 AND 会談'
  - id: korean
    query: '일본 AND 중국'
  - id: xi
    query: '习近平'
  - id: by-feed
    query: 'feed:wire japan'
  - id: by-link
    query: 'link:senkaku'
  - id: or-and
    query: 'alpha OR beta gamma'
  - id: phrase-prefix
    query: '"export control*"'
  - id: off
    query: japan
    enabled: false
)";

class RuleSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    load_ = load_rule_sources({SourceFile{"pack.yaml", kPack}});
    for (const auto& d : load_.diagnostics.items) {
      if (d.level == Diagnostic::Level::error) ADD_FAILURE() << d.format();
    }
    ASSERT_TRUE(load_.rule_set);
  }

  std::vector<std::string> ids(const Document& d) const {
    std::vector<std::string> out;
    for (const auto& m : load_.rule_set->match(d)) out.push_back(m.rule->id);
    return out;
  }
  std::vector<std::string> ids_title(const std::string& title) const {
    Document d;
    d.title = title;
    return ids(d);
  }

  LoadResult load_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(RuleSetTest, RulesInLoadOrderWithoutDisabled) {
  const auto& rules = load_.rule_set->rules();
  ASSERT_EQ(rules.size(), 11u);
  EXPECT_EQ(rules.front().id, "leaders");
  EXPECT_EQ(rules.front().source, "pack.yaml:6");
  EXPECT_EQ(rules.front().severity, Severity::medium);
  EXPECT_EQ(rules.back().id, "phrase-prefix");
}

TEST_F(RuleSetTest, ListsAndPhrases) {
  EXPECT_THAT(ids_title("Tokyo and Beijing agree to hold summit next month"), ElementsAre("leaders"));
  EXPECT_THAT(ids_title("Japanese envoy met with Chinese counterpart"), ElementsAre("leaders"));
  EXPECT_THAT(ids_title("Japanese envoy met Chinese counterpart"), IsEmpty());
  EXPECT_THAT(ids_title("Prime Minister Ishikawa to hold meetings with Xi Jinping"), ElementsAre("leaders"));
  // "Prime Minister" alone is not the phrase.
  EXPECT_THAT(ids_title("Prime Minister to hold meetings with Xi Jinping"), IsEmpty());
}

TEST_F(RuleSetTest, AcrossFields) {
  Document d;
  d.title = "Ministers meet in Tokyo";
  d.summary = "Talks with Beijing focus on trade";
  EXPECT_THAT(ids(d), ElementsAre("leaders"));
}

TEST_F(RuleSetTest, PossessiveMatchesTheName) {
  EXPECT_THAT(ids_title("China's premier and Japan's leader open summit"), ElementsAre("leaders", "not-sport"));
}

TEST_F(RuleSetTest, CaseInsensitiveAndFullWidth) {
  EXPECT_THAT(ids_title("JAPAN, CHINA SET SUMMIT"), ElementsAre("leaders", "not-sport"));
  EXPECT_THAT(ids_title("ＪＡＰＡＮ ａｎｄ ＣＨＩＮＡ ｔａｌｋｓ"), ElementsAre("leaders", "not-sport"));
}

TEST_F(RuleSetTest, NearWithinDistanceEitherOrder) {
  EXPECT_THAT(ids_title("Seafood import ban extended"), ElementsAre("seafood"));
  EXPECT_THAT(ids_title("Ban on seafood lifted"), ElementsAre("seafood"));            // either order
  EXPECT_THAT(ids_title("Seafood exporters fear import bans"), ElementsAre("seafood"));  // 3 between
  EXPECT_THAT(ids_title("Seafood exporters fear new import bans"), IsEmpty());  // 4 between
  Document d;
  d.title = "Seafood prices rise";
  d.summary = "Ban on plastics";  // NEAR never spans two fields
  EXPECT_THAT(ids(d), IsEmpty());
}

TEST_F(RuleSetTest, PhraseWithPrefixLastWord) {
  EXPECT_THAT(ids_title("New export controls on gallium"), ElementsAre("phrase-prefix"));
  EXPECT_THAT(ids_title("Export control regime tightened"), ElementsAre("phrase-prefix"));
  EXPECT_THAT(ids_title("Export of controls"), IsEmpty());
}

TEST_F(RuleSetTest, FieldScopes) {
  Document d;
  d.title = "Coast guard vessels near the Senkakus";
  EXPECT_THAT(ids(d), ElementsAre("coast-guard"));
  d.title = "Vessels near the Senkakus";
  d.summary = "The coast guard said";
  EXPECT_THAT(ids(d), IsEmpty());

  Document w;
  w.title = "Japan election results";
  w.feed = "Wire Service";
  EXPECT_THAT(ids(w), ElementsAre("by-feed"));
  w.feed = "Other";
  w.link = "https://news.example/japan/senkaku-islands-report";
  EXPECT_THAT(ids(w), ElementsAre("by-link"));
  // Unscoped terms do not search the link.
  Document l;
  l.link = "https://news.example/japan-china-summit";
  EXPECT_THAT(ids(l), IsEmpty());
}

TEST_F(RuleSetTest, NotExcludes) {
  EXPECT_THAT(ids_title("Japan and China trade barbs"), ElementsAre("not-sport"));
  EXPECT_THAT(ids_title("Japan beat China at volleyball"), IsEmpty());
  EXPECT_THAT(ids_title("Football: Japan edge China"), IsEmpty());
}

TEST_F(RuleSetTest, OrBindsLooserThanImplicitAnd) {
  EXPECT_THAT(ids_title("alpha"), ElementsAre("or-and"));
  EXPECT_THAT(ids_title("beta"), IsEmpty());
  EXPECT_THAT(ids_title("gamma beta"), ElementsAre("or-and"));
}

TEST_F(RuleSetTest, CjkSubstrings) {
  EXPECT_THAT(ids_title("日本と中国の首脳が会談"), ElementsAre("leaders", "cjk"));
  EXPECT_THAT(ids_title("日本と韓国の首脳が会談"), IsEmpty());
  // A CJK term does not match across a space.
  EXPECT_THAT(ids_title("日 本と中国が会談"), IsEmpty());
}

TEST_F(RuleSetTest, KoreanNounsMatchWithParticles) {
  EXPECT_THAT(ids_title("일본은 중국과 정상회담을 열었다"), ElementsAre("korean"));
}

TEST_F(RuleSetTest, TraditionalMatchesSimplified) {
  EXPECT_THAT(ids_title("習近平主席が演説"), ElementsAre("xi"));
  EXPECT_THAT(ids_title("习近平会见外宾"), ElementsAre("xi"));
}

TEST_F(RuleSetTest, HighlightsCarryFieldTermSnippetAndOffset) {
  Document d;
  d.title = "Tokyo says summit with Beijing is on";
  d.summary = std::string(200, 'x') + " then China's foreign ministry confirmed " + std::string(200, 'y');
  const auto matches = load_.rule_set->match(d);
  ASSERT_EQ(matches.size(), 1u);
  const auto& h = matches[0].highlights;
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].field, "title");
  EXPECT_EQ(h[0].term, "Tokyo");
  EXPECT_EQ(h[0].offset, 0u);
  EXPECT_EQ(h[0].snippet, "Tokyo says summit with Beijing is on");
  EXPECT_EQ(h[1].term, "summit");
  EXPECT_EQ(h[1].offset, 11u);
  EXPECT_EQ(h[2].term, "Beijing");
  EXPECT_EQ(h[3].field, "summary");
  EXPECT_EQ(h[3].term, "China");
  EXPECT_EQ(h[3].offset, 206u);
  EXPECT_EQ(d.summary.substr(h[3].offset, 5), "China");
  EXPECT_THAT(h[3].snippet, ::testing::HasSubstr("China's foreign ministry"));
  EXPECT_THAT(h[3].snippet, ::testing::StartsWith("…"));
  EXPECT_THAT(h[3].snippet, ::testing::EndsWith("…"));
}

TEST_F(RuleSetTest, HighlightsOfNearAreTheCloseHits) {
  Document d;
  d.title = "Seafood fair opens; later, seafood ban announced";
  const auto matches = load_.rule_set->match(d);
  ASSERT_EQ(matches.size(), 1u);
  const auto& h = matches[0].highlights;
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].term, "seafood");
  EXPECT_EQ(h[0].offset, 27u);
  EXPECT_EQ(h[1].term, "ban*");
}

TEST_F(RuleSetTest, CjkHighlightOffsets) {
  Document d;
  d.title = "速報：日本と中国の首脳が会談";
  const auto matches = load_.rule_set->match(d);
  ASSERT_EQ(matches.size(), 2u);
  const auto& h = matches[1].highlights;  // cjk
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2].term, "会談");
  EXPECT_EQ(d.title.substr(h[2].offset), "会談");
  EXPECT_EQ(h[0].term, "日本");
  EXPECT_EQ(d.title.substr(h[0].offset, 6), "日本");
  EXPECT_EQ(h[0].snippet, d.title);
}

TEST_F(RuleSetTest, ConcurrentMatchIsSafe) {
  // Each thread folds Han characters with its own transliterator; all share the RuleSet.
  Document d;
  d.title = "Tokyo and Beijing agree to hold summit";
  d.summary = "習近平氏と會談";
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) ok += load_.rule_set->match(d).size() == 2;  // leaders, xi
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 800);
}

TEST_F(RuleSetTest, ExplainShowsTheTreeWithHits) {
  Document d;
  d.title = "Tokyo hosts summit";
  d.summary = "Beijing sends envoy";
  EXPECT_EQ(load_.rule_set->explain(d, "leaders"),
            "leaders: match\n"
            "true  AND\n"
            "  true  OR @japan\n"
            "    true  Tokyo title@0:\"Tokyo\"\n"
            "  true  OR @china\n"
            "    true  Beijing summary@0:\"Beijing\"\n"
            "  true  OR @talks\n"
            "    true  summit title@12:\"summit\"\n");
  d.title = "Japan at the volleyball final against China";
  EXPECT_EQ(load_.rule_set->explain(d, "not-sport"),
            "not-sport: no match\n"
            "false AND\n"
            "  true  Japan title@0:\"Japan\"\n"
            "  true  China title@38:\"China\"\n"
            "  false NOT\n"
            "    true  OR\n"
            "      false football\n"
            "      true  volleyball title@13:\"volleyball\"\n");
  EXPECT_EQ(load_.rule_set->explain(d, "coast-guard"),
            "coast-guard: no match\n"
            "false AND\n"
            "  false \"coast guard\" [title]\n"
            "  false Senkaku*\n");
  EXPECT_EQ(load_.rule_set->explain(d, "off"), "");
}

TEST(Severity, RoundTrip) {
  EXPECT_EQ(to_string(Severity::critical), "critical");
  EXPECT_EQ(parse_severity("High"), Severity::high);
  EXPECT_FALSE(parse_severity("urgent"));
}

// issue 4: ONEAR, AT_LEAST, exact case, lang:. Headlines written for these tests.
class LanguageAdditions : public ::testing::Test {
 protected:
  void SetUp() override {
    load_ = load_rule_sources({SourceFile{"more.yaml", R"(lists:
  airlines: [=JAL, =ANA, '="Japan Airlines"']
rules:
  - {id: ordered, query: 'ban ONEAR/2 seafood'}
  - {id: two-of-three, query: 'AT_LEAST(2, Japan, China, "South Korea")'}
  - {id: acronym, query: '=NATO summit'}
  - {id: airline, query: '@airlines'}
  - {id: japanese, query: 'lang:ja 会談'}
  - {id: taiwanese, query: 'lang:zh-TW 会谈'}
  - {id: any-but-ja, query: 'summit NOT lang:ja'}
)"}});
    for (const auto& d : load_.diagnostics.items) {
      if (d.level == Diagnostic::Level::error) ADD_FAILURE() << d.format();
    }
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

TEST_F(LanguageAdditions, OrderedNearNeedsTheLeftSideFirst) {
  EXPECT_THAT(ids("Beijing to ban Japanese seafood imports"), ElementsAre("ordered"));
  EXPECT_THAT(ids("Seafood exporters fear a ban"), IsEmpty());
  EXPECT_THAT(ids("A ban on all of the seafood"), IsEmpty());  // 4 words between
}

TEST_F(LanguageAdditions, AtLeastCountsTrueOperands) {
  EXPECT_THAT(ids("Japan and China agree on a hotline"), ElementsAre("two-of-three"));
  EXPECT_THAT(ids("Japan and South Korea hold drills"), ElementsAre("two-of-three"));
  EXPECT_THAT(ids("Japan hosts a trade fair"), IsEmpty());
  EXPECT_THAT(ids("Korea and China talk"), IsEmpty());  // "Korea" is not "South Korea"
}

TEST_F(LanguageAdditions, ExactCaseMatchesAcronymsOnly) {
  EXPECT_THAT(ids("NATO summit opens in Vilnius"), ElementsAre("acronym", "any-but-ja"));
  EXPECT_THAT(ids("Nato summit opens"), ElementsAre("any-but-ja"));
  EXPECT_THAT(ids("JAL adds flights to Shanghai"), ElementsAre("airline"));
  EXPECT_THAT(ids("Japan Airlines adds flights"), ElementsAre("airline"));
  EXPECT_THAT(ids("Jal and ana say nothing"), IsEmpty());
  EXPECT_THAT(ids("JAPAN AIRLINES adds flights"), IsEmpty());
}

// Full-width Latin is common in Japanese and Chinese text: exact case still holds after NFKC.
TEST(ExactCase, FullWidthMatchesAndHighlightsTheOriginalBytes) {
  const auto load = load_rule_sources({SourceFile{"x.yaml", R"(lists:
  parties: [=LDP, '="Liberation Army"']
rules:
  - {id: pla, query: '=PLA'}
  - {id: ldp, query: '@parties'}
  - {id: written-wide, query: '=ＰＬＡ drills'}
)"}});
  ASSERT_TRUE(load.rule_set);
  const auto match = [&](const std::string& title) {
    Document d;
    d.title = title;
    return load.rule_set->match(d);
  };
  const std::string title = "ＰＬＡ海軍が東シナ海で演習、ＬＤＰ幹部が懸念";
  const auto found = match(title);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].rule->id, "pla");
  ASSERT_EQ(found[0].highlights.size(), 1u);
  EXPECT_EQ(found[0].highlights[0].offset, 0u);
  EXPECT_EQ(found[0].highlights[0].term, "=PLA");
  EXPECT_EQ(found[1].rule->id, "ldp");
  ASSERT_EQ(found[1].highlights.size(), 1u);
  const auto ldp = title.find("ＬＤＰ");
  EXPECT_EQ(found[1].highlights[0].offset, ldp);
  EXPECT_THAT(found[1].highlights[0].snippet, ::testing::HasSubstr("ＬＤＰ"));
  // Case still counts after NFKC: full-width lower case is not the acronym.
  EXPECT_THAT(match("ｐｌａ and Ｐｌａ are not acronyms"), IsEmpty());
  // A term written full-width is the same term: it matches ASCII text too.
  ASSERT_EQ(match("PLA drills near Taiwan").size(), 2u);
  EXPECT_EQ(match("PLA drills near Taiwan")[1].rule->id, "written-wide");
  EXPECT_EQ(match("People's ＬＩＢＥＲＡＴＩＯＮ ＡＲＭＹ").size(), 0u);
  EXPECT_EQ(match("People's Ｌｉｂｅｒａｔｉｏｎ　Ａｒｍｙ").size(), 1u);
}

TEST_F(LanguageAdditions, LangMatchesThePrimarySubtag) {
  EXPECT_THAT(ids("日中首脳が会談", "ja"), ElementsAre("japanese"));
  EXPECT_THAT(ids("日中首脳が会談", "ja-JP"), ElementsAre("japanese"));
  EXPECT_THAT(ids("日中首脳が会談", "JA_jp"), ElementsAre("japanese"));
  EXPECT_THAT(ids("日中首脳が会談", "jav"), IsEmpty());
  // Undeclared: detected (tests/rules/language_detector_test.cpp).
  EXPECT_THAT(ids("日中首脳が会談", ""), ElementsAre("japanese"));
  EXPECT_THAT(ids("中日领导人会谈", "zh-TW"), ElementsAre("taiwanese"));
  EXPECT_THAT(ids("中日领导人会谈", "zh-CN"), IsEmpty());
  EXPECT_THAT(ids("Leaders hold summit", "ja"), IsEmpty());
  EXPECT_THAT(ids("Leaders hold summit", "en-GB"), ElementsAre("any-but-ja"));
}

TEST_F(LanguageAdditions, ExplainShowsTheNewOperators) {
  Document d;
  d.title = "Japan and China agree";
  d.language = "en";
  const auto text = load_.rule_set->explain(d, "two-of-three");
  EXPECT_THAT(text, ::testing::HasSubstr("two-of-three: match"));
  EXPECT_THAT(text, ::testing::HasSubstr("AT_LEAST 2"));
  EXPECT_THAT(load_.rule_set->explain(d, "japanese"), ::testing::HasSubstr("lang:ja (document: \"en\")"));
}

// EXCEPT: a term minus its occurrences that an excluded term overlaps in the same field.
// Headlines written for these tests.
class Except : public ::testing::Test {
 protected:
  void SetUp() override {
    load_ = load_rule_sources({SourceFile{"except.yaml", R"(lists:
  japan: ['日本 EXCEPT 日本海 EXCEPT 日本語', 'Japan EXCEPT "Sea of Japan"', 'Tokyo']
  seas: [日本海, "Sea of Japan"]
rules:
  - {id: nihon, query: '日本 EXCEPT 日本海'}
  - {id: china, query: 'China EXCEPT "East China Sea"'}
  - {id: gaisho, query: '外相 EXCEPT 中国外相'}
  - {id: takaichi, query: '高市 EXCEPT 提高市场'}
  - {id: zainichi, query: '在日 EXCEPT 在日常'}
  - {id: kyoto, query: '京都 EXCEPT 北京都市圈'}
  - {id: chugoku, query: '中国 EXCEPT (中国電力 OR 中国地方)'}
  - {id: partial, query: '"China Sea" EXCEPT "East China"'}
  - {id: near, query: '日本 EXCEPT @seas NEAR/3 抗議'}
  - {id: title-only, query: 'title:(Air EXCEPT "Air India")'}
  - {id: us, query: '=US EXCEPT "US Open"'}
  - {id: taiwan, query: 'Taiwan* EXCEPT "Taiwan Strait"'}
  - {id: listed, query: '@japan AND protest*'}
  - {id: not-except, query: 'summit NOT Korea EXCEPT "Korea Strait*"'}
  - {id: coast-guard, query: '日方 OR 日本 EXCEPT (日本海 EXCEPT 日本海上) ONEAR/10 救'}
)"}});
    for (const auto& d : load_.diagnostics.items) {
      if (d.level == Diagnostic::Level::error) ADD_FAILURE() << d.format();
    }
    ASSERT_TRUE(load_.rule_set);
  }
  std::vector<Match> matches(const std::string& title, const std::string& summary = "") const {
    Document d;
    d.title = title;
    d.summary = summary;
    return load_.rule_set->match(d);
  }
  std::vector<std::string> ids(const std::string& title, const std::string& summary = "") const {
    std::vector<std::string> out;
    for (const auto& m : matches(title, summary)) out.push_back(m.rule->id);
    return out;
  }
  LoadResult load_;
};

TEST_F(Except, ExcludesAnOverlapAtTheStartMiddleOrEnd) {
  EXPECT_THAT(ids("日本海で低気圧が発達"), IsEmpty());                     // 日本|海: start
  EXPECT_THAT(ids("两地在日常通勤方面达成共识"), IsEmpty());               // 在日|常: start
  EXPECT_THAT(ids("商务部：进一步提高市场准入水平"), IsEmpty());           // 提|高市|场: middle
  EXPECT_THAT(ids("北京都市圈与天津加强合作"), IsEmpty());                 // 北|京都|市圈: middle
  EXPECT_THAT(ids("中国外相が会見"), ElementsAre("chugoku"));              // 中国|外相: end
  EXPECT_THAT(ids("Storms over the East China Sea"), IsEmpty());           // East|China|Sea: middle
  EXPECT_THAT(ids("中国電力が値上げ、中国地方で停電"), IsEmpty());          // either alternative
  // The excluded term may overlap only in part: "East China" takes the "China" of "China Sea".
  EXPECT_THAT(ids("Drills in the East China Sea"), IsEmpty());
  EXPECT_THAT(ids("Drills in the South China Sea"), ElementsAre("china", "partial"));
}

TEST_F(Except, MatchesTheTermOutsideTheExcludedOne) {
  EXPECT_THAT(ids("日本の外相が訪中"), ElementsAre("nihon", "gaisho"));
  EXPECT_THAT(ids("高市首相が会見"), ElementsAre("takaichi"));
  EXPECT_THAT(ids("在日中国人の団体"), ElementsAre("zainichi", "chugoku"));
  EXPECT_THAT(ids("京都で日中会談"), ElementsAre("kyoto"));
  EXPECT_THAT(ids("China sends ships"), ElementsAre("china"));
}

TEST_F(Except, AGenuineOccurrenceBesideAnExcludedOneStillMatches) {
  const std::string title = "日本海で日本の漁船が拿捕";
  const auto found = matches(title);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule->id, "nihon");
  ASSERT_EQ(found[0].highlights.size(), 1u);
  EXPECT_EQ(found[0].highlights[0].term, "日本");
  EXPECT_EQ(found[0].highlights[0].offset, title.find("日本の"));  // the survivor, not 日本海
  EXPECT_THAT(ids("China says East China Sea patrols will go on"), ElementsAre("china"));
  EXPECT_THAT(ids("中国地方の中国人観光客"), ElementsAre("chugoku"));
}

TEST_F(Except, ExcludesOnlyWithinTheSameField) {
  EXPECT_THAT(ids("日本海で低気圧", "日本の気象庁が発表"), ElementsAre("nihon"));
  EXPECT_THAT(ids("日本海で低気圧", "日本海側で大雪"), IsEmpty());
  const auto found = matches("East China Sea tensions", "China rejects the claim");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].highlights.at(0).field, "summary");
}

TEST_F(Except, CanBeANearOperand) {
  EXPECT_THAT(ids("日本は強く抗議"), ElementsAre("nihon", "near"));
  EXPECT_THAT(ids("日本海で抗議活動"), IsEmpty());
  // The surviving 日本 is more than 3 characters from 抗議; the close one is excluded.
  EXPECT_THAT(ids("日本の漁船の件、日本海で抗議"), ElementsAre("nihon"));
  const auto found = matches("日本海の件で日本が抗議");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].rule->id, "near");
  ASSERT_EQ(found[1].highlights.size(), 2u);
  EXPECT_EQ(found[1].highlights[0].offset, std::string("日本海の件で").size());
  EXPECT_EQ(found[1].highlights[1].term, "抗議");
}

TEST_F(Except, ExcludesInsideAnExclusion) {
  // 日本海上保安庁 is the Japan Coast Guard: 日本 + 海上保安庁, not the Sea of Japan.
  EXPECT_THAT(ids("日本海上保安庁が漁船員を救助"), ElementsAre("coast-guard"));
  EXPECT_THAT(ids("日本海で漁船員を救助"), IsEmpty());
}

TEST_F(Except, ScopesExactCaseAndPrefixes) {
  EXPECT_THAT(ids("Air India adds flights"), IsEmpty());
  EXPECT_THAT(ids("Air India and Korean Air add flights"), ElementsAre("title-only"));
  EXPECT_THAT(ids("Flights resume", "Korean Air adds routes"), IsEmpty());  // title only
  EXPECT_THAT(ids("US Open final set"), IsEmpty());
  EXPECT_THAT(ids("US Open: US player wins"), ElementsAre("us"));
  EXPECT_THAT(ids("us open talks"), IsEmpty());
  EXPECT_THAT(ids("Taiwan Strait tensions rise"), IsEmpty());
  const std::string title = "Taiwanese ships cross the Taiwan Strait";
  const auto found = matches(title);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule->id, "taiwan");
  ASSERT_EQ(found[0].highlights.size(), 1u);
  EXPECT_EQ(found[0].highlights[0].term, "Taiwan*");
  EXPECT_EQ(found[0].highlights[0].offset, 0u);
}

TEST_F(Except, ListItemsExcludeToo) {
  EXPECT_THAT(ids("Protests over Sea of Japan naming"), IsEmpty());
  EXPECT_THAT(ids("日本海の呼称に抗議、韓国が protests"), IsEmpty());
  // The list item also excludes 日本語; the query-level nihon rule does not.
  EXPECT_THAT(ids("日本語教育に抗議 protests"), ElementsAre("nihon"));
  EXPECT_THAT(ids("Japan protests Sea of Japan naming"), ElementsAre("listed"));
  const auto found = matches("Tokyo protests Sea of Japan naming");
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found[0].highlights.size(), 2u);
  EXPECT_EQ(found[0].highlights[0].term, "Tokyo");
}

TEST_F(Except, NotOfAnExceptNegatesItsSurvivors) {
  EXPECT_THAT(ids("Summit on Korea Strait ferries"), ElementsAre("not-except"));
  EXPECT_THAT(ids("Summit on Korea Straits ferries"), ElementsAre("not-except"));
  EXPECT_THAT(ids("Korea summit"), IsEmpty());
}

TEST_F(Except, ExplainShowsSurvivorsAndExclusions) {
  Document d;
  d.title = "日本海で日本の漁船";
  EXPECT_EQ(load_.rule_set->explain(d, "nihon"),
            "nihon: match\n"
            "true  EXCEPT title@12:\"日本\"\n"
            "  true  日本 title@0:\"日本\" title@12:\"日本\"\n"
            "  true  日本海 title@0:\"日本海\"\n");
  d.title = "日本海で低気圧";
  EXPECT_EQ(load_.rule_set->explain(d, "listed"),
            "listed: no match\n"
            "false AND\n"
            "  false OR @japan\n"
            "    false EXCEPT\n"
            "      true  日本 title@0:\"日本\"\n"
            "      true  日本海 title@0:\"日本海\"\n"
            "      false 日本語\n"
            "  false protest*\n");
}

TEST(ExceptErrors, NameTheFileLineAndColumn) {
  const auto load = load_rule_sources({SourceFile{"e.yaml", R"(lists:
  l: ['日本 EXCEPT', 'EXCEPT 日本海', '日本 EXCEPT 日本*海', 'Japan EXCEPT "Sea of Japan"']
macros:
  both: 'a AND b'
rules:
  - {id: r1, query: '日本 EXCEPT', tests: [{title: x}]}
  - {id: r2, query: '日本 EXCEPT title:日本海', tests: [{title: x}]}
  - {id: r3, query: '@both EXCEPT c', tests: [{title: x}]}
  - {id: r4, query: 'c EXCEPT (x OR @both)', tests: [{title: x}]}
  - {id: r5, query: '@l', tests: [{title: x}]}
)"}});
  EXPECT_FALSE(load.rule_set);
  std::vector<std::string> lines;
  for (const auto& d : load.diagnostics.items) lines.push_back(d.headline());
  EXPECT_THAT(lines, ElementsAre("e.yaml:2:7: error: list 'l': bad term '日本 EXCEPT': EXCEPT needs a term on each side, "
                                 "e.g. 日本 EXCEPT 日本海",
                                 "e.yaml:2:20: error: list 'l': bad term 'EXCEPT 日本海': EXCEPT needs a term on each "
                                 "side, e.g. 日本 EXCEPT 日本海",
                                 "e.yaml:2:34: error: list 'l': bad term '日本 EXCEPT 日本*海': '*' is only allowed at "
                                 "the end of a word",
                                 "e.yaml:6:25: error: expected a term after 'EXCEPT'",
                                 "e.yaml:7:32: error: " + std::string(detail::msg::kExceptScope),
                                 "e.yaml:8:22: error: EXCEPT joins terms, phrases, wildcards or lists, not 'AND'",
                                 "e.yaml:9:32: error: EXCEPT joins terms, phrases, wildcards or lists, not 'AND'"));
}

// The presearch index must never hide a match: rules over the same terms, in every shape, give
// the same answers as evaluating every rule (checked here against expectations per document).
TEST(RuleSetPresearch, AndIndexesOneConjunctAndConfirmsAnother) {
  const auto load = load_rule_sources({SourceFile{"p.yaml", R"(lists:
  l: [alpha, beta, "gamma delta", eps*]
rules:
  - {id: and3, query: 'alpha beta zeta'}
  - {id: near-or, query: '(alpha OR zeta) NEAR/1 @l'}
  - {id: and-not, query: 'beta AND NOT gamma'}
  - {id: or-and, query: '(alpha beta) OR "gamma delta"'}
  - {id: least, query: 'AT_LEAST(2, alpha, NOT zeta, epsilon)'}
)"}});
  ASSERT_TRUE(load.rule_set);
  const auto ids = [&](const std::string& title) {
    Document d;
    d.title = title;
    std::vector<std::string> out;
    for (const auto& m : load.rule_set->match(d)) out.push_back(m.rule->id);
    return out;
  };
  EXPECT_THAT(ids("zeta beta alpha"), ElementsAre("and3", "near-or", "and-not", "or-and"));
  EXPECT_THAT(ids("alpha epsilons"), ElementsAre("near-or", "least"));
  EXPECT_THAT(ids("gamma delta"), ElementsAre("or-and"));
  EXPECT_THAT(ids("alpha"), ElementsAre("least"));
  EXPECT_THAT(ids("beta gamma"), IsEmpty());
}

// A word that is some term's key gets its prefix terms from the key's own entries (no prefix
// probing); a word that is no key probes the prefix table. Both must find every prefix term.
TEST(RuleSetPresearch, PrefixTermsMatchWordsThatAreKeysAndWordsThatAreNot) {
  const auto load = load_rule_sources({SourceFile{"p.yaml", R"(rules:
  - {id: japan, query: 'japan'}
  - {id: japanese, query: 'japanese'}
  - {id: japan-prefix, query: 'japan*'}
  - {id: jap-prefix, query: 'jap*'}
  - {id: phrase, query: '"japanese seafood"'}
  - {id: exact, query: '=Japan'}
  - {id: long-word, query: 'semiconductors OR "semiconductor export*"'}
)"}});
  ASSERT_TRUE(load.rule_set);
  const auto ids = [&](const std::string& title) {
    Document d;
    d.title = title;
    std::vector<std::string> out;
    for (const auto& m : load.rule_set->match(d)) out.push_back(m.rule->id);
    return out;
  };
  EXPECT_THAT(ids("Japan"), ElementsAre("japan", "japan-prefix", "jap-prefix", "exact"));
  EXPECT_THAT(ids("JAPAN"), ElementsAre("japan", "japan-prefix", "jap-prefix"));
  EXPECT_THAT(ids("Japanese seafood"), ElementsAre("japanese", "japan-prefix", "jap-prefix", "phrase"));
  EXPECT_THAT(ids("Japans"), ElementsAre("japan-prefix", "jap-prefix"));
  EXPECT_THAT(ids("Japonica"), ElementsAre("jap-prefix"));
  EXPECT_THAT(ids("Jakarta"), IsEmpty());
  // Keys longer than 8 bytes are compared outside the dictionary slot.
  EXPECT_THAT(ids("Semiconductors"), ElementsAre("long-word"));
  EXPECT_THAT(ids("semiconductor exporters"), ElementsAre("long-word"));
  EXPECT_THAT(ids("semiconductor"), IsEmpty());
  EXPECT_THAT(ids("semiconductorz"), IsEmpty());
}

// Presearch may only skip rules that cannot match: over random rules and documents, match()
// (candidates only) agrees with explain() (which evaluates the one rule it is asked about).
TEST(RuleSetPresearch, SkipsOnlyRulesThatCannotMatch) {
  const std::vector<std::string> words = {"japan", "china", "talks", "seafood", "ban", "coast", "guard",
                                          "senkaku", "taiwan", "strait", "日本", "中国", "会談", "drills", "semiconductors"};
  std::mt19937 rng(3);
  const auto word = [&] { return words[rng() % words.size()]; };
  const auto term = [&] {
    switch (rng() % 4) {
      case 0: return '"' + word() + ' ' + word() + '"';
      case 1: return words[rng() % 10].substr(0, 3) + '*';  // Latin words: CJK prefixes are substrings anyway
      default: return word();
    }
  };
  std::string yaml = "lists:\n  l: [" + term() + ", " + term() + ", " + term() + "]\nrules:\n";
  for (int i = 0; i < 300; ++i) {
    std::string q;
    switch (rng() % 8) {
      case 0: q = term() + " AND " + term(); break;
      case 1: q = term() + " OR " + term() + " " + term(); break;
      case 2: q = term() + " AND NOT " + term(); break;
      case 3: q = "@l AND (" + term() + " OR " + term() + ")"; break;
      case 4: q = term() + " NEAR/2 " + term(); break;
      case 5: q = term() + " EXCEPT " + term() + " " + term(); break;
      case 6: q = term() + " EXCEPT (" + term() + " OR " + term() + ") NEAR/3 " + term(); break;
      default: q = "AT_LEAST(2, " + term() + ", " + term() + ", " + term() + ")"; break;
    }
    yaml += "  - {id: r" + std::to_string(i) + ", query: '" + q + "'}\n";
  }
  const auto load = load_rule_sources({SourceFile{"random.yaml", yaml}});
  for (const auto& d : load.diagnostics.items) {
    if (d.level == Diagnostic::Level::error) ADD_FAILURE() << d.format();
  }
  ASSERT_TRUE(load.rule_set);
  int matched = 0;
  for (int n = 0; n < 150; ++n) {
    Document d;
    for (int k = 0, len = 3 + static_cast<int>(rng() % 8); k < len; ++k) d.title += word() + ' ';
    for (int k = 0, len = static_cast<int>(rng() % 10); k < len; ++k) d.summary += word() + (rng() % 3 ? " " : "s ");
    std::set<std::string> found;
    for (const auto& m : load.rule_set->match(d)) found.insert(m.rule->id);
    for (const auto& r : load.rule_set->rules()) {
      const bool evaluated = load.rule_set->explain(d, r.id).starts_with(r.id + ": match");
      EXPECT_EQ(found.count(r.id) == 1, evaluated) << r.id << " '" << r.query << "' on '" << d.title << "' / '" << d.summary << "'";
    }
    matched += static_cast<int>(found.size());
  }
  EXPECT_GT(matched, 100);  // the check means something only if rules do match
}

}  // namespace
}  // namespace newswatch::rules
