// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "feeds/parse/dates.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

// A scripted SMTP server on 127.0.0.1 for one connection: answers each command by its verb
// (the first word) from `replies`, and records every line it was sent. Just enough SMTP to
// drive libcurl through the failure paths; aiosmtpd covers the real conversation in
// tests/integration/test_email.py.
using Replies = std::map<std::string, std::string>;

class ScriptedSmtpServer {
 public:
  explicit ScriptedSmtpServer(Replies replies) : replies_(std::move(replies)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listener_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedSmtpServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  bool received(const std::string& prefix) {
    for (const auto& line : lines())
      if (line.rfind(prefix, 0) == 0) return true;
    return false;
  }

 private:
  void serve() {
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    send(fd, "220 scripted ESMTP\r\n");
    std::string buffer;
    bool in_data = false;
    char chunk[4096];
    while (true) {
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<std::size_t>(n));
      for (auto eol = buffer.find("\r\n"); eol != std::string::npos; eol = buffer.find("\r\n")) {
        const auto line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        if (in_data) {
          if (line == ".") {
            in_data = false;
            send(fd, reply("."));
          }
          continue;
        }
        {
          std::lock_guard lock(mutex_);
          lines_.push_back(line);
        }
        const auto verb = line.substr(0, line.find_first_of(" :"));
        send(fd, reply(verb));
        if (verb == "DATA" && reply(verb).rfind("354", 0) == 0) in_data = true;
        if (verb == "QUIT") {
          ::close(fd);
          return;
        }
      }
    }
    ::close(fd);
  }
  std::string reply(const std::string& verb) const {
    const auto it = replies_.find(verb);
    if (it != replies_.end()) return it->second;
    if (verb == "EHLO") return "250-scripted\r\n250 SIZE 100000\r\n";
    if (verb == "DATA") return "354 go ahead\r\n";
    if (verb == "QUIT") return "221 bye\r\n";
    return "250 ok\r\n";
  }
  static void send(int fd, const std::string& text) { (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

  Replies replies_;
  int listener_ = -1;
  unsigned short port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

EmailSettings settings_for(const std::string& url, bool require_tls) {
  EmailSettings s;
  s.smtp_url = url;
  s.from = {"Desk", "alerts@desk.example.org"};
  s.to = {{"", "analyst@example.org"}};
  s.require_tls = require_tls;
  s.timeout = 5s;
  return s;
}

OutboxEntry entry() {
  OutboxEntry e;
  e.event_id = "evt-1";
  e.receiver = "mail";
  e.payload = R"({"version":1,"id":"evt-1","type":"alert","rule":{"id":"r","title":"T","severity":"high","tags":[]},)"
              R"("item":{"title":"日中外相が会談","link":"https://example.org/1","feed":"Wire"},"story":{"id":"s-1","sources":["Wire"]}})";
  return e;
}

DeliveryOutcome deliver_once(EmailReceiver& receiver, boost::asio::io_context& io) {
  std::optional<DeliveryOutcome> outcome;
  receiver.deliver(entry(), [&](DeliveryOutcome o) { outcome = std::move(o); });
  // Not run(): curl keeps the idle connection (and its socket wait) for reuse.
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (!outcome && std::chrono::steady_clock::now() < deadline) io.run_one_for(100ms);
  EXPECT_TRUE(outcome) << "no outcome within the deadline";
  return outcome.value_or(DeliveryOutcome{});
}

TEST(EmailReceiver, ClassifiesSmtpResults) {
  EXPECT_TRUE(classify_smtp_result({}).ok);
  const auto check = [](SmtpFailure failure, int code, bool permanent) {
    const auto outcome = classify_smtp_result({.failure = failure, .reply_code = code, .error = "x"});
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.permanent, permanent) << static_cast<int>(failure) << " " << code;
    EXPECT_EQ(outcome.error, "x");
  };
  check(SmtpFailure::rejected, 451, false);  // local error, try again
  check(SmtpFailure::rejected, 421, false);  // service closing
  check(SmtpFailure::rejected, 550, true);   // no such recipient
  check(SmtpFailure::rejected, 552, true);   // too big
  check(SmtpFailure::auth, 535, true);       // wrong password
  check(SmtpFailure::auth, 454, false);      // auth temporarily unavailable
  check(SmtpFailure::auth, 250, true);       // no mechanism in common
  check(SmtpFailure::tls_unavailable, 250, true);
  check(SmtpFailure::tls, 0, false);
  check(SmtpFailure::network, 0, false);
  check(SmtpFailure::cancelled, 0, false);
}

TEST(EmailReceiver, WithoutStarttlsNothingIsSentInClear) {
  ScriptedSmtpServer server(Replies{});
  boost::asio::io_context io;
  EmailReceiver receiver(io, "mail", settings_for(server.url(), true));
  const auto outcome = deliver_once(receiver, io);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.permanent);
  EXPECT_NE(outcome.error.find("does not offer STARTTLS"), std::string::npos) << outcome.error;
  EXPECT_TRUE(server.received("EHLO"));
  EXPECT_FALSE(server.received("MAIL")) << "the envelope went out in clear text";
  EXPECT_FALSE(server.received("AUTH"));
}

TEST(EmailReceiver, RejectedRecipientIsPermanentWithTheServersWords) {
  ScriptedSmtpServer server(Replies{{"RCPT", "550 5.1.1 <analyst@example.org>: Recipient address rejected\r\n"}});
  boost::asio::io_context io;
  EmailReceiver receiver(io, "mail", settings_for(server.url(), false));
  const auto outcome = deliver_once(receiver, io);
  EXPECT_TRUE(outcome.permanent);
  EXPECT_NE(outcome.error.find("550 5.1.1 <analyst@example.org>: Recipient address rejected"), std::string::npos)
      << outcome.error;
  EXPECT_TRUE(server.received("MAIL FROM:<alerts@desk.example.org>"));
  EXPECT_TRUE(server.received("RCPT TO:<analyst@example.org>"));
  EXPECT_FALSE(server.received("DATA"));
}

TEST(EmailReceiver, TemporaryFailureAfterDataIsRetried) {
  ScriptedSmtpServer server(Replies{{".", "451 4.3.0 try again later\r\n"}});
  boost::asio::io_context io;
  EmailReceiver receiver(io, "mail", settings_for(server.url(), false));
  const auto outcome = deliver_once(receiver, io);
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.permanent) << outcome.error;
  EXPECT_NE(outcome.error.find("451 4.3.0 try again later"), std::string::npos) << outcome.error;
}

TEST(EmailReceiver, AcceptedMessageIsDelivered) {
  ScriptedSmtpServer server(Replies{});
  boost::asio::io_context io;
  EmailReceiver receiver(io, "mail", settings_for(server.url(), false));
  const auto outcome = deliver_once(receiver, io);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_TRUE(server.received("DATA"));
}

TEST(EmailReceiver, NoServerIsRetried) {
  // A port nobody listens on: bind, note, close.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  boost::asio::io_context io;
  EmailReceiver receiver(io, "mail", settings_for("smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), true));
  const auto outcome = deliver_once(receiver, io);
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.permanent) << outcome.error;
}

TEST(EmailReceiver, QuietHoursDeferWithoutTouchingTheNetwork) {
  boost::asio::io_context io;
  auto settings = settings_for("smtp://127.0.0.1:1", true);
  settings.quiet_hours = QuietHoursConfig{22 * 60, 7 * 60, "Asia/Tokyo"};
  const auto now = *feeds::parse_iso8601_date("2024-06-01T15:30:00Z");  // 00:30 in Tokyo
  EmailReceiver receiver(io, "mail", settings, [now] { return now; });
  std::optional<DeliveryOutcome> outcome;
  receiver.deliver(entry(), [&](DeliveryOutcome o) { outcome = std::move(o); });
  ASSERT_TRUE(outcome) << "a deferral needs no network, so it answers at once";
  EXPECT_FALSE(outcome->ok);
  EXPECT_FALSE(outcome->permanent);
  ASSERT_TRUE(outcome->deferred_until);
  EXPECT_EQ(*outcome->deferred_until, *feeds::parse_iso8601_date("2024-06-01T22:00:00Z"));
  EXPECT_EQ(outcome->error, "quiet hours until 2024-06-01T22:00:00Z");
}

TEST(EmailReceiver, SettingsReadThePasswordFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("newswatch-email-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "pw") << "s3cret with space \n";
  ReceiverConfig config;
  config.name = "mail";
  config.type = "email";
  config.email.smtp_url = "smtps://mail.example.org";
  config.email.from = "Desk <desk@example.org>";
  config.email.to = {"a@example.org"};
  config.email.username = "desk";
  config.email.password_file = dir / "pw";
  const auto settings = email_settings(config);
  EXPECT_EQ(settings.password, "s3cret with space ");
  EXPECT_TRUE(settings.require_tls);
  EXPECT_EQ(settings.from.address, "desk@example.org");
  config.email.password_file = dir / "missing";
  EXPECT_THROW(email_settings(config), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswatch::daemon
