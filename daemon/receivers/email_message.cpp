// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_message.hpp"

#include <fmt/format.h>

#include "daemon/alerts/alert.hpp"
#include "daemon/receivers/email_encoding.hpp"

namespace newswatch::daemon {
namespace {

std::string mailbox_text(const Mailbox& mailbox) {
  if (mailbox.display_name.empty()) return mailbox.address;
  return encode_phrase(mailbox.display_name) + " <" + mailbox.address + ">";
}

// MIME wants text parts in canonical form: every line ends in CRLF.
std::string crlf_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') out += "\r\n";
    else out += text[i];
  }
  return out;
}

std::string text_part(std::string_view subtype, std::string_view text) {
  return fmt::format("Content-Type: text/{}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}", subtype,
                     base64_lines(crlf_lines(text)));
}

}  // namespace

std::string rfc5322_date(std::chrono::sys_seconds time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(time - days);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[std::chrono::weekday(days).c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

EmailMessage build_email_message(const EmailContent& content, const Mailbox& from, const std::vector<Mailbox>& to,
                                 std::string_view event_id, std::chrono::sys_seconds date) {
  const std::string domain(domain_of(from));
  EmailMessage message;
  message.message_id = "<" + content.id_local + "@" + domain + ">";
  std::vector<std::string> recipients;
  for (const auto& mailbox : to) recipients.push_back(mailbox_text(mailbox));

  std::string& d = message.data;
  d += "Date: " + rfc5322_date(date) + "\r\n";
  d += list_header("From", {mailbox_text(from)});
  d += list_header("To", recipients);
  d += unstructured_header("Subject", content.subject);
  d += "Message-ID: " + message.message_id + "\r\n";
  if (!content.parent_local.empty()) {
    const auto parent = "<" + content.parent_local + "@" + domain + ">";
    d += "In-Reply-To: " + parent + "\r\nReferences: " + parent + "\r\n";
  }
  d += "MIME-Version: 1.0\r\n";
  // RFC 3834: vacation responders and the like must not answer machine mail.
  d += "Auto-Submitted: auto-generated\r\n";
  d += "X-Newswatch-Event: " + header_safe(event_id) + "\r\n";
  if (content.html.empty()) {
    d += text_part("plain", content.text);
    return message;
  }
  // "=_" cannot occur in base64 text, so the boundary never collides with a part's content.
  const auto boundary = "=_newswatch_" + stable_id({event_id});
  d += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  d += "This is a MIME message with a plain-text and an HTML version.\r\n";
  d += "--" + boundary + "\r\n" + text_part("plain", content.text);
  d += "--" + boundary + "\r\n" + text_part("html", content.html);
  d += "--" + boundary + "--\r\n";
  return message;
}

}  // namespace newswatch::daemon
