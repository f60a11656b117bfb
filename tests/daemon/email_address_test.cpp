// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_address.hpp"

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

TEST(EmailAddress, PlainAndNamedMailboxes) {
  auto m = parse_mailbox("alerts@example.org");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->address, "alerts@example.org");
  EXPECT_EQ(m->display_name, "");
  m = parse_mailbox("  Desk alerts <desk.alerts+jp@news.example.org> ");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->display_name, "Desk alerts");
  EXPECT_EQ(m->address, "desk.alerts+jp@news.example.org");
  m = parse_mailbox(R"("Alerts, \"Asia\"" <a@example.org>)");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->display_name, "Alerts, \"Asia\"");
  m = parse_mailbox("アジア担当 <asia@example.org>");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->display_name, "アジア担当");
  EXPECT_EQ(domain_of(*m), "example.org");
}

TEST(EmailAddress, RejectsWhatIsNotAnAddress) {
  for (const char* bad : {"", "alerts", "@example.org", "alerts@", "a..b@example.org", ".a@example.org",
                          "a@exa_mple.org", "a b@example.org", "Desk <alerts>", "Desk alerts@example.org>",
                          "a@example.org\r\nBcc: x@example.org", "Desk\n <a@example.org>", "日本@example.org",
                          "a@例え.jp"})
    EXPECT_FALSE(parse_mailbox(bad)) << bad;
}

TEST(EmailAddress, SmtpUrls) {
  std::string error;
  auto s = parse_smtp_url("smtp://mail.example.org:587", error);
  ASSERT_TRUE(s) << error;
  EXPECT_FALSE(s->implicit_tls);
  EXPECT_EQ(s->host, "mail.example.org");
  EXPECT_FALSE(s->loopback);
  s = parse_smtp_url("smtps://mail.example.org/", error);
  ASSERT_TRUE(s) << error;
  EXPECT_TRUE(s->implicit_tls);
  for (const char* loopback : {"smtp://127.0.0.1:2525", "smtp://127.1.2.3", "smtp://localhost:25", "smtp://[::1]:25",
                               "SMTP://LocalHost"}) {
    s = parse_smtp_url(loopback, error);
    ASSERT_TRUE(s) << loopback << ": " << error;
    EXPECT_TRUE(s->loopback) << loopback;
  }
  EXPECT_FALSE(parse_smtp_url("smtp://128.0.0.1", error)->loopback);
  EXPECT_FALSE(parse_smtp_url("smtp://localhost.example.org", error)->loopback);
}

TEST(EmailAddress, RejectsOtherUrls) {
  std::string error;
  EXPECT_FALSE(parse_smtp_url("https://mail.example.org", error));
  EXPECT_EQ(error, "must start with smtp:// (STARTTLS) or smtps:// (TLS)");
  EXPECT_FALSE(parse_smtp_url("smtp://user:pw@mail.example.org", error));
  EXPECT_EQ(error, "must not carry credentials; use 'username' and 'password_file'");
  EXPECT_FALSE(parse_smtp_url("smtp://mail.example.org/relay?x=1", error));
  EXPECT_EQ(error, "must be only smtp[s]://host[:port]");
  EXPECT_FALSE(parse_smtp_url("smtp:///", error));
  EXPECT_FALSE(parse_smtp_url("mail.example.org:25", error));
}

}  // namespace
}  // namespace newswatch::daemon
