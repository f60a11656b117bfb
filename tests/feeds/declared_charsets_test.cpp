// SPDX-License-Identifier: MIT
// Every legacy charset issue 3 names, declared in the XML declaration or in the HTTP Content-Type,
// read into UTF-8. The bytes are written out by hand (from the code tables), not produced by the
// converter under test.
#include "feeds/parse/encoding.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>

namespace newswatch::feeds {
namespace {

struct DeclaredCharset {
  const char* name;   // as a feed would declare it
  std::string bytes;  // a word in that charset
  const char* utf8;   // the same word in UTF-8
};

void PrintTo(const DeclaredCharset& c, std::ostream* os) { *os << c.name; }

class DeclaredCharsetTest : public testing::TestWithParam<DeclaredCharset> {};

TEST_P(DeclaredCharsetTest, TheDeclarationIsRead) {
  const auto& c = GetParam();
  const std::string head = std::string("<?xml version=\"1.0\" encoding=\"") + c.name + "\"?><a>";
  const auto d = decode_to_utf8(head + c.bytes + "</a>");
  EXPECT_EQ(d.utf8, head + c.utf8 + "</a>");
  EXPECT_EQ(d.replaced, 0u);
  EXPECT_TRUE(d.warnings.empty()) << d.warnings.front();
}

TEST_P(DeclaredCharsetTest, TheContentTypeIsRead) {
  const auto& c = GetParam();
  const auto d = decode_to_utf8("<a>" + c.bytes + "</a>", std::string("application/rss+xml; charset=") + c.name);
  EXPECT_EQ(d.utf8, std::string("<a>") + c.utf8 + "</a>");
  EXPECT_EQ(d.replaced, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Issue3Charsets, DeclaredCharsetTest,
    testing::Values(
        DeclaredCharset{"Shift_JIS", "\x93\xFA\x96\x7B", "日本"},
        DeclaredCharset{"Windows-31J", "\x93\xFA\x96\x7B", "日本"},
        DeclaredCharset{"EUC-JP", "\xC6\xFC\xCB\xDC", "日本"},
        DeclaredCharset{"ISO-2022-JP", "\x1B$B\x46\x7C\x4B\x5C\x1B(B", "日本"},
        DeclaredCharset{"GB2312", "\xD6\xD0\xB9\xFA", "中国"},
        DeclaredCharset{"GBK", "\xD6\xD0\xB9\xFA", "中国"},
        DeclaredCharset{"GB18030", "\xD6\xD0\xB9\xFA", "中国"},
        DeclaredCharset{"Big5", "\xA4\xA4\xB0\xEA", "中國"},
        DeclaredCharset{"EUC-KR", "\xC7\xD1\xB1\xB9", "한국"},
        DeclaredCharset{"ISO-8859-1", "caf\xE9", "café"},
        DeclaredCharset{"ISO-8859-2", "\xA3\xF3" "d\xBC", "Łódź"},
        DeclaredCharset{"ISO-8859-7", "\xC1\xE8\xDE\xED\xE1", "Αθήνα"},
        DeclaredCharset{"windows-1251", "\xCC\xE8\xF0", "Мир"},
        DeclaredCharset{"windows-1252", "\x93quote\x94", "“quote”"}),
    [](const testing::TestParamInfo<DeclaredCharset>& param) {
      std::string name;
      for (const char* p = param.param.name; *p; ++p) name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
      return name;
    });

}  // namespace
}  // namespace newswatch::feeds
