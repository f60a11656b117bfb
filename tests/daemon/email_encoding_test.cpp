// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_encoding.hpp"

#include <gtest/gtest.h>

#include "email_test_util.hpp"

namespace newswatch::daemon {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  for (auto eol = text.find("\r\n"); eol != std::string::npos; eol = text.find("\r\n", pos)) {
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 2;
  }
  EXPECT_EQ(pos, text.size()) << "the last line must end in CRLF";
  return lines;
}

TEST(EmailEncoding, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64("\xff\xfe"), "//4=");
}

TEST(EmailEncoding, Base64LinesAre76CharactersWithCrlf) {
  const std::string body(1000, 'x');
  const auto encoded = base64_lines(body);
  const auto lines = lines_of(encoded);
  ASSERT_EQ(lines.size(), 18u);  // 1336 characters
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
  EXPECT_EQ(test::base64_decode(encoded), body);
}

TEST(EmailEncoding, AsciiSubjectStaysReadableAndFoldsAtSpaces) {
  EXPECT_EQ(unstructured_header("Subject", "[newswatch] HIGH: Talks in Beijing"),
            "Subject: [newswatch] HIGH: Talks in Beijing\r\n");
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "word" + std::to_string(i) + " ";
  const auto header = unstructured_header("Subject", long_text);
  for (const auto& line : lines_of(header)) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_EQ(test::header_value(header + "\r\n", "Subject"), long_text.substr(0, long_text.size() - 1));
}

TEST(EmailEncoding, ControlCharactersNeverStartANewHeader) {
  const auto header = unstructured_header("Subject", "Hello\r\nBcc: victim@example.org");
  EXPECT_EQ(header, "Subject: Hello  Bcc: victim@example.org\r\n");
  EXPECT_EQ(header_safe("\tline\n"), "line");
}

TEST(EmailEncoding, JapaneseSubjectIsEncodedWordsOfWholeCharacters) {
  // 3 bytes a character; long enough for several encoded-words.
  const std::string headline =
      "[newswatch] HIGH: 日中外相が北京で会談、水産物の輸入停止や尖閣周辺の海警船の活動について意見交換し、"
      "首脳会談の早期実現に向けて調整を続けることで一致した";
  const auto header = unstructured_header("Subject", headline);
  const auto lines = lines_of(header);
  ASSERT_GT(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("Subject: =?UTF-8?B?", 0), 0u) << lines[0];
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i][0], ' ') << "continuation line " << i;
  for (const auto& line : lines) EXPECT_LE(line.size(), 76u) << line;
  const auto words = test::encoded_words(header);
  ASSERT_EQ(words.size(), lines.size());
  for (const auto& word : words) {
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(test::whole_utf8(test::base64_decode(word.substr(10, word.size() - 12)))) << word;
  }
  EXPECT_EQ(test::decode_words(header), headline);
}

TEST(EmailEncoding, ChineseAndFourByteCharactersSplitCleanly) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += i % 3 == 0 ? "中国" : i % 3 == 1 ? "😀" : "a";
  const auto header = unstructured_header("Subject", text);
  for (const auto& word : test::encoded_words(header))
    EXPECT_TRUE(test::whole_utf8(test::base64_decode(word.substr(10, word.size() - 12)))) << word;
  EXPECT_EQ(test::decode_words(header), text);
}

TEST(EmailEncoding, TextThatLooksEncodedIsEncoded) {
  // Plain "=?...?=" would be decoded by the reader into something we never wrote.
  const auto header = unstructured_header("Subject", "=?UTF-8?B?SGk=?=");
  EXPECT_EQ(test::decode_words(header), "=?UTF-8?B?SGk=?=");
}

TEST(EmailEncoding, DisplayNamesAreAtomsQuotedOrEncoded) {
  EXPECT_EQ(encode_phrase("Desk alerts"), "Desk alerts");
  EXPECT_EQ(encode_phrase("Alerts, Asia desk"), "\"Alerts, Asia desk\"");
  EXPECT_EQ(encode_phrase("Say \"hi\""), "\"Say \\\"hi\\\"\"");
  const auto encoded = encode_phrase("アジア担当デスク");
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(test::decode_words(encoded), "アジア担当デスク");
}

TEST(EmailEncoding, AddressListsFoldBetweenItems) {
  std::vector<std::string> to;
  for (int i = 0; i < 8; ++i) to.push_back("analyst" + std::to_string(i) + "@newsroom.example.org");
  const auto header = list_header("To", to);
  const auto lines = lines_of(header);
  EXPECT_GT(lines.size(), 2u);
  for (const auto& line : lines) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_EQ(test::header_value(header + "\r\n", "To").find("analyst0@newsroom.example.org, analyst1@"), 0u);
}

}  // namespace
}  // namespace newswatch::daemon
