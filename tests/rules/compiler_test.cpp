// SPDX-License-Identifier: MIT
#include "rules/compiler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/detail/messages.hpp"

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

TEST(Compiler, NeedsHit) {
  TermTable terms;
  EXPECT_TRUE(compile_query("(a1 OR b1) NOT c1", {}, terms).program->needs_hit());
}

}  // namespace
}  // namespace newswatch::rules
