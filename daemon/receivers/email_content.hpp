// SPDX-License-Identifier: MIT
#pragma once
// What an alert email says, from a version-1 payload (DESIGN.md "Alert payload"): the subject,
// a plain-text and an HTML rendering, and how it threads. daemon/receivers/email_message.hpp
// frames it as an RFC 5322 message.
//
//   type          Message-ID          In-Reply-To / References   subject
//   alert         story.<story.id>    -                          [newswatch] HIGH: <headline>
//   story_update  update.<event id>   story.<story.id>           Re: [newswatch] HIGH: <headline>
//   digest        digest.<event id>   -                          digest.subject, as rendered
//
// So every update of a story threads under its first alert in mail clients with nothing stored.
// Pure; safe on any thread; a payload of the wrong shape renders what it can, never throws.

#include <string>
#include <string_view>

namespace newswatch::daemon {

struct EmailContent {
  std::string subject;   // UTF-8, one line
  std::string text;      // UTF-8, LF line ends
  std::string html;      // UTF-8 document; empty: send text only
  std::string id_local;      // left of '@' in Message-ID, e.g. "story.story-1a2b"
  std::string parent_local;  // left of '@' in In-Reply-To/References; empty when not a reply
};

EmailContent email_content(std::string_view event_id, const std::string& payload_json);

// Text made safe for the left part of a Message-ID: letters, digits, '-' and '_' stay, any
// other byte becomes "=XX" (so different ids never collide).
std::string message_id_part(std::string_view text);

// HTML text escaping (& < > " ').
std::string html_escape(std::string_view text);

}  // namespace newswatch::daemon
