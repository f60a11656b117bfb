// SPDX-License-Identifier: MIT
#include "rules/parser.hpp"

#include <gtest/gtest.h>

#include "rules/detail/messages.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;

// An S-expression of the tree, to compare shapes.
std::string sexp(const ast::Node& n) {
  switch (n.kind) {
    case ast::Kind::word: return (n.exact ? "=" : "") + n.text;
    case ast::Kind::lang: return "lang:" + n.text;
    case ast::Kind::prefix: return n.text + "*";
    case ast::Kind::phrase: return (n.exact ? "=\"" : "\"") + n.text + '"';
    case ast::Kind::list: return "@" + n.text;
    case ast::Kind::scope: return std::string(to_string(n.field)) + ":" + sexp(*n.children[0]);
    default: break;
  }
  std::string out = "(";
  out += n.kind == ast::Kind::and_  ? "AND"
         : n.kind == ast::Kind::or_ ? "OR"
         : n.kind == ast::Kind::not_ ? "NOT"
         : n.kind == ast::Kind::at_least ? "AT_LEAST/" + std::to_string(n.distance)
         : n.kind == ast::Kind::except_ ? "EXCEPT"
                                     : (n.ordered ? "ONEAR/" : "NEAR/") + std::to_string(n.distance);
  for (const auto& c : n.children) out += " " + sexp(*c);
  return out + ")";
}

std::string parse(std::string_view q) {
  const auto r = parse_query(q);
  if (r.error) return "error: " + r.error->message + " @" + std::to_string(r.error->offset);
  return sexp(*r.root);
}

TEST(Parser, Terms) {
  EXPECT_EQ(parse("japan"), "japan");
  EXPECT_EQ(parse(R"("met with")"), R"("met with")");
  EXPECT_EQ(parse("diplom*"), "diplom*");
  EXPECT_EQ(parse("@china"), "@china");
}

TEST(Parser, EachOperator) {
  EXPECT_EQ(parse("a AND b"), "(AND a b)");
  EXPECT_EQ(parse("a OR b"), "(OR a b)");
  EXPECT_EQ(parse("NOT a"), "(NOT a)");
  EXPECT_EQ(parse("a NEAR/3 b"), "(NEAR/3 a b)");
  EXPECT_EQ(parse("title:a"), "title:a");
  EXPECT_EQ(parse("(a)"), "a");
}

TEST(Parser, ImplicitOperatorIsAnd) {
  EXPECT_EQ(parse("japan china"), "(AND japan china)");
  EXPECT_EQ(parse("japan china summit"), "(AND japan china summit)");
  EXPECT_EQ(parse("japan NOT china"), "(AND japan (NOT china))");
}

TEST(Parser, Precedence) {
  // NOT > NEAR > AND > OR
  EXPECT_EQ(parse("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(parse("a AND b OR c"), "(OR (AND a b) c)");
  EXPECT_EQ(parse("a NEAR/2 b AND c"), "(AND (NEAR/2 a b) c)");
  EXPECT_EQ(parse("a AND b NEAR/2 c"), "(AND a (NEAR/2 b c))");
  EXPECT_EQ(parse("a NEAR/2 b OR c"), "(OR (NEAR/2 a b) c)");
  EXPECT_EQ(parse("NOT a AND b"), "(AND (NOT a) b)");
  EXPECT_EQ(parse("NOT a OR b"), "(OR (NOT a) b)");
  EXPECT_EQ(parse("a OR b c NOT d"), "(OR a (AND b c (NOT d)))");
  EXPECT_EQ(parse("(a OR b) AND c"), "(AND (OR a b) c)");
  EXPECT_EQ(parse("a NEAR/2 b NEAR/3 c"), "(NEAR/3 (NEAR/2 a b) c)");
  EXPECT_EQ(parse("NOT NOT a"), "(NOT (NOT a))");
}

TEST(Parser, NearTakesListsGroupsAndScopes) {
  EXPECT_EQ(parse("(summit OR talks) NEAR/5 @japan"), "(NEAR/5 (OR summit talks) @japan)");
  EXPECT_EQ(parse("title:japan NEAR/1 \"coast guard\""), "(NEAR/1 title:japan \"coast guard\")");
}

TEST(Parser, ScopesApplyToGroups) {
  EXPECT_EQ(parse("title:(japan OR china) summit"), "(AND title:(OR japan china) summit)");
  EXPECT_EQ(parse("feed:nhk"), "feed:nhk");
}

// issue 4: ordered NEAR, AT_LEAST, exact case, lang:.
TEST(Parser, OrderedNearBindsLikeNear) {
  EXPECT_EQ(parse("a ONEAR/3 b"), "(ONEAR/3 a b)");
  EXPECT_EQ(parse("a ONEAR/2 b AND c"), "(AND (ONEAR/2 a b) c)");
  EXPECT_EQ(parse("(a OR b) ONEAR/4 @x"), "(ONEAR/4 (OR a b) @x)");
}

TEST(Parser, AtLeastTakesACountAndQueries) {
  EXPECT_EQ(parse("AT_LEAST(2, a, b, c)"), "(AT_LEAST/2 a b c)");
  EXPECT_EQ(parse("AT_LEAST(1, a b, \"c d\") OR e"), "(OR (AT_LEAST/1 (AND a b) \"c d\") e)");
  EXPECT_EQ(parse("x AT_LEAST(2,a,(b OR c),NOT d)"), "(AND x (AT_LEAST/2 a (OR b c) (NOT d)))");
  // Outside AT_LEAST a comma is still part of a word.
  EXPECT_EQ(parse("a,b"), "a,b");
}

TEST(Parser, ExactCaseAndLanguage) {
  EXPECT_EQ(parse("=NATO"), "=NATO");
  EXPECT_EQ(parse("=\"Japan Airlines\" OR jal"), "(OR =\"Japan Airlines\" jal)");
  EXPECT_EQ(parse("lang:ja 日本"), "(AND lang:ja 日本)");
  EXPECT_EQ(parse("LANG:zh_TW x"), "(AND lang:zh-tw x)");
}

// Occurrence-level exclusion: EXCEPT binds to the operand on its left, tighter than NOT.
TEST(Parser, ExceptBindsTighterThanNearAndAnd) {
  EXPECT_EQ(parse("日本 EXCEPT 日本海"), "(EXCEPT 日本 日本海)");
  EXPECT_EQ(parse("China EXCEPT \"East China Sea\""), "(EXCEPT China \"East China Sea\")");
  EXPECT_EQ(parse("a EXCEPT b NEAR/3 c"), "(NEAR/3 (EXCEPT a b) c)");
  EXPECT_EQ(parse("c NEAR/3 a EXCEPT b"), "(NEAR/3 c (EXCEPT a b))");
  EXPECT_EQ(parse("a EXCEPT b ONEAR/2 c EXCEPT d"), "(ONEAR/2 (EXCEPT a b) (EXCEPT c d))");
  EXPECT_EQ(parse("a EXCEPT b c"), "(AND (EXCEPT a b) c)");
  EXPECT_EQ(parse("x a EXCEPT b OR c"), "(OR (AND x (EXCEPT a b)) c)");
  EXPECT_EQ(parse("NOT a EXCEPT b"), "(NOT (EXCEPT a b))");
  EXPECT_EQ(parse("x AND NOT a EXCEPT b"), "(AND x (NOT (EXCEPT a b)))");
}

TEST(Parser, ExceptChainsAndTakesGroupsListsAndScopes) {
  EXPECT_EQ(parse("a EXCEPT b EXCEPT c"), "(EXCEPT a b c)");
  EXPECT_EQ(parse("中国 EXCEPT (中国電力 OR 中国地方)"), "(EXCEPT 中国 (OR 中国電力 中国地方))");
  EXPECT_EQ(parse("(日本 OR Japan) EXCEPT @seas"), "(EXCEPT (OR 日本 Japan) @seas)");
  EXPECT_EQ(parse("=US EXCEPT \"US Open\""), "(EXCEPT =US \"US Open\")");
  EXPECT_EQ(parse("china* EXCEPT chinatown"), "(EXCEPT china* chinatown)");
  EXPECT_EQ(parse("title:(a EXCEPT b)"), "title:(EXCEPT a b)");
  EXPECT_EQ(parse("title:a EXCEPT b"), "(EXCEPT title:a b)");
  EXPECT_EQ(parse("title:(a OR b) EXCEPT c"), "(EXCEPT title:(OR a b) c)");
  // A parenthesised EXCEPT on the right: Sea of Japan, but not the Japan Coast Guard (日本海上保安庁).
  EXPECT_EQ(parse("日本 EXCEPT (日本海 EXCEPT 日本海上)"), "(EXCEPT 日本 (EXCEPT 日本海 日本海上))");
  EXPECT_EQ(parse("(a EXCEPT b) NEAR/2 (c OR d EXCEPT e)"), "(NEAR/2 (EXCEPT a b) (OR c (EXCEPT d e)))");
  // Lower case is a word, as for the other operators.
  EXPECT_EQ(parse("a except b"), "(AND a except b)");
  EXPECT_EQ(parse("AT_LEAST(1, a EXCEPT b, c)"), "(AT_LEAST/1 (EXCEPT a b) c)");
}

struct ParseError {
  std::string query;
  std::string message;
  std::size_t offset;
};

void PrintTo(const ParseError& e, std::ostream* os) { *os << e.query; }

class ParserErrors : public ::testing::TestWithParam<ParseError> {};

TEST_P(ParserErrors, MessageAndOffset) {
  const auto& p = GetParam();
  const auto r = parse_query(p.query);
  ASSERT_TRUE(r.error) << p.query;
  EXPECT_EQ(r.error->message, p.message) << p.query;
  EXPECT_EQ(r.error->offset, p.offset) << p.query;
}

INSTANTIATE_TEST_SUITE_P(
    All, ParserErrors,
    ::testing::Values(ParseError{"", std::string(msg::kEmptyQuery), 0},
                      ParseError{"   ", std::string(msg::kEmptyQuery), 0},
                      ParseError{"(japan OR china", std::string(msg::kUnclosedParen), 0},
                      ParseError{"japan (", std::string(msg::kUnclosedParen), 6},
                      ParseError{"japan)", std::string(msg::kUnopenedParen), 5},
                      ParseError{") japan", std::string(msg::kUnopenedParen), 0},
                      ParseError{"japan ()", std::string(msg::kEmptyParens), 6},
                      ParseError{"japan AND", "expected a term after 'AND'", 6},
                      ParseError{"japan OR )", "expected a term after 'OR'", 6},
                      ParseError{"NOT", "expected a term after 'NOT'", 0},
                      ParseError{"a NEAR/3", "expected a term after 'NEAR/3'", 2},
                      ParseError{"AND japan", "expected a term before 'AND'", 0},
                      ParseError{"(OR japan)", "expected a term before 'OR'", 1},
                      ParseError{"title:", "expected a term or '(' after 'title:'", 0},
                      ParseError{"title: NOT x", "expected a term or '(' after 'title:'", 0},
                      ParseError{"title:(a OR summary:b)", std::string(msg::kNestedScope), 12},
                      ParseError{"a NEAR/3 NOT b", "NEAR joins terms, phrases, wildcards or lists, not 'NOT'", 9},
                      ParseError{"(a AND b) NEAR/3 c", "NEAR joins terms, phrases, wildcards or lists, not 'AND'", 3},
                      ParseError{"(a b) NEAR/3 c", "NEAR joins terms, phrases, wildcards or lists, not 'AND'", 3},
                      ParseError{"a ONEAR b", std::string(msg::kOnearSyntax), 2},
                      ParseError{"a ONEAR/0 b", "NEAR distance must be from 1 to 100", 8},
                      ParseError{"AT_LEAST(2, a)", std::string(msg::kAtLeastSyntax), 0},
                      ParseError{"AT_LEAST(x, a, b)", std::string(msg::kAtLeastSyntax), 9},
                      ParseError{"AT_LEAST(3, a, b)", "AT_LEAST count must be from 1 to the number of terms (2)", 9},
                      ParseError{"AT_LEAST(0, a, b)", "AT_LEAST count must be from 1 to the number of terms (2)", 9},
                      ParseError{"AT_LEAST(1, a, b", std::string(msg::kUnclosedParen), 0},
                      ParseError{"AT_LEAST(1, a, b) NEAR/2 c",
                                 "NEAR joins terms, phrases, wildcards or lists, not 'AT_LEAST'", 0},
                      ParseError{"x = y", std::string(msg::kExactPlacement), 2},
                      ParseError{"=NATO*", std::string(msg::kExactPrefix), 0},
                      ParseError{"x lang:", std::string(msg::kLangValue), 2},
                      ParseError{"x lang:j@", std::string(msg::kLangValue), 2},
                      ParseError{"title:lang:ja", "expected a term or '(' after 'title:'", 0},
                      ParseError{"日本 EXCEPT", "expected a term after 'EXCEPT'", 7},
                      ParseError{"日本 EXCEPT )", "expected a term after 'EXCEPT'", 7},
                      ParseError{"EXCEPT 日本海", "expected a term before 'EXCEPT'", 0},
                      ParseError{"a OR EXCEPT b", "expected a term after 'OR'", 2},
                      ParseError{"a EXCEPT NOT b", "EXCEPT joins terms, phrases, wildcards or lists, not 'NOT'", 9},
                      ParseError{"a EXCEPT lang:ja", "EXCEPT joins terms, phrases, wildcards or lists, not 'lang:'", 9},
                      ParseError{"a EXCEPT AT_LEAST(1, b, c)",
                                 "EXCEPT joins terms, phrases, wildcards or lists, not 'AT_LEAST'", 9},
                      ParseError{"a EXCEPT (b c)", "EXCEPT joins terms, phrases, wildcards or lists, not 'AND'", 12},
                      ParseError{"a EXCEPT (b NEAR/2 c)", "EXCEPT joins terms, phrases, wildcards or lists, not 'NEAR'", 12},
                      ParseError{"(a AND b) EXCEPT c", "EXCEPT joins terms, phrases, wildcards or lists, not 'AND'", 3},
                      ParseError{"(a ONEAR/2 b) EXCEPT c", "EXCEPT joins terms, phrases, wildcards or lists, not 'ONEAR'", 3},
                      ParseError{"(NOT a) EXCEPT c", "EXCEPT joins terms, phrases, wildcards or lists, not 'NOT'", 1},
                      ParseError{"lang:ja EXCEPT c", "EXCEPT joins terms, phrases, wildcards or lists, not 'lang:'", 0},
                      ParseError{"a EXCEPT title:b", std::string(msg::kExceptScope), 9},
                      ParseError{"a EXCEPT (b OR title:c)", std::string(msg::kExceptScope), 15},
                      ParseError{"a EXCEPT b EXCEPT", "expected a term after 'EXCEPT'", 11}));

TEST(Parser, DepthIsCapped) {
  std::string ok(kMaxQueryDepth, '(');
  ok += "x" + std::string(kMaxQueryDepth, ')');
  EXPECT_EQ(parse(ok), "x");
  std::string deep(kMaxQueryDepth + 1, '(');
  deep += "x" + std::string(kMaxQueryDepth + 1, ')');
  EXPECT_EQ(parse(deep), "error: query nests too deeply (limit 64) @64");
  std::string nots;
  for (int i = 0; i <= kMaxQueryDepth; ++i) nots += "NOT ";
  EXPECT_EQ(parse("a " + nots + "b"), "error: query nests too deeply (limit 64) @258");
}

TEST(Parser, HugeInputDoesNotOverflowTheStack) {
  std::string deep(100000, '(');
  EXPECT_EQ(parse(deep), "error: query nests too deeply (limit 64) @64");
}

}  // namespace
}  // namespace newswatch::rules

namespace newswatch::rules {
namespace {

// Random queries from the language's own pieces: never a crash, and an error always points
// inside the query (or just past its end).
TEST(Parser, RandomQueriesNeverCrash) {
  const std::vector<std::string> pieces = {"japan", "日本", "\"met with\"", "diplom*", "@x", "(", ")", "AND", "OR",
                                           "NOT", "NEAR/3", "NEAR", "title:", "foo:", "*", "\"", "@", " ", "a*b",
                                           "EXCEPT"};
  std::uint32_t seed = 12345;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int n = 0; n < 3000; ++n) {
    std::string q;
    const int len = static_cast<int>(next() % 12);
    for (int k = 0; k < len; ++k) q += pieces[next() % pieces.size()] + (next() % 2 ? " " : "");
    const auto r = parse_query(q);
    EXPECT_NE(!r.root, !r.error) << q;
    if (r.error) {
      EXPECT_LE(r.error->offset, q.size()) << q;
    }
  }
}

}  // namespace
}  // namespace newswatch::rules
