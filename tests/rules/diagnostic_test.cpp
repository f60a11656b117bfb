// SPDX-License-Identifier: MIT
#include "rules/diagnostic.hpp"

#include <gtest/gtest.h>

namespace newswatch::rules {
namespace {

TEST(Diagnostic, HeadlineAndCaretInCodePoints) {
  Diagnostic d;
  d.path = "r.yaml";
  d.line = 3;
  d.column = 5;
  d.message = "boom";
  d.source_line = "日本中国x";
  d.context = "rule 'r'";
  EXPECT_EQ(d.headline(), "r.yaml:3:5: error: boom");
  EXPECT_EQ(d.format(), "r.yaml:3:5: error: boom\n日本中国x\n    ^\nin rule 'r'");
  d.level = Diagnostic::Level::warning;
  d.line = 0;
  EXPECT_EQ(d.headline(), "r.yaml: warning: boom");
}

TEST(Diagnostics, SortAndCount) {
  Diagnostics ds;
  ds.items.push_back({Diagnostic::Level::warning, "b", 1, 1, "w", "", ""});
  ds.items.push_back({Diagnostic::Level::error, "a", 2, 1, "e2", "", ""});
  ds.items.push_back({Diagnostic::Level::error, "a", 1, 9, "e1", "", ""});
  EXPECT_EQ(ds.error_count(), 2u);
  ds.sort();
  EXPECT_EQ(ds.items[0].message, "e1");
  EXPECT_EQ(ds.items[2].message, "w");
}

}  // namespace
}  // namespace newswatch::rules
