// SPDX-License-Identifier: MIT
#include "rules/detail/source_map.hpp"

#include <gtest/gtest.h>

namespace newswatch::rules::detail {
namespace {

TEST(Locate, OneBasedLineAndCodePointColumn) {
  const std::string file = "a: 1\nb: 日本 中国 x\n";
  const auto p = locate(file, file.find('x'));
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 10);
  EXPECT_EQ(p.source_line, "b: 日本 中国 x");
  EXPECT_EQ(locate(file, 0).column, 1);
  EXPECT_EQ(locate("x\r\ny", 3).source_line, "y");
  EXPECT_EQ(locate("x\r\ny", 0).source_line, "x");
}

// The file position of `needle` in `value` as mapped from the scalar at `mark`.
std::string at(const std::string& file, const std::string& mark, const std::string& value, const std::string& needle) {
  const auto pos = map_scalar_offset(file, file.find(mark), value, value.find(needle));
  return file.substr(pos, needle.size());
}

TEST(MapScalarOffset, Plain) {
  const std::string file = "q: japan AND\n  china OR\n  talks\n";
  EXPECT_EQ(at(file, "japan", "japan AND china OR talks", "OR"), "OR");
  const auto pos = map_scalar_offset(file, 3, "japan AND china OR talks", 19);
  EXPECT_EQ(locate(file, pos).line, 3);
  EXPECT_EQ(locate(file, pos).column, 3);
}

TEST(MapScalarOffset, SingleQuotedWithDoubledQuotes) {
  const std::string file = "q: 'it''s ''x'' AND y'\n";
  const std::string value = "it's 'x' AND y";
  const auto pos = map_scalar_offset(file, 3, value, value.find("AND"));
  EXPECT_EQ(pos, file.find("AND"));
}

TEST(MapScalarOffset, DoubleQuotedEscapes) {
  const std::string file = "q: \"\\\"a b\\\" \\u65E5\\u672C \\x41 \\\n   AND z\"\n";
  const std::string value = "\"a b\" 日本 A AND z";
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("日")), file.find("\\u65E5"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("本")), file.find("\\u672C"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("A ")), file.find("\\x41"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("AND")), file.find("AND"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.size()), file.rfind('"'));
}

TEST(MapScalarOffset, LiteralBlockKeepsMoreIndentedLines) {
  const std::string file = "q: |\n  a\n    b AND\n  c\n";
  const std::string value = "a\n  b AND\nc\n";
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("b")), file.find("b"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("AND")), file.find("AND"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("c")), file.find("c"));
}

TEST(MapScalarOffset, FoldedBlock) {
  const std::string file = "q: >-\n  a AND\n  b OR\n  c\n";
  const std::string value = "a AND b OR c";
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("OR")), file.find("OR"));
  EXPECT_EQ(map_scalar_offset(file, 3, value, value.find("c")), file.rfind("c"));
}

}  // namespace
}  // namespace newswatch::rules::detail
