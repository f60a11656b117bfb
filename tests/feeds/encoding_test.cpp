// SPDX-License-Identifier: MIT
#include "feeds/parse/encoding.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "feeds/parse/detail/utf8_copy.hpp"

namespace newswatch::feeds {
namespace {

using namespace std::string_literals;

// 外務省の発表 in Shift_JIS and UTF-8.
const std::string kSjis = "\x8a\x4f\x96\xb1\x8f\xc8\x82\xcc\x94\xad\x95\x5c"s;
const std::string kUtf8 = "外務省の発表";

TEST(CharsetFromContentType, ReadsTheParameter) {
  EXPECT_EQ(charset_from_content_type("application/rss+xml; charset=Shift_JIS"), "Shift_JIS");
  EXPECT_EQ(charset_from_content_type("text/xml;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/xml; CHARSET='EUC-JP'; q=1"), "EUC-JP");
  EXPECT_EQ(charset_from_content_type("text/xml"), "");
  EXPECT_EQ(charset_from_content_type(""), "");
  EXPECT_EQ(charset_from_content_type("text/xml; xcharset=latin1"), "");
}

TEST(XmlDeclaredEncoding, ReadsTheDeclaration) {
  EXPECT_EQ(xml_declared_encoding("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss/>"), "Shift_JIS");
  EXPECT_EQ(xml_declared_encoding("<?xml version='1.0' encoding = 'iso-8859-1' ?>"), "iso-8859-1");
  EXPECT_EQ(xml_declared_encoding("<?xml version=\"1.0\"?><rss/>"), "");
  EXPECT_EQ(xml_declared_encoding("<rss encoding=\"x\"/>"), "");
  EXPECT_EQ(xml_declared_encoding("<\0?\0x\0m\0l\0 \0e\0n\0c\0o\0d\0i\0n\0g\0=\0'\0U\0T\0F\0-\0001\0006\0'\0?\0>\0"s),
            "UTF-16");
}

TEST(DecodeToUtf8, Utf8PassesThroughAndLosesItsBom) {
  auto d = decode_to_utf8("\xEF\xBB\xBF<a>" + kUtf8 + "</a>");
  EXPECT_EQ(d.utf8, "<a>" + kUtf8 + "</a>");
  EXPECT_EQ(d.replaced, 0u);
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DecodeToUtf8, DeclaredShiftJis) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>" + kSjis + "</a>");
  EXPECT_EQ(d.utf8, "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>" + kUtf8 + "</a>");
  EXPECT_EQ(d.charset, "Shift_JIS");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DecodeToUtf8, ContentTypeCharsetWins) {
  auto d = decode_to_utf8("<a>" + kSjis + "</a>", "application/xml; charset=Shift_JIS");
  EXPECT_EQ(d.utf8, "<a>" + kUtf8 + "</a>");
}

TEST(DecodeToUtf8, WrongContentTypeYieldsToTheDeclaration) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>" + kSjis + "</a>",
                          "text/xml; charset=utf-8");
  EXPECT_NE(d.utf8.find(kUtf8), std::string::npos);
  EXPECT_EQ(d.charset, "Shift_JIS");
  ASSERT_EQ(d.warnings.size(), 1u);
}

TEST(DecodeToUtf8, Latin1ContentTypeOverUtf8BodyIsIgnored) {
  auto d = decode_to_utf8("<a>caf\xC3\xA9</a>", "text/xml; charset=ISO-8859-1");
  EXPECT_EQ(d.utf8, "<a>caf\xC3\xA9</a>");
  EXPECT_EQ(d.warnings.size(), 1u);
}

TEST(DecodeToUtf8, Latin1DeclarationOverUtf8BodyIsIgnored) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xC3\xA9</a>");
  EXPECT_NE(d.utf8.find("caf\xC3\xA9"), std::string::npos);
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.warnings.size(), 1u);
}

TEST(DecodeToUtf8, AsciiBodyNeedsNoWarning) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>plain</a>");
  EXPECT_TRUE(d.warnings.empty());
  EXPECT_EQ(d.charset, "ISO-8859-1");
}

TEST(DecodeToUtf8, Latin1IsReadAsWindows1252) {
  // 0x93/0x94 are curly quotes in windows-1252, C1 controls in ISO-8859-1.
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\x93" "caf\xE9\x94</a>");
  EXPECT_NE(d.utf8.find("\xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D"), std::string::npos) << d.utf8;
}

TEST(DecodeToUtf8, Utf16WithBom) {
  auto d = decode_to_utf8("\xFF\xFE<\0a\0>\0\x16\x59<\0/\0a\0>\0"s);  // 外 is U+5916
  EXPECT_EQ(d.utf8, "<a>外</a>");
  auto be = decode_to_utf8("\xFE\xFF\0<\0a\0>\x59\x16\0<\0/\0a\0>"s);
  EXPECT_EQ(be.utf8, "<a>外</a>");
}

TEST(DecodeToUtf8, Utf16WithoutBom) {
  auto d = decode_to_utf8("<\0?\0x\0m\0l\0?\0>\0<\0a\0/\0>\0"s);
  EXPECT_EQ(d.utf8, "<?xml?><a/>");
}

TEST(DecodeToUtf8, Utf16AndUtf32WithoutBomOrDeclaration) {
  // XML 1.0 Appendix F: the zero bytes around the first '<' tell the encoding.
  EXPECT_EQ(decode_to_utf8("<\0a\0>\0\x16\x59<\0/\0a\0>\0"s).utf8, "<a>外</a>");
  EXPECT_EQ(decode_to_utf8("\0<\0a\0>\x59\x16\0<\0/\0a\0>"s).utf8, "<a>外</a>");
  EXPECT_EQ(decode_to_utf8("<\0\0\0a\0\0\0>\0\0\0\x16\x59\0\0"s).utf8, "<a>外");
  EXPECT_EQ(decode_to_utf8("\0\0\0<\0\0\0a\0\0\0>\0\0\x59\x16"s).utf8, "<a>外");
}

TEST(DecodeToUtf8, EbcdicNamesItsCodePageInTheDeclaration) {
  // <?xml version="1.0" encoding="cp500"?><a>[]</a> in code page 500, where '[' and ']' are
  // 4A and 5A (in code page 37 they are BA and BB).
  const std::string cp500 =
      "\x4C\x6F\xA7\x94\x93\x40\xA5\x85\x99\xA2\x89\x96\x95\x7E\x7F\xF1\x4B\xF0\x7F\x40"
      "\x85\x95\x83\x96\x84\x89\x95\x87\x7E\x7F\x83\x97\xF5\xF0\xF0\x7F\x6F\x6E"
      "\x4C\x81\x6E\x4A\x5A\x4C\x61\x81\x6E"s;
  const auto d = decode_to_utf8(cp500);
  EXPECT_EQ(d.utf8, "<?xml version=\"1.0\" encoding=\"cp500\"?><a>[]</a>");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DecodeToUtf8, InvalidUtf8BecomesReplacementCharacters) {
  auto d = decode_to_utf8("<a>ok \xFF\xFE bad \xC3</a>");
  EXPECT_EQ(d.utf8.find("\xFF"), std::string::npos);
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_GE(d.replaced, 2u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("U+FFFD"), std::string::npos);
}

TEST(DecodeToUtf8, InvalidShiftJisBytesAreReplacedNotFatal) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>" + kSjis + "\xFF\xFF</a>");
  EXPECT_NE(d.utf8.find(kUtf8), std::string::npos);
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_FALSE(d.warnings.empty());
}

TEST(DecodeToUtf8, UnknownCharsetFallsBackToUtf8WithAWarning) {
  auto d = decode_to_utf8("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><a>" + kUtf8 + "</a>");
  EXPECT_NE(d.utf8.find(kUtf8), std::string::npos);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("x-no-such-charset"), std::string::npos);
}

TEST(DecodeToUtf8, NulBytesAreDropped) {
  auto d = decode_to_utf8("<a>x\0y</a>"s);
  EXPECT_EQ(d.utf8, "<a>xy</a>");
  EXPECT_EQ(d.warnings.size(), 1u);
}

TEST(DecodeToUtf8, LongDocumentsAreCheckedAcrossChunkBoundaries) {
  // UTF-8 is validated and copied 16 KiB at a time, cut before a byte that is not a continuation
  // byte: sequences, broken ones, NULs and stray continuation bytes at every place around a cut.
  const std::vector<std::string> pieces = {"\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xC3\xA9",
                                           "\xE6\x97", "\x80\x80\x80\x80", "\xA5", std::string(1, '\0')};
  for (std::size_t at = 16 * 1024 - 5; at <= 16 * 1024 + 1; ++at) {
    for (const auto& piece : pieces) {
      const std::string body = "<a>" + std::string(at - 3, 'x') + piece + std::string(40, 'y') + "</a>";
      const auto d = decode_to_utf8(body);
      std::string expected = body;
      std::erase(expected, '\0');
      if (is_valid_utf8(body)) {
        EXPECT_EQ(d.utf8, expected) << "at " << at;
        EXPECT_EQ(d.replaced, 0u) << "at " << at;
        EXPECT_EQ(d.warnings.size(), piece == std::string(1, '\0') ? 1u : 0u) << "at " << at;
      } else {
        EXPECT_GT(d.replaced, 0u) << "at " << at;
      }
    }
  }
}

TEST(IsValidUtf8, RejectsOverlongsAndSurrogates) {
  EXPECT_TRUE(is_valid_utf8(kUtf8));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE3\x81"));          // truncated
}

// Unicode 15 Table 3-7 (well-formed byte sequences), decoded the obvious way.
bool reference_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[k])); };
    const unsigned c = b(i);
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c <= 0x7F) { len = 1; }
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; }
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) { len = 3; }
    else if (c == 0xED) { len = 3; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) { len = 3; }
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) { len = 4; }
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else { return false; }
    if (i + len > s.size()) return false;
    if (len > 1 && (b(i + 1) < lo || b(i + 1) > hi)) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if (b(i + k) < 0x80 || b(i + k) > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

TEST(IsValidUtf8, AgreesWithTheReferenceOnRandomBytes) {
  // Bytes drawn mostly from lead and continuation ranges, with ASCII runs long enough to take
  // the word-at-a-time path.
  const unsigned char interesting[] = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                       0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 rng(7);
  std::size_t valid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const auto n = rng() % 20;
    for (unsigned k = 0; k < n; ++k) {
      if (rng() % 4 == 0) {
        s.append(rng() % 12, 'x');
      } else {
        s.push_back(static_cast<char>(interesting[rng() % sizeof interesting]));
      }
    }
    const bool expected = reference_valid_utf8(s);
    valid += expected;
    ASSERT_EQ(is_valid_utf8(s), expected) << ::testing::PrintToString(s);
  }
  EXPECT_GT(valid, 100u);  // both outcomes were exercised
}

TEST(IsValidUtf8, AgreesWithTheReferenceOnLongRunsOfCjk) {
  // Runs of three-byte characters (checked five at a time) with every kind of neighbour, and one
  // byte changed at a random place in half of the strings.
  const std::vector<std::string> pieces = {"\xE4\xB8\xAD", "\xE6\x97\xA5", "\xE3\x80\x82", "\xEF\xBC\x8C",
                                           "\xE0\xA4\x85", "\xED\x9F\xBF", "\xEC\x95\x88", "\xEE\x80\x80",
                                           "\xC3\xA9", "\xF0\x9F\x98\x80", "a", " "};
  const unsigned char replacements[] = {0x41, 0x80, 0xBF, 0xC0, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xFF};
  std::mt19937 rng(3);
  std::size_t valid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const auto n = rng() % 40;
    for (unsigned k = 0; k < n; ++k) {
      // Mostly the common CJK characters, so that long runs occur.
      s += rng() % 3 != 0 ? pieces[rng() % 4] : pieces[rng() % pieces.size()];
    }
    if (!s.empty() && rng() % 2 == 0) s[rng() % s.size()] = static_cast<char>(replacements[rng() % sizeof replacements]);
    const bool expected = reference_valid_utf8(s);
    valid += expected;
    ASSERT_EQ(is_valid_utf8(s), expected) << ::testing::PrintToString(s);
  }
  EXPECT_GT(valid, 5000u);
  EXPECT_LT(valid, 18000u);
}

TEST(FindCharReferences, NotesSurrogatesLargeValuesAndC1Controls) {
  const auto find = [](std::string_view s) {
    const auto r = find_char_references(s);
    return std::string(r.bad ? "bad" : "") + (r.c1 ? "c1" : "");
  };
  EXPECT_EQ(find("a &#8217; &#x201C; &#38; &amp;#xD800; #55296"), "");
  EXPECT_EQ(find("&#xD800;"), "bad");
  EXPECT_EQ(find("&#XdFfF;"), "bad");
  EXPECT_EQ(find("&#55296;"), "bad");
  EXPECT_EQ(find("&#x110000;"), "bad");
  EXPECT_EQ(find("&#99999999999999;"), "bad");
  EXPECT_EQ(find("&#146;"), "c1");
  EXPECT_EQ(find("&#x80;&#xd800"), "badc1");
  EXPECT_EQ(find("&#"), "");
}

TEST(DecodeToUtf8, FindsReferencesAlsoWhereANulWasDropped) {
  EXPECT_TRUE(decode_to_utf8("<a>&#xD800;</a>").references.bad);
  EXPECT_TRUE(decode_to_utf8("<a>&\0#xD800;</a>"s).references.bad);
  EXPECT_TRUE(decode_to_utf8("<a>&\0#146;\xC3\xA9</a>"s).references.c1);
  EXPECT_TRUE(decode_to_utf8("<?xml version='1.0' encoding='Shift_JIS'?><a>&#146;" + kSjis + "</a>").references.c1);
  EXPECT_FALSE(decode_to_utf8("<a>&amp;#xD800;</a>").references.bad);
}

// What copy_valid_utf8 must give: the portable path's result, or an empty copy when invalid.
void expect_same_copy(const std::string& s) {
  std::string portable_out;
  std::string avx2_out = "stale";
  const auto portable = detail::copy_valid_utf8(s, portable_out, detail::Utf8Path::portable);
  const auto avx2 = detail::copy_valid_utf8(s, avx2_out, detail::Utf8Path::avx2);
  const auto shown = ::testing::PrintToString(s.size() < 200 ? s : s.substr(0, 40) + "...");
  ASSERT_EQ(portable.valid, reference_valid_utf8(s)) << shown;
  ASSERT_EQ(avx2.valid, portable.valid) << shown;
  ASSERT_EQ(avx2_out, portable_out) << shown;
  if (!portable.valid) return;
  ASSERT_EQ(portable_out, s);
  ASSERT_EQ(avx2.has_nul, portable.has_nul) << shown;
  ASSERT_EQ(avx2.has_nul, s.find('\0') != std::string::npos) << shown;
  ASSERT_EQ(avx2.references.bad, portable.references.bad) << shown;
  ASSERT_EQ(avx2.references.c1, portable.references.c1) << shown;
}

const std::vector<std::string> kCopyPieces = {
    "x", "<p>", " ", "&", "#", "&#", "&#8217;", "&#xD800;", "&#146;", "&#x110000;", "&#55296;",
    "&amp;", std::string(1, '\0'), "\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD",
    "\xE0\xA0\x80", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "\x80", "\xBF", "\xC0\xAF", "\xC1", "\xE0\x9F\xBF",
    "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5", "\xFF", "\xE6\x97", "\xF0\x9F\x98",
    "\xC3"};

// With AVX2, copy_valid_utf8 validates, copies and finds NULs and references in one vector pass;
// the portable path does each in turn. Random strings of the pieces above: sequences of every
// length, broken ones, references, NULs, at every offset in the 32-byte blocks and the last one.
TEST(CopyValidUtf8, Avx2AgreesWithThePortablePathOnRandomStrings) {
  if (!detail::avx2_available()) GTEST_SKIP() << "this CPU has no AVX2";
  std::mt19937 rng(11);
  std::size_t valid = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string s;
    const auto n = rng() % 60;
    for (unsigned k = 0; k < n; ++k) {
      // Mostly valid pieces, so that both outcomes are common.
      const auto& piece = kCopyPieces[rng() % (rng() % 8 == 0 ? kCopyPieces.size() : 20)];
      s += rng() % 6 == 0 ? std::string(rng() % 40, 'a') : piece;
    }
    expect_same_copy(s);
    valid += reference_valid_utf8(s);
  }
  EXPECT_GT(valid, 5000u);
  EXPECT_LT(valid, 25000u);
}

// Documents of 16 to 80 KiB (several 16 KiB steps, many blocks with NULs or references in
// each), valid ones and ones with one byte broken somewhere.
TEST(CopyValidUtf8, Avx2AgreesWithThePortablePathOnLongDocuments) {
  if (!detail::avx2_available()) GTEST_SKIP() << "this CPU has no AVX2";
  std::mt19937 rng(13);
  for (int round = 0; round < 300; ++round) {
    std::string s;
    const auto size = 16 * 1024 + rng() % (64 * 1024);
    while (s.size() < size) {
      s += rng() % 4 == 0 ? kCopyPieces[rng() % 20] : std::string(rng() % 200, 'a');
    }
    if (round % 3 == 0) s[rng() % s.size()] = static_cast<char>(0x80 + rng() % 0x80);
    expect_same_copy(s);
  }
}

// Each piece at every position of ASCII texts of 0 to 100 bytes, and around the 16 KiB cuts
// where the copy is appended.
TEST(CopyValidUtf8, Avx2AgreesWithThePortablePathAtEveryPosition) {
  if (!detail::avx2_available()) GTEST_SKIP() << "this CPU has no AVX2";
  for (const auto& piece : kCopyPieces) {
    for (std::size_t length = 0; length <= 100; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        expect_same_copy(std::string(at, 'a') + piece + std::string(length - at, 'b'));
      }
    }
    for (std::size_t at = 16 * 1024 - 40; at <= 16 * 1024 + 40; ++at) {
      expect_same_copy(std::string(at, 'a') + piece + "\xE6\x97\xA5" + std::string(50, 'b'));
      expect_same_copy(std::string(at, 'a') + piece);
    }
  }
}

TEST(RepairUtf8, ReplacesEachBrokenSequenceOnce) {
  std::string s = "a\xED\xA0\x80" "b\xF4\x90\x80\x80" "c\xC3" "d\xE2\x82" "e";
  EXPECT_EQ(repair_utf8(s), 4u);
  EXPECT_EQ(s, "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
  std::string ok = kUtf8;
  EXPECT_EQ(repair_utf8(ok), 0u);
  EXPECT_EQ(ok, kUtf8);
}

TEST(Utf8Prefix, NeverSplitsASequence) {
  EXPECT_EQ(utf8_prefix(kUtf8, 4), "外");  // 3-byte characters
  EXPECT_EQ(utf8_prefix(kUtf8, 6), "外務");
  EXPECT_EQ(utf8_prefix("abc", 10), "abc");
  EXPECT_EQ(utf8_prefix(kUtf8, 2), "");
}

}  // namespace
}  // namespace newswatch::feeds
