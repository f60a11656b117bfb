// SPDX-License-Identifier: MIT
// Config of `type: email` receivers and their quiet hours (issue 7).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "daemon/config/config.hpp"

namespace newswatch::daemon {
namespace {

// Receivers start on line 3.
ConfigLoad load(const std::string& receivers) {
  return parse_config("rules: [ rules ]\nreceivers:\n" + receivers + "routes:\n  - { receivers: [mail] }\n",
                      "/etc/newswatch/newswatch.yaml");
}

bool has(const std::vector<std::string>& messages, const std::string& text) {
  return std::any_of(messages.begin(), messages.end(), [&](const auto& m) { return m.find(text) != std::string::npos; });
}

std::string all(const std::vector<std::string>& messages) {
  std::string out;
  for (const auto& m : messages) out += m + "\n";
  return out;
}

TEST(ConfigEmail, ReadsEveryKey) {
  const auto result = load(R"(  - name: mail
    type: email
    smtp: "smtp://mail.example.org:587"
    from: "Desk alerts <alerts@example.org>"
    to: [desk@example.org, "Chief <chief@example.org>"]
    username: alerts
    password_file: secrets/smtp.password
    ca_file: /etc/newswatch/ca.pem
    timeout: 20s
    quiet_hours: { from: "22:00", to: "07:00", zone: Asia/Tokyo }
)");
  ASSERT_TRUE(result.config) << all(result.errors);
  EXPECT_FALSE(has(result.warnings, "unknown key")) << all(result.warnings);
  const auto& r = result.config->receivers.at(0);
  EXPECT_EQ(r.type, "email");
  EXPECT_EQ(r.email.smtp_url, "smtp://mail.example.org:587");
  EXPECT_EQ(r.email.from, "Desk alerts <alerts@example.org>");
  EXPECT_EQ(r.email.to, (std::vector<std::string>{"desk@example.org", "Chief <chief@example.org>"}));
  EXPECT_TRUE(r.email.starttls);
  EXPECT_EQ(r.email.username, "alerts");
  EXPECT_EQ(r.email.password_file, "/etc/newswatch/secrets/smtp.password");
  EXPECT_EQ(r.email.ca_file, "/etc/newswatch/ca.pem");
  EXPECT_EQ(r.timeout, std::chrono::seconds(20));
  ASSERT_TRUE(r.email.quiet_hours);
  EXPECT_EQ(r.email.quiet_hours->from_minute, 22 * 60);
  EXPECT_EQ(r.email.quiet_hours->to_minute, 7 * 60);
  EXPECT_EQ(r.email.quiet_hours->zone, "Asia/Tokyo");
}

TEST(ConfigEmail, DefaultsAreStarttlsAndNoQuietHours) {
  const auto result = load("  - { name: mail, type: email, smtp: \"smtps://mail.example.org\", from: a@example.org, to: b@example.org }\n");
  ASSERT_TRUE(result.config) << all(result.errors);
  const auto& r = result.config->receivers.at(0);
  EXPECT_TRUE(r.email.starttls);
  EXPECT_FALSE(r.email.quiet_hours);
  EXPECT_EQ(r.email.to, std::vector<std::string>{"b@example.org"});
  EXPECT_EQ(r.timeout, std::chrono::seconds(10));
}

TEST(ConfigEmail, NamesEachMissingKey) {
  const auto result = load("  - { name: mail, type: email }\n");
  ASSERT_FALSE(result.config);
  EXPECT_EQ(result.errors, (std::vector<std::string>{
                               "/etc/newswatch/newswatch.yaml:3:5: email receiver 'mail' needs 'smtp'",
                               "/etc/newswatch/newswatch.yaml:3:5: email receiver 'mail' needs 'from'",
                               "/etc/newswatch/newswatch.yaml:3:5: email receiver 'mail' needs 'to'"}));
}

TEST(ConfigEmail, SmtpUrlMustBeSmtpOrSmtpsWithoutCredentials) {
  auto result = load("  - { name: mail, type: email, smtp: \"http://mail.example.org\", from: a@example.org, to: b@example.org }\n");
  EXPECT_EQ(all(result.errors), "/etc/newswatch/newswatch.yaml:3:38: smtp URL 'http://mail.example.org' must start "
                                "with smtp:// (STARTTLS) or smtps:// (TLS)\n");
  result = load("  - { name: mail, type: email, smtp: \"smtp://u:p@mail.example.org\", from: a@example.org, to: [b@example.org] }\n");
  EXPECT_TRUE(has(result.errors, "newswatch.yaml:3:38: smtp URL 'smtp://u:p@mail.example.org' must not carry "
                                 "credentials; use 'username' and 'password_file'"))
      << all(result.errors);
}

TEST(ConfigEmail, PlainTextOnlyForLoopbackRelays) {
  auto result = load("  - { name: mail, type: email, smtp: \"smtp://mail.example.org:25\", starttls: false, from: a@example.org, to: [b@example.org] }\n");
  ASSERT_FALSE(result.config);
  EXPECT_TRUE(has(result.errors, "newswatch.yaml:3:78: 'starttls: false' would send mail and password in clear text "
                                 "to 'mail.example.org'; it is allowed only for a loopback relay"))
      << all(result.errors);

  for (const char* host : {"127.0.0.1:2525", "localhost", "[::1]:25"}) {
    result = load(std::string("  - { name: mail, type: email, smtp: \"smtp://") + host +
                  "\", starttls: false, from: a@example.org, to: [b@example.org] }\n");
    ASSERT_TRUE(result.config) << host << ": " << all(result.errors);
    EXPECT_FALSE(result.config->receivers[0].email.starttls);
    EXPECT_TRUE(has(result.warnings, "warning: 'starttls: false': mail to")) << all(result.warnings);
  }

  result = load("  - { name: mail, type: email, smtp: \"smtp://mail.example.org\", starttls: maybe, from: a@example.org, to: [b@example.org] }\n");
  EXPECT_TRUE(has(result.errors, "'starttls' must be true or false")) << all(result.errors);
}

TEST(ConfigEmail, AddressesAreChecked) {
  const auto result = load("  - { name: mail, type: email, smtp: \"smtps://mail.example.org\", from: \"Desk <desk@example.org>\", "
                           "to: [b@example.org, \"日本 <not-an-address>\"] }\n");
  ASSERT_FALSE(result.config);
  // The column counts code points: 日本 comes after it, so this pins the mark of the element.
  EXPECT_EQ(all(result.errors), "/etc/newswatch/newswatch.yaml:3:119: '日本 <not-an-address>' is not a mail address "
                                "like alerts@example.org or \"Desk <alerts@example.org>\"\n");
}

TEST(ConfigEmail, UsernameAndPasswordFileGoTogether) {
  const auto result = load("  - { name: mail, type: email, smtp: \"smtps://mail.example.org\", from: a@example.org, to: b@example.org, username: desk }\n");
  ASSERT_FALSE(result.config);
  EXPECT_EQ(all(result.errors), "/etc/newswatch/newswatch.yaml:3:116: 'username' needs a 'password_file'\n");
}

TEST(ConfigEmail, QuietHoursAreChecked) {
  const std::string head = R"(  - name: mail
    type: email
    smtp: "smtps://mail.example.org"
    from: a@example.org
    to: b@example.org
)";
  auto result = load(head + "    quiet_hours: { from: \"25:00\", to: \"07:00\", zone: Mars/Olympus }\n");
  ASSERT_FALSE(result.config);
  EXPECT_EQ(all(result.errors),
            "/etc/newswatch/newswatch.yaml:8:26: quiet_hours 'from': '25:00' is not a time like \"22:00\"\n"
            "/etc/newswatch/newswatch.yaml:8:54: quiet_hours zone 'Mars/Olympus' is not an IANA time zone like "
            "\"Asia/Tokyo\"\n");

  result = load(head + "    quiet_hours: { from: \"07:00\", to: \"7:00\", zone: UTC }\n");
  EXPECT_EQ(all(result.errors), "/etc/newswatch/newswatch.yaml:8:39: quiet_hours 'from' and 'to' are the same time\n");

  result = load(head + "    quiet_hours: { from: \"22:00\" }\n");
  EXPECT_TRUE(has(result.errors, "newswatch.yaml:8:18: 'quiet_hours' needs 'to'")) << all(result.errors);
  EXPECT_TRUE(has(result.errors, "newswatch.yaml:8:18: 'quiet_hours' needs 'zone'")) << all(result.errors);

  result = load(head + "    quiet_hours: { from: \"12:00\", to: \"13:30\", zone: America/New_York }\n");
  ASSERT_TRUE(result.config) << all(result.errors);
  EXPECT_EQ(result.config->receivers[0].email.quiet_hours->to_minute, 13 * 60 + 30);
}

TEST(ConfigEmail, UnknownTypeMessageListsEmail) {
  const auto result = load("  - { name: mail, type: pager }\n");
  EXPECT_TRUE(has(result.errors, "receiver type 'pager' is not known; use webhook, email, file or console")) << all(result.errors);
}

}  // namespace
}  // namespace newswatch::daemon
