// SPDX-License-Identifier: MIT
#pragma once
// Mail addresses and SMTP server URLs as the config writes them. The config loader checks them
// once, so delivery never meets a malformed one. Pure; safe on any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch::daemon {

struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;       // local@domain, ASCII (no SMTPUTF8)
};

// "alerts@example.org" or "Desk alerts <alerts@example.org>" (the name may be "quoted").
// Nothing when the address is not a plain dot-atom local part @ a host name, or when any part
// holds a control character (a header injection would start with CR or LF).
std::optional<Mailbox> parse_mailbox(std::string_view text);

// The part of the address after '@'.
std::string_view domain_of(const Mailbox& mailbox);

struct SmtpServer {
  bool implicit_tls = false;  // smtps://: TLS from the first byte; smtp://: STARTTLS (or none)
  std::string host;           // name or IP address, without brackets
  bool loopback = false;      // localhost, 127.0.0.0/8 or ::1
};

// Checks "smtp://host[:port]" or "smtps://host[:port]" (a trailing "/" is fine). Nothing, with
// `error` set to one line, for other schemes, credentials in the URL, paths or queries.
std::optional<SmtpServer> parse_smtp_url(std::string_view url, std::string& error);

}  // namespace newswatch::daemon
