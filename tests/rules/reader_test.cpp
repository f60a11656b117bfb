// SPDX-License-Identifier: MIT
#include "rules/detail/reader.hpp"

#include <gtest/gtest.h>

namespace newswatch::rules::detail {
namespace {

TEST(Reader, ExtractsSpecsWithPositions) {
  const SourceFile file{"r.yaml", R"(lists:
  japan: [Japan, 日本]
rules:
  - id: r1
    query: "@japan"
    enabled: false
    tests:
      - title: Japan
)"};
  Specs specs;
  Diagnostics diagnostics;
  read_rule_file(file, 7, specs, diagnostics);
  EXPECT_TRUE(diagnostics.items.empty());
  ASSERT_EQ(specs.lists.size(), 1u);
  EXPECT_EQ(specs.lists[0].file, 7u);
  EXPECT_EQ(specs.lists[0].name.value, "japan");
  ASSERT_EQ(specs.lists[0].items.size(), 2u);
  EXPECT_EQ(file.text.substr(specs.lists[0].items[1].pos, 6), "日本");
  ASSERT_EQ(specs.rules.size(), 1u);
  const auto& r = specs.rules[0];
  EXPECT_TRUE(r.valid);
  EXPECT_FALSE(r.enabled);
  EXPECT_TRUE(r.has_tests);
  EXPECT_EQ(r.query->value, "@japan");
  EXPECT_EQ(file.text.substr(r.query->pos, 1), "\"");
  EXPECT_EQ(r.info.title, "r1");  // the id stands in for a missing title
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_TRUE(r.tests[0].expect_match);
  EXPECT_EQ(r.tests[0].source, "r.yaml:8");
}

TEST(Reader, DiagnosticAtConvertsBytesToCodePoints) {
  const SourceFile file{"x.yaml", "a: 日本 b\n"};
  const auto d = diagnostic_at(file, file.text.find('b'), Diagnostic::Level::warning, "m", "ctx");
  EXPECT_EQ(d.headline(), "x.yaml:1:7: warning: m");
  EXPECT_EQ(d.context, "ctx");
}

}  // namespace
}  // namespace newswatch::rules::detail
