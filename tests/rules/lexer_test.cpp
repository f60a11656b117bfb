// SPDX-License-Identifier: MIT
#include "rules/lexer.hpp"

#include <gtest/gtest.h>

#include "rules/detail/messages.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;
using K = QueryToken::Kind;

std::vector<K> kinds(std::string_view q) {
  std::vector<K> out;
  const auto r = lex_query(q);
  EXPECT_FALSE(r.error) << q << ": " << r.error->message;
  for (const auto& t : r.tokens) out.push_back(t.kind);
  return out;
}

TEST(Lexer, TokenKinds) {
  EXPECT_EQ(kinds(R"(japan "met with" diplom* @china ( ) AND OR NOT NEAR/5 title:x)"),
            (std::vector<K>{K::word, K::phrase, K::prefix, K::list, K::lparen, K::rparen, K::and_, K::or_,
                            K::not_, K::near, K::field, K::word, K::end}));
}

TEST(Lexer, LowerCaseOperatorsAreWords) {
  EXPECT_EQ(kinds("and or not near"), (std::vector<K>{K::word, K::word, K::word, K::word, K::end}));
  EXPECT_EQ(kinds("NEARBY ANDROID"), (std::vector<K>{K::word, K::word, K::end}));
  EXPECT_EQ(kinds("except Except EXCEPTION =EXCEPT \"EXCEPT\""),
            (std::vector<K>{K::word, K::word, K::word, K::word, K::phrase, K::end}));
  EXPECT_EQ(kinds("日本 EXCEPT 日本海"), (std::vector<K>{K::word, K::except_, K::word, K::end}));
}

TEST(Lexer, OffsetsAndTexts) {
  const auto r = lex_query(R"(  Title:"coast guard" NEAR/12 senk*)");
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.tokens.size(), 5u);
  EXPECT_EQ(r.tokens[0].offset, 2u);
  EXPECT_EQ(r.tokens[0].field, Field::title);
  EXPECT_EQ(r.tokens[1].text, "coast guard");
  EXPECT_EQ(r.tokens[1].offset, 8u);
  EXPECT_EQ(r.tokens[2].distance, 12);
  EXPECT_EQ(r.tokens[3].text, "senk");
  EXPECT_EQ(r.tokens[3].offset, 30u);
}

TEST(Lexer, PhraseWithPrefixLastWord) {
  const auto r = lex_query(R"("export control*")");
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.tokens[0].kind, K::phrase);
  EXPECT_EQ(r.tokens[0].text, "export control");
  EXPECT_TRUE(r.tokens[0].prefix);
}

TEST(Lexer, UrlsAreWordsNotScopes) {
  EXPECT_EQ(kinds("link:https://example.org/news"), (std::vector<K>{K::field, K::word, K::end}));
}

struct LexError {
  std::string query;
  std::string message;
  std::size_t offset;
};

void PrintTo(const LexError& e, std::ostream* os) { *os << e.query; }

class LexerErrors : public ::testing::TestWithParam<LexError> {};

TEST_P(LexerErrors, MessageAndOffset) {
  const auto& p = GetParam();
  const auto r = lex_query(p.query);
  ASSERT_TRUE(r.error) << p.query;
  EXPECT_EQ(r.error->message, p.message);
  EXPECT_EQ(r.error->offset, p.offset);
}

INSTANTIATE_TEST_SUITE_P(
    All, LexerErrors,
    ::testing::Values(LexError{R"(japan "met with)", std::string(msg::kUnterminatedPhrase), 6},
                      LexError{R"(japan "  ")", std::string(msg::kEmptyPhrase), 6},
                      LexError{R"("coast* guard")", std::string(msg::kWildcardInPhrase), 6},
                      LexError{R"("coast guard *")", std::string(msg::kWildcardInPhrase), 13},
                      LexError{R"(x "coast g*")", std::string(msg::kWildcardTooShort), 10},
                      LexError{"ja**", std::string(msg::kWildcardPlacement), 2},
                      LexError{"japan @", std::string(msg::kBareAt), 6},
                      LexError{"headline:japan", "unknown field 'headline' (expected title, summary, content, link, feed or lang)", 0},
                      LexError{"ja*pan", std::string(msg::kWildcardPlacement), 2},
                      LexError{"x j*", std::string(msg::kWildcardTooShort), 3},
                      LexError{"a NEAR b", std::string(msg::kNearSyntax), 2},
                      LexError{"a NEAR/x b", std::string(msg::kNearSyntax), 2},
                      LexError{"a NEAR/0 b", "NEAR distance must be from 1 to 100", 7},
                      LexError{"a NEAR/101 b", "NEAR distance must be from 1 to 100", 7}));

}  // namespace
}  // namespace newswatch::rules
