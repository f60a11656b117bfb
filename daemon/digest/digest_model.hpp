// SPDX-License-Identifier: MIT
#pragma once
// What a digest is made of: plain values the caller fills from the stories store and hands to
// render_digest() (digest_render.hpp). No invariants beyond the comments; any order is accepted.
// Text comes from feeds and is untrusted: the renderer escapes it and drops links that are not
// http(s).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct DigestSource {
  std::string feed;   // the feed's name as people read it ("Example World")
  std::string title;  // the item's title
  std::string link;   // the item's link; shown only when it is http(s)
  std::chrono::sys_seconds seen{};
};

struct DigestStory {
  std::string id, headline;             // the first item's title
  rules::Severity severity = rules::Severity::medium;  // highest so far
  // Union of the matched rules' tags, most significant first: the story is listed under tags[0]
  // (its primary tag); the others are shown as "also". No tags: listed under "other".
  std::vector<std::string> tags;
  std::vector<DigestSource> sources;    // every item that joined the story, first first
  std::chrono::sys_seconds first_seen{}, last_seen{};
  std::vector<std::string> terms;       // matched terms, most frequent first
  std::optional<double> tone;           // mean tone of matched rules, -10 confrontational..+10 cooperative
};

struct DigestInput {
  std::string title;                    // e.g. "Japan–China daily digest"
  std::string zone;                     // IANA zone the period is shown in; unknown names show UTC
  std::chrono::sys_seconds period_start{}, period_end{};
  std::vector<DigestStory> stories;           // the period's stories (any order)
  std::vector<DigestStory> previous_stories;  // the previous period's, for the comparison
};

struct RenderedDigest {
  std::string subject;  // one line, no CR/LF; the mail receiver encodes it (RFC 2047)
  std::string text;     // text/plain, UTF-8
  std::string html;     // text/html, UTF-8, a whole document with inline styles only
  bool empty = true;    // no stories in the period: the caller decides whether to send
};

}  // namespace newswatch::daemon
