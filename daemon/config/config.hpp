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

struct ReceiverConfig {
  std::string name;
  std::string type;         // "webhook", "file" or "console"
  std::string url;          // webhook
  std::string format = "json";
  std::filesystem::path secret_file;  // webhook: HMAC key, optional
  std::filesystem::path path;         // file
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

struct RouteConfig {
  // An alert takes this route when it passes every filter that is set (empty = any).
  std::vector<rules::Severity> severities;
  std::vector<std::string> tags;      // any of these tags
  std::vector<std::string> rule_ids;  // any of these rules
  std::vector<std::string> feeds;     // any of these feeds (by configured name)
  std::vector<std::string> receivers;
  std::string mode = "immediate";     // "immediate" or "digest" (digests: not yet delivered)
};

// A time-boxed mute: until `until`, alerts whose rule passes every filter that is set (rule ids,
// tags, feeds; at least one is set) are recorded but sent nowhere.
struct SilenceConfig {
  std::vector<std::string> rule_ids;
  std::vector<std::string> tags;
  std::vector<std::string> feeds;
  std::chrono::sys_seconds until{};
  std::string comment;
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
};

struct ConfigLoad {
  std::optional<Config> config;      // set iff errors is empty
  std::vector<std::string> errors;   // "path:line:col: message"
  std::vector<std::string> warnings; // same format
};

ConfigLoad load_config(const std::filesystem::path& file);
ConfigLoad parse_config(const std::string& text, const std::filesystem::path& shown_path);

}  // namespace newswatch::daemon
