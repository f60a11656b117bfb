// SPDX-License-Identifier: MIT
#include "daemon/receivers/console_receiver.hpp"

#include "daemon/alerts/alert_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// The member if it is an object or array of the wanted kind, else an empty one: a payload of the
// wrong shape (a damaged outbox row) prints partly, it never throws.
nlohmann::json member(const nlohmann::json& j, const char* key, bool array) {
  const auto it = j.find(key);
  if (it != j.end() && (array ? it->is_array() : it->is_object())) return *it;
  return array ? nlohmann::json::array() : nlohmann::json::object();
}

std::string text_of(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string format_alert_for_console(const std::string& payload_json) {
  const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return "ALERT (unreadable payload)\n";
  if (text_of(payload, "type") == "digest") {
    const auto digest = member(payload, "digest", false);
    return fmt::format("DIGEST {}\n{}", text_of(digest, "subject"), text_of(digest, "text"));
  }
  const auto rule = member(payload, "rule", false);
  const auto item = member(payload, "item", false);
  const auto story = member(payload, "story", false);
  std::string tags;
  for (const auto& tag : member(rule, "tags", true))
    if (tag.is_string()) tags += (tags.empty() ? "" : ", ") + tag.get<std::string>();
  // A story update says why it came and which outlets carry the story now.
  const auto reason = text_of(story, "update_reason");
  std::string outlets;
  for (const auto& source : member(story, "sources", true))
    if (source.is_string()) outlets += (outlets.empty() ? "" : ", ") + source.get<std::string>();
  const std::string kind = reason.empty() ? "ALERT"
                           : reason == "severity" ? "UPDATE (severity rose)"
                                                  : "UPDATE (more outlets)";
  std::string out = fmt::format("{} [{}] {} ({}){}\n", kind, upper(text_of(rule, "severity")), text_of(rule, "title"),
                                text_of(rule, "id"), tags.empty() ? "" : " tags: " + tags);
  out += fmt::format("  {}\n", text_of(item, "title"));
  std::string published = text_of(item, "published");
  out += fmt::format("  {} · {}\n", text_of(item, "feed"), published.empty() ? "no date" : published);
  if (auto link = text_of(item, "link"); !link.empty()) out += fmt::format("  {}\n", link);
  const auto why = why_line(payload);
  if (!why.empty()) out += fmt::format("  why: {}\n", why);
  if (!reason.empty()) out += fmt::format("  story: {}\n", outlets);
  return out;
}

void ConsoleReceiver::deliver(const OutboxEntry& entry, Done done) {
  const auto text = format_alert_for_console(entry.payload) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  done({.ok = true});
}

}  // namespace newswatch::daemon
