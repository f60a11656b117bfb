// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_receiver.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/config/secret_file.hpp"
#include "daemon/receivers/email_content.hpp"
#include "daemon/receivers/email_message.hpp"
#include "daemon/receivers/email_quiet_hours.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

std::chrono::sys_seconds system_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

}  // namespace

EmailSettings email_settings(const ReceiverConfig& config) {
  const auto& email = config.email;
  EmailSettings settings;
  settings.smtp_url = email.smtp_url;
  const auto from = parse_mailbox(email.from);
  if (!from) throw std::runtime_error(fmt::format("receiver '{}': 'from' is not a mail address", config.name));
  settings.from = *from;
  for (const auto& text : email.to) {
    const auto to = parse_mailbox(text);
    if (!to) throw std::runtime_error(fmt::format("receiver '{}': '{}' is not a mail address", config.name, text));
    settings.to.push_back(*to);
  }
  std::string error;
  const auto server = parse_smtp_url(email.smtp_url, error);
  if (!server) throw std::runtime_error(fmt::format("receiver '{}': smtp URL {}", config.name, error));
  settings.require_tls = email.starttls || server->implicit_tls;
  settings.username = email.username;
  if (!email.password_file.empty()) settings.password = read_secret_file(email.password_file, "password");
  if (!email.ca_file.empty()) {
    if (!std::ifstream(email.ca_file)) throw std::runtime_error(fmt::format("cannot read ca_file {}", email.ca_file.string()));
    settings.ca_file = email.ca_file.string();
  }
  settings.timeout = config.timeout;
  settings.quiet_hours = email.quiet_hours;
  return settings;
}

DeliveryOutcome classify_smtp_result(const SmtpResult& result) {
  DeliveryOutcome outcome;
  switch (result.failure) {
    case SmtpFailure::none:
      outcome.ok = true;
      return outcome;
    case SmtpFailure::tls_unavailable:
      // Configuration, not weather: retrying would only find the same server again.
      outcome.permanent = true;
      break;
    case SmtpFailure::auth:
    case SmtpFailure::rejected:
      // 4xx is "try again later" in SMTP (greylisting, 451 local error, 454 auth unavailable).
      outcome.permanent = result.reply_code < 400 || result.reply_code >= 500;
      break;
    case SmtpFailure::tls:
    case SmtpFailure::network:
    case SmtpFailure::cancelled:
      break;
  }
  outcome.error = result.error;
  return outcome;
}

EmailReceiver::EmailReceiver(boost::asio::io_context& io, std::string name, EmailSettings settings, Clock now)
    : name_(std::move(name)), settings_(std::move(settings)), now_(now ? std::move(now) : Clock(system_now)), smtp_(io) {}

void EmailReceiver::deliver(const OutboxEntry& entry, Done done) {
  const auto now = now_();
  if (settings_.quiet_hours) {
    if (const auto end = quiet_hours_end(*settings_.quiet_hours, now)) {
      done({.error = fmt::format("quiet hours until {}", feeds::to_rfc3339(*end)), .deferred_until = *end});
      return;
    }
  }
  const auto content = email_content(entry.event_id, entry.payload);
  auto message = build_email_message(content, settings_.from, settings_.to, entry.event_id, now);
  SmtpRequest request;
  request.url = settings_.smtp_url;
  request.mail_from = settings_.from.address;
  for (const auto& to : settings_.to) request.recipients.push_back(to.address);
  request.message = std::move(message.data);
  request.require_tls = settings_.require_tls;
  request.username = settings_.username;
  request.password = settings_.password;
  request.ca_file = settings_.ca_file;
  request.connect_timeout = std::min(settings_.timeout, std::chrono::milliseconds(10'000));
  request.total_timeout = settings_.timeout;
  spdlog::debug("email {}: sending {} as {}", name_, entry.event_id, message.message_id);
  smtp_.send(std::move(request), [done = std::move(done)](SmtpResult result) { done(classify_smtp_result(result)); });
}

}  // namespace newswatch::daemon
