// SPDX-License-Identifier: MIT
#include "rules/compiler.hpp"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/detail/messages.hpp"
#include "rules/parser.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;
using ::testing::ElementsAre;

ListTable lists() {
  ListTable t;
  ListDef japan{"japan", {}};
  for (const auto* item : {"Japan", "Xi Jinping", "\"Prime Minister\"", "Senkaku*", "日本"}) {
    japan.terms.push_back(ListTerm{item, *parse_list_term(item).term});
  }
  t.emplace("japan", std::move(japan));
  return t;
}

TEST(Compiler, ListTermsKinds) {
  EXPECT_THAT(parse_list_term("Japan").term->tokens, ElementsAre("japan"));
  EXPECT_THAT(parse_list_term("Xi Jinping").term->tokens, ElementsAre("xi", "jinping"));
  EXPECT_THAT(parse_list_term("\"Xi Jinping\"").term->tokens, ElementsAre("xi", "jinping"));
  const auto prefix = parse_list_term("Senkaku*");
  EXPECT_TRUE(prefix.term->prefix);
  EXPECT_THAT(prefix.term->tokens, ElementsAre("senkaku"));
  const auto phrase_prefix = parse_list_term("\"export control*\"");
  EXPECT_TRUE(phrase_prefix.term->prefix);
  EXPECT_THAT(phrase_prefix.term->tokens, ElementsAre("export", "control"));
  EXPECT_THAT(parse_list_term("日本").term->tokens, ElementsAre("日", "本"));
}

TEST(Compiler, ListTermErrors) {
  EXPECT_EQ(parse_list_term("a*").error, msg::kWildcardTooShort);
  EXPECT_EQ(parse_list_term("ja*pan").error, msg::kWildcardPlacement);
  EXPECT_EQ(parse_list_term("\"ja* pan\"").error, msg::kWildcardInPhrase);
  EXPECT_EQ(parse_list_term("--").error, "term '--' has no letters or digits");
}

TEST(Compiler, ListExpandsToAnyOfItsTermsWithWrittenForms) {
  TermTable terms;
  const auto out = compile_query("title:@japan", lists(), terms);
  ASSERT_TRUE(out.program) << out.error->message;
  EXPECT_EQ(out.program->kind, Program::Kind::any);
  ASSERT_EQ(out.program->children.size(), 5u);
  EXPECT_EQ(out.program->children[1].written, "Xi Jinping");
  EXPECT_EQ(out.program->children[1].fields, bit(Field::title));
  EXPECT_THAT(out.used_lists, ElementsAre("japan"));
  EXPECT_EQ(terms.terms.size(), 5u);
}

TEST(Compiler, TermsAreInternedAcrossQueries) {
  TermTable terms;
  ASSERT_TRUE(compile_query("Japan AND china", {}, terms).program);
  ASSERT_TRUE(compile_query("JAPAN OR ｃｈｉｎａ OR china*", {}, terms).program);
  EXPECT_EQ(terms.terms.size(), 3u);  // japan, china, china*
}

TEST(Compiler, ScopeReachesEveryLeaf) {
  TermTable terms;
  const auto out = compile_query("link:(a1 OR b1) c1", {}, terms);
  ASSERT_TRUE(out.program);
  const auto& all = *out.program;
  EXPECT_EQ(all.children[0].children[0].fields, bit(Field::link));
  EXPECT_EQ(all.children[0].children[1].fields, bit(Field::link));
  EXPECT_EQ(all.children[1].fields, kDefaultFields);
}

TEST(Compiler, Errors) {
  TermTable terms;
  const auto unknown = compile_query("x AND @japna", lists(), terms);
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->message, "unknown list '@japna'; did you mean '@japan'?");
  EXPECT_EQ(unknown.error->offset, 6u);
  const auto far = compile_query("x AND @zzzzzz", lists(), terms);
  EXPECT_EQ(far.error->message, "unknown list '@zzzzzz'");
  const auto symbols = compile_query("japan AND &&", {}, terms);
  EXPECT_EQ(symbols.error->message, "term '&&' has no letters or digits");
  EXPECT_EQ(symbols.error->offset, 10u);
  const auto negative = compile_query("NOT japan", {}, terms);
  EXPECT_EQ(negative.error->message, msg::kOnlyNegative);
  const auto negative_or = compile_query("japan OR NOT china", {}, terms);
  EXPECT_EQ(negative_or.error->message, msg::kOnlyNegative);
  EXPECT_TRUE(compile_query("japan NOT china", {}, terms).program);
}

TEST(Compiler, ListTermsWithExcept) {
  const auto one = parse_list_term("日本 EXCEPT 日本海");
  ASSERT_TRUE(one.term) << one.error;
  EXPECT_THAT(one.term->tokens, ElementsAre("日", "本"));
  EXPECT_EQ(one.written, "日本");
  ASSERT_EQ(one.except.size(), 1u);
  EXPECT_EQ(one.except[0].written, "日本海");
  EXPECT_THAT(one.except[0].term.tokens, ElementsAre("日", "本", "海"));
  const auto chain = parse_list_term(" China* EXCEPT \"East China Sea\"  EXCEPT =PRC ");
  ASSERT_TRUE(chain.term) << chain.error;
  EXPECT_TRUE(chain.term->prefix);
  ASSERT_EQ(chain.except.size(), 2u);
  EXPECT_THAT(chain.except[0].term.tokens, ElementsAre("east", "china", "sea"));
  EXPECT_EQ(chain.except[1].written, "=PRC");
  EXPECT_TRUE(chain.except[1].term.exact);
  // Only the upper-case word, outside quotes, splits; the item is then one term as before.
  for (const auto* whole : {"rules except one", "\"A EXCEPT B\"", "EXCEPTIONAL ruling", "=EXCEPT"}) {
    const auto item = parse_list_term(whole);
    ASSERT_TRUE(item.term) << whole;
    EXPECT_TRUE(item.except.empty()) << whole;
    EXPECT_EQ(item.written, whole);
  }
  EXPECT_EQ(parse_list_term("日本 EXCEPT").error, msg::kExceptListSides);
  EXPECT_EQ(parse_list_term("EXCEPT 日本海").error, msg::kExceptListSides);
  EXPECT_EQ(parse_list_term("a EXCEPT  EXCEPT b").error, msg::kExceptListSides);
  EXPECT_EQ(parse_list_term("日本 EXCEPT 日*").error, msg::kWildcardTooShort);
}

TEST(Compiler, ExceptLooksForExclusionsInEveryField) {
  TermTable terms;
  const auto out = compile_query("title:日本 EXCEPT (日本海 OR @japan)", lists(), terms);
  ASSERT_TRUE(out.program) << out.error->message;
  const auto& p = *out.program;
  EXPECT_EQ(p.kind, Program::Kind::except_);
  ASSERT_EQ(p.children.size(), 2u);
  EXPECT_EQ(p.children[0].fields, bit(Field::title));
  EXPECT_EQ(p.children[1].children[0].fields, kAllFields);
  EXPECT_EQ(p.children[1].children[1].children[0].fields, kAllFields);
  EXPECT_TRUE(p.needs_hit());
  std::set<std::uint32_t> positive;
  p.collect_positive_terms(positive);
  EXPECT_EQ(positive.size(), 1u);  // 日本 only: what is excluded need not occur
  // A list item with EXCEPT is an EXCEPT node inside the list's OR.
  ListTable with_except;
  ListDef seas{"jp", {}};
  for (const auto* item : {"Japan", "日本 EXCEPT 日本海"}) {
    auto parsed = parse_list_term(item);
    seas.terms.push_back(ListTerm{parsed.written, *parsed.term, parsed.except});
  }
  with_except.emplace("jp", std::move(seas));
  const auto listed = compile_query("summary:@jp NEAR/2 x", with_except, terms);
  ASSERT_TRUE(listed.program) << listed.error->message;
  const auto& item = listed.program->children[0].children[1];
  EXPECT_EQ(item.kind, Program::Kind::except_);
  EXPECT_EQ(item.children[0].written, "日本");
  EXPECT_EQ(item.children[0].fields, bit(Field::summary));
  EXPECT_EQ(item.children[1].written, "日本海");
}

TEST(Compiler, MacrosUnderExceptMustExpandToOccurrences) {
  TermTable terms;
  MacroTable macros;
  macros["both"] = MacroDef{"both", parse_query("a1 AND b1").root};
  macros["either"] = MacroDef{"either", parse_query("a1 OR b1 EXCEPT c1").root};
  const auto left = compile_query("@both EXCEPT x", {}, terms, macros);
  ASSERT_TRUE(left.error);
  EXPECT_EQ(left.error->message, "EXCEPT joins terms, phrases, wildcards or lists, not 'AND'");
  EXPECT_EQ(left.error->offset, 0u);
  const auto right = compile_query("x EXCEPT @both", {}, terms, macros);
  ASSERT_TRUE(right.error);
  EXPECT_EQ(right.error->offset, 9u);
  EXPECT_TRUE(compile_query("x EXCEPT @either", {}, terms, macros).program);
  EXPECT_TRUE(compile_query("@either EXCEPT x NEAR/2 y", {}, terms, macros).program);
}

TEST(Compiler, NeedsHit) {
  TermTable terms;
  EXPECT_TRUE(compile_query("(a1 OR b1) NOT c1", {}, terms).program->needs_hit());
}

}  // namespace
}  // namespace newswatch::rules
