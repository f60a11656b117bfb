// SPDX-License-Identifier: MIT
#pragma once
// Mails each outbox entry (an alert, a story update or a rendered digest) to a fixed list of
// recipients over SMTP: smtp:// with STARTTLS required unless configured off for a loopback
// relay, or smtps://; AUTH with a password read from a file. The message is built by
// email_content + email_message, sent by SmtpClient (libcurl on the io_context, non-blocking).
//
// Outcomes for the outbox dispatcher:
//   sent                                   delivered
//   connection, TLS handshake, timeout,    retry (with the dispatcher's backoff)
//   SMTP 4xx (e.g. 451, 421, 454)
//   SMTP 5xx (550 recipient, 535 auth),    permanent: dead-lettered at once, with the reason
//   STARTTLS required but not offered
//   inside quiet hours                     deferred to their end: no attempt, not a failure
//
// Threads: io thread only. Owns its SmtpClient; the io_context must outlive the receiver.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "daemon/config/config.hpp"
#include "daemon/receivers/email_address.hpp"
#include "daemon/receivers/email_smtp.hpp"
#include "daemon/receivers/receiver.hpp"

namespace newswatch::daemon {

struct EmailSettings {
  std::string smtp_url;
  Mailbox from;
  std::vector<Mailbox> to;
  bool require_tls = true;
  std::string username;
  std::string password;
  std::string ca_file;
  std::chrono::milliseconds timeout{10'000};
  std::optional<QuietHoursConfig> quiet_hours;
};

// From a checked ReceiverConfig of type email: reads password_file (trailing line breaks are
// not part of the password) and checks ca_file is readable. Throws std::runtime_error with a
// one-line reason; the service reports it and does not start.
EmailSettings email_settings(const ReceiverConfig& config);

// How a finished SMTP send counts (see the table above).
DeliveryOutcome classify_smtp_result(const SmtpResult& result);

class EmailReceiver final : public Receiver {
 public:
  using Clock = std::function<std::chrono::sys_seconds()>;

  // `now` is for tests; the default is the system clock.
  EmailReceiver(boost::asio::io_context& io, std::string name, EmailSettings settings, Clock now = {});
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override;

 private:
  std::string name_;
  EmailSettings settings_;
  Clock now_;
  SmtpClient smtp_;
};

}  // namespace newswatch::daemon
