// SPDX-License-Identifier: MIT
// Charset guessing (uchardet) for bodies without a usable declaration: the guess itself, and how
// decode_to_utf8() and parse_feed() use it. The samples are short RSS feeds written for these
// tests, stored in legacy charsets with no encoding in the XML declaration.
#include "feeds/parse/detail/charset_guess.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "feeds/parse/encoding.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace newswatch::feeds {
namespace {

using ::testing::HasSubstr;

std::string sample(const std::string& name) {
  std::ifstream in(std::filesystem::path(NEWSWATCH_TEST_DATA) / "feeds" / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string all_warnings(const std::vector<std::string>& warnings) {
  std::string out;
  for (const auto& w : warnings) out += w + "\n";
  return out;
}

struct Undeclared {
  std::string file;
  std::string charset;  // as guess_charset names it (EUC-KR text is detected as its superset UHC)
  std::string title;    // the channel title, in UTF-8
  std::string first_item;
};

class UndeclaredCharset : public ::testing::TestWithParam<Undeclared> {};

TEST_P(UndeclaredCharset, IsGuessedAndNamedInAWarning) {
  const auto& p = GetParam();
  const auto bytes = sample(p.file);
  ASSERT_FALSE(bytes.empty());
  ASSERT_FALSE(is_valid_utf8(bytes));
  EXPECT_EQ(detail::guess_charset(bytes), p.charset);

  const auto outcome = parse_feed(bytes);
  ASSERT_TRUE(outcome.feed) << outcome.error;
  const auto& feed = *outcome.feed;
  EXPECT_EQ(feed.title, p.title);
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, p.first_item);
  const auto warnings = all_warnings(feed.warnings);
  EXPECT_THAT(warnings,
              HasSubstr("no charset declared and the bytes are not UTF-8; guessed " + p.charset));
  EXPECT_THAT(warnings, ::testing::Not(HasSubstr("U+FFFD"))) << warnings;
}

INSTANTIATE_TEST_SUITE_P(
    Samples, UndeclaredCharset,
    ::testing::Values(
        Undeclared{"undeclared_sjis.xml", "SHIFT_JIS", "港町ニュース",
                   "図書館が桟橋に新しい閲覧室を開設"},
        Undeclared{"undeclared_gbk.xml", "GB18030", "港口新闻", "市图书馆在码头开设新的阅览室"},
        Undeclared{"undeclared_big5.xml", "BIG5", "港口新聞", "市圖書館在碼頭開設新的閱覽室"},
        Undeclared{"undeclared_euckr.xml", "windows-949", "항구 소식",
                   "시립 도서관, 부두에 새 열람실 개관"}),
    [](const auto& param_info) {
      auto name = param_info.param.file.substr(11);  // after "undeclared_"
      return name.substr(0, name.find('.'));
    });

TEST(CharsetGuess, AWrongDeclarationThatBreaksTheTextIsOverruled) {
  // The server says UTF-8 and the XML declaration says EUC-KR; the bytes are Shift_JIS.
  auto bytes = sample("undeclared_sjis.xml");
  bytes.replace(0, bytes.find("?>"), "<?xml version=\"1.0\" encoding=\"EUC-KR\"");
  const auto decoded = decode_to_utf8(bytes, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(decoded.charset, "SHIFT_JIS");
  EXPECT_EQ(decoded.replaced, 0u);
  EXPECT_THAT(all_warnings(decoded.warnings),
              HasSubstr("declared charset utf-8 does not fit the bytes ("));
  EXPECT_THAT(all_warnings(decoded.warnings), HasSubstr("); guessed SHIFT_JIS from the content"));
  EXPECT_THAT(decoded.utf8, HasSubstr("港町ニュース"));
}

TEST(CharsetGuess, ACleanDeclarationIsBelieved) {
  // Shift_JIS bytes declared as Shift_JIS: no guess, no warning.
  auto bytes = sample("undeclared_sjis.xml");
  const auto decoded = decode_to_utf8(bytes, "text/xml; charset=Shift_JIS");
  EXPECT_EQ(decoded.charset, "Shift_JIS");
  EXPECT_TRUE(decoded.warnings.empty()) << all_warnings(decoded.warnings);
}

TEST(CharsetGuess, MostlyUtf8WithAStrayByteStaysUtf8) {
  // Plenty of well-formed UTF-8 and one broken byte: no guess, one U+FFFD (issue 3: "invalid
  // bytes replaced with a warning").
  const std::string body =
      "<rss version=\"2.0\"><channel><title>港町ニュース 市立図書館 閲覧室 \xFF 開設</title>"
      "</channel></rss>";
  const auto decoded = decode_to_utf8(body);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_THAT(all_warnings(decoded.warnings), ::testing::Not(HasSubstr("guessed")));
}

// UTF-8 text with code points below U+0100 → ISO-8859-1 bytes.
std::string to_latin1(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(
          static_cast<char>(((c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F)));
    }
  }
  return out;
}

TEST(CharsetGuess, UndeclaredLatin1IsGuessed) {
  // Made-up French sentences in ISO-8859-1, no declaration: enough accented letters to guess.
  const std::string title =
      "Résumé de la soirée au café du port : les fêtes d'été à Noël, très appréciées par les "
      "élèves "
      "et les employés de la crèche, ont réuni des équipes venues à pied à travers la forêt";
  const auto outcome = parse_feed(
      to_latin1("<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>"));
  ASSERT_TRUE(outcome.feed) << outcome.error;
  EXPECT_EQ(outcome.feed->title, title);
  EXPECT_THAT(all_warnings(outcome.feed->warnings), HasSubstr("guessed"));
}

TEST(CharsetGuess, NoGuessForUtf8OrAscii) {
  EXPECT_EQ(detail::guess_charset(""), "");
  EXPECT_EQ(
      detail::guess_charset("<rss version=\"2.0\"><channel><title>plain</title></channel></rss>"),
      "");
  const auto decoded = decode_to_utf8("<a>港町</a>");
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_TRUE(decoded.warnings.empty());
}

TEST(CharsetGuess, BytesNoCharsetFitsStillDecodeWithReplacements) {
  // Random high bytes: whatever is guessed, decoding never fails and the text is valid UTF-8.
  std::string junk = "<rss version=\"2.0\"><channel><title>";
  for (int i = 0; i < 200; ++i) junk.push_back(static_cast<char>(0x80 + (i * 37) % 128));
  junk += "</title></channel></rss>";
  const auto decoded = decode_to_utf8(junk);
  EXPECT_TRUE(is_valid_utf8(decoded.utf8));
  EXPECT_FALSE(decoded.warnings.empty());
  const auto outcome = parse_feed(junk);
  ASSERT_TRUE(outcome.feed) << outcome.error;
  EXPECT_TRUE(is_valid_utf8(outcome.feed->title));
}

}  // namespace
}  // namespace newswatch::feeds
