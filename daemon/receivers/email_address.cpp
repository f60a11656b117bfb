// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_address.hpp"

#include <algorithm>
#include <cctype>

#include <boost/url/parse.hpp>

namespace newswatch::daemon {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

// RFC 5322 atext: what a dot-atom may hold between its dots.
bool is_atext(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_dot_atom(std::string_view s, bool (*allowed)(unsigned char)) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!allowed(c)) {
      return false;
    }
  }
  return true;
}

bool is_host_char(unsigned char c) { return std::isalnum(c) || c == '-'; }

bool is_address(std::string_view s) {
  const auto at = s.rfind('@');
  if (at == std::string_view::npos || s.size() > 254) return false;
  return at <= 64 && is_dot_atom(s.substr(0, at), is_atext) && is_dot_atom(s.substr(at + 1), is_host_char);
}

}  // namespace

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  text = trim(text);
  if (has_control(text)) return std::nullopt;
  Mailbox mailbox;
  if (!text.empty() && text.back() == '>') {
    const auto open = text.rfind('<');
    if (open == std::string_view::npos) return std::nullopt;
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
    auto name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        mailbox.display_name += name[i];
      }
    } else {
      mailbox.display_name = std::string(name);
    }
  } else {
    mailbox.address = std::string(text);
  }
  if (!is_address(mailbox.address)) return std::nullopt;
  return mailbox;
}

std::string_view domain_of(const Mailbox& mailbox) {
  const std::string_view address = mailbox.address;
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::optional<SmtpServer> parse_smtp_url(std::string_view url, std::string& error) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    error = "is not a URL like smtp://mail.example.org:587";
    return std::nullopt;
  }
  std::string scheme(parsed->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme != "smtp" && scheme != "smtps") {
    error = "must start with smtp:// (STARTTLS) or smtps:// (TLS)";
    return std::nullopt;
  }
  if (!parsed->has_authority() || parsed->host().empty()) {
    error = "names no host";
    return std::nullopt;
  }
  if (parsed->has_userinfo()) {
    error = "must not carry credentials; use 'username' and 'password_file'";
    return std::nullopt;
  }
  if ((!parsed->path().empty() && parsed->path() != "/") || parsed->has_query() || parsed->has_fragment()) {
    error = "must be only smtp[s]://host[:port]";
    return std::nullopt;
  }
  SmtpServer server;
  server.implicit_tls = scheme == "smtps";
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4:
      server.host = parsed->host_ipv4_address().to_string();
      server.loopback = (parsed->host_ipv4_address().to_uint() >> 24) == 127;
      break;
    case boost::urls::host_type::ipv6:
      server.host = parsed->host_ipv6_address().to_string();
      server.loopback = parsed->host_ipv6_address().is_loopback();
      break;
    default: {
      server.host = std::string(parsed->encoded_host());
      std::string lower = server.host;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      server.loopback = lower == "localhost" || lower == "localhost.";
    }
  }
  return server;
}

}  // namespace newswatch::daemon
