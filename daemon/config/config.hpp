// SPDX-License-Identifier: MIT
#pragma once
// The daemon's configuration (config/newswatch.yaml documents every key) and its loader.
// Loading reports every problem as "path:line:col: message" and produces a Config only when
// there is none. Plain value types; the loader touches nothing shared.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace newswatch::daemon {

struct FeedConfig {
  std::string url;
  std::string name;  // defaults to the URL
  std::chrono::milliseconds interval{std::chrono::minutes(5)};
};

// Email receivers: a daily window, in an IANA time zone, during which mail is held back and sent
// when it ends (the outbox defers it; nothing is dropped). The window may cross midnight.
struct QuietHoursConfig {
  int from_minute = 0;  // minutes after local midnight, 0..1439; never equal to to_minute
  int to_minute = 0;
  std::string zone;     // e.g. "Asia/Tokyo"; checked against ICU's zone database
};

// type: email (docs/alerts.md "Email").
struct EmailConfig {
  std::string smtp_url;  // "smtp://host[:port]" (STARTTLS) or "smtps://host[:port]" (TLS from the start)
  std::string from;      // "alerts@example.org" or "Desk alerts <alerts@example.org>"
  std::vector<std::string> to;
  bool starttls = true;  // false only for a loopback relay: then nothing is encrypted
  std::string username;  // AUTH when set
  std::filesystem::path password_file;  // read at start; one trailing newline is not part of it
  std::filesystem::path ca_file;        // trusted in addition to the system's CAs
  std::optional<QuietHoursConfig> quiet_hours;
};

struct ReceiverConfig {
  std::string name;
  std::string type;         // "webhook", "email", "file" or "console"
  std::string url;          // webhook
  std::string format = "json";
  std::filesystem::path secret_file;  // webhook: HMAC key, optional
  std::filesystem::path path;         // file
  EmailConfig email;                  // email
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  // Throttling, any type (docs/alerts.md): hold a new story's first alert this long so that
  // other outlets' reports arriving meanwhile go out in it; and at most one story_update per
  // story in this interval.
  std::chrono::milliseconds group_wait{0};
  std::chrono::milliseconds repeat_interval{0};
};

struct RouteConfig {
  // An alert takes this route when it passes every filter that is set (empty = any).
  std::vector<rules::Severity> severities;
  std::vector<std::string> tags;      // any of these tags
  std::vector<std::string> rule_ids;  // any of these rules
  std::vector<std::string> feeds;     // any of these feeds (by configured name)
  std::vector<std::string> receivers;
  std::string mode = "immediate";     // "immediate" or "digest"
  // Digest routes only (docs/digests.md):
  std::string schedule;               // "hourly", "daily HH:MM ZONE", "weekly DAY HH:MM ZONE"
  std::string title;                  // the digest's title; "newswatch digest" when empty
  bool send_empty = false;            // send a digest even when the period has no stories
};

// A time-boxed mute: until `until`, alerts whose rule passes every filter that is set (rule ids,
// tags, feeds, story ids; at least one is set) are recorded but sent nowhere.
struct SilenceConfig {
  std::vector<std::string> rule_ids;
  std::vector<std::string> tags;
  std::vector<std::string> feeds;
  std::vector<std::string> story_ids;  // e.g. "story-3f2a…", as in alert payloads
  std::chrono::sys_seconds until{};
  std::string comment;
};

// How matched items group into stories (docs/stories.md).
struct StoriesConfig {
  std::chrono::milliseconds window{std::chrono::hours(48)};  // an item joins stories this close in time
  double similarity = 0.2;          // cosine of TF-IDF term vectors needed to join
  std::size_t update_at_sources = 5;  // a story_update when a story reaches this many outlets; 0: never
};

// Delivery retries (every receiver): exponential backoff with jitter from first_retry up to
// max_retry; an alert not delivered within max_age is dead-lettered.
struct OutboxConfig {
  std::chrono::milliseconds first_retry{std::chrono::seconds(5)};
  std::chrono::milliseconds max_retry{std::chrono::minutes(15)};
  std::chrono::milliseconds max_age{std::chrono::hours(24)};
};

struct Config {
  std::filesystem::path source;  // the file it was read from, for messages
  std::filesystem::path state_dir = "/var/lib/newswatch";
  std::string http_listen = "127.0.0.1:9470";  // "" disables the endpoint
  std::string log_level = "info";
  // Items published longer ago than this are recorded but never alert (a backlog is not news).
  // Zero disables the cap.
  std::chrono::milliseconds max_item_age{std::chrono::hours(48)};
  std::vector<FeedConfig> feeds;
  std::vector<std::filesystem::path> rules;  // relative paths are resolved against the file's folder
  std::vector<ReceiverConfig> receivers;
  std::vector<RouteConfig> routes;
  std::vector<SilenceConfig> silences;
  StoriesConfig stories;
  OutboxConfig outbox;
  std::optional<std::filesystem::path> templates;  // overrides of config/templates/*.mustache
};

struct ConfigLoad {
  std::optional<Config> config;      // set iff errors is empty
  std::vector<std::string> errors;   // "path:line:col: message"
  std::vector<std::string> warnings; // same format
};

ConfigLoad load_config(const std::filesystem::path& file);
ConfigLoad parse_config(const std::string& text, const std::filesystem::path& shown_path);

}  // namespace newswatch::daemon
