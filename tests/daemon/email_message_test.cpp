// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "email_test_util.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

const Mailbox kFrom{"newswatch デスク", "alerts@desk.example.org"};
const std::vector<Mailbox> kTo{{"", "a@example.org"}, {"Chief, Asia", "chief@example.org"}};

EmailContent content() {
  EmailContent c;
  c.subject = "[newswatch] HIGH: 日中外相が北京で会談";
  c.text = "line one\nline two\n";
  c.html = "<p>日本</p>\n";
  c.id_local = "story.story-ab12";
  return c;
}

const sys_seconds kDate = sys_days(2024y / November / 15) + 9h + 30min + 5s;

// The body of the part with this Content-Type, decoded.
std::string part_body(const std::string& message, const std::string& type) {
  const auto at = message.find("Content-Type: " + type);
  if (at == std::string::npos) return {};
  const auto start = message.find("\r\n\r\n", at) + 4;
  const auto end = message.find("\r\n--", start);
  return test::base64_decode(message.substr(start, end - start));
}

TEST(EmailMessage, DateIsRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(kDate), "Fri, 15 Nov 2024 09:30:05 +0000");
  EXPECT_EQ(rfc5322_date(sys_days(2000y / January / 1)), "Sat, 01 Jan 2000 00:00:00 +0000");
}

TEST(EmailMessage, HeadersOfAFirstAlert) {
  const auto m = build_email_message(content(), kFrom, kTo, "evt-1", kDate);
  EXPECT_EQ(m.message_id, "<story.story-ab12@desk.example.org>");
  const auto& d = m.data;
  EXPECT_EQ(test::header_value(d, "Date"), "Fri, 15 Nov 2024 09:30:05 +0000");
  EXPECT_EQ(test::header_value(d, "Message-ID"), "<story.story-ab12@desk.example.org>");
  EXPECT_EQ(test::header_value(d, "In-Reply-To"), "");
  EXPECT_EQ(test::header_value(d, "References"), "");
  EXPECT_EQ(test::header_value(d, "MIME-Version"), "1.0");
  EXPECT_EQ(test::header_value(d, "X-Newswatch-Event"), "evt-1");
  EXPECT_EQ(test::header_value(d, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(test::decode_words(test::header_value(d, "Subject")), "[newswatch] HIGH: 日中外相が北京で会談");
  EXPECT_EQ(test::header_value(d, "To"), "a@example.org, \"Chief, Asia\" <chief@example.org>");
  const auto from = test::header_value(d, "From");
  EXPECT_EQ(test::decode_words(from), "newswatch デスク");
  EXPECT_NE(from.find("<alerts@desk.example.org>"), std::string::npos);
}

TEST(EmailMessage, AReplyReferencesTheStory) {
  auto c = content();
  c.id_local = "update.evt-2";
  c.parent_local = "story.story-ab12";
  const auto m = build_email_message(c, kFrom, kTo, "evt-2", kDate);
  EXPECT_EQ(test::header_value(m.data, "Message-ID"), "<update.evt-2@desk.example.org>");
  EXPECT_EQ(test::header_value(m.data, "In-Reply-To"), "<story.story-ab12@desk.example.org>");
  EXPECT_EQ(test::header_value(m.data, "References"), "<story.story-ab12@desk.example.org>");
}

TEST(EmailMessage, MultipartAlternativeWithUtf8TextAndHtml) {
  const auto m = build_email_message(content(), kFrom, kTo, "evt-1", kDate);
  const auto type = test::header_value(m.data, "Content-Type");
  ASSERT_EQ(type.rfind("multipart/alternative; boundary=\"", 0), 0u) << type;
  const auto boundary = type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  EXPECT_NE(m.data.find("\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(m.data.find("\r\n--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(m.data.find("\r\n--" + boundary + "--\r\n"), std::string::npos);
  // Text parts travel in canonical form: CRLF line ends.
  EXPECT_EQ(part_body(m.data, "text/plain"), "line one\r\nline two\r\n");
  EXPECT_EQ(part_body(m.data, "text/html"), "<p>日本</p>\r\n");
}

TEST(EmailMessage, EveryLineEndsInCrlfAndStaysShort) {
  auto c = content();
  c.text = std::string(5000, 'x');
  const auto m = build_email_message(c, kFrom, kTo, "evt-1", kDate);
  std::size_t pos = 0;
  for (auto eol = m.data.find('\n'); eol != std::string::npos; eol = m.data.find('\n', pos)) {
    ASSERT_GT(eol, 0u);
    EXPECT_EQ(m.data[eol - 1], '\r') << "bare LF at " << eol;
    EXPECT_LE(eol - 1 - pos, 78u) << m.data.substr(pos, eol - pos);
    pos = eol + 1;
  }
  EXPECT_EQ(pos, m.data.size());
}

TEST(EmailMessage, SameInputSameBytes) {
  // A retry after a lost answer sends the very same message (same Message-ID: clients dedupe).
  EXPECT_EQ(build_email_message(content(), kFrom, kTo, "evt-1", kDate).data,
            build_email_message(content(), kFrom, kTo, "evt-1", kDate).data);
}

TEST(EmailMessage, TextOnlyWhenThereIsNoHtml) {
  auto c = content();
  c.html.clear();
  const auto m = build_email_message(c, kFrom, kTo, "evt-1", kDate);
  EXPECT_EQ(test::header_value(m.data, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(m.data.find("multipart"), std::string::npos);
}

}  // namespace
}  // namespace newswatch::daemon
