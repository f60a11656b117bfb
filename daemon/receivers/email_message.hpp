// SPDX-License-Identifier: MIT
#pragma once
// Frames an EmailContent as an RFC 5322 message ready for SMTP DATA: CRLF lines, headers Date,
// From, To, Subject (RFC 2047 when not ASCII), Message-ID (and In-Reply-To/References for a
// reply), MIME-Version, Auto-Submitted, X-Newswatch-Event, then multipart/alternative with a
// text/plain and a text/html part, both UTF-8 in base64 (CJK headlines are common, and base64
// costs 4/3 where quoted-printable would cost 3x). Deterministic for the same inputs, so a retry
// sends the same bytes. Pure; safe on any thread.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/receivers/email_address.hpp"
#include "daemon/receivers/email_content.hpp"

namespace newswatch::daemon {

struct EmailMessage {
  std::string message_id;  // "<id@domain>"
  std::string data;        // the whole message, CRLF line ends
};

// `event_id` is the outbox entry's idempotency key; the Message-ID's domain is the From's.
EmailMessage build_email_message(const EmailContent& content, const Mailbox& from, const std::vector<Mailbox>& to,
                                 std::string_view event_id, std::chrono::sys_seconds date);

// "Fri, 15 Nov 2024 09:30:00 +0000" (RFC 5322 §3.3, in UTC).
std::string rfc5322_date(std::chrono::sys_seconds time);

}  // namespace newswatch::daemon
