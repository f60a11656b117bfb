// SPDX-License-Identifier: MIT
#include "daemon/receivers/console_receiver.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_text.hpp"
#include "daemon/alerts/payload_fields.hpp"

namespace newswatch::daemon {
std::string format_alert_for_console(const std::string& payload_json) {
  const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return "ALERT (unreadable payload)\n";
  if (text_member(payload, "type") == "digest") {
    const auto digest = object_member(payload, "digest");
    return fmt::format("DIGEST {}\n{}", text_member(digest, "subject"), text_member(digest, "text"));
  }
  const auto rule = object_member(payload, "rule");
  const auto item = object_member(payload, "item");
  const auto story = object_member(payload, "story");
  std::string tags;
  for (const auto& tag : array_member(rule, "tags"))
    if (tag.is_string()) tags += (tags.empty() ? "" : ", ") + tag.get<std::string>();
  // A story update says why it came and which outlets carry the story now.
  const auto reason = text_member(story, "update_reason");
  std::string outlets;
  for (const auto& source : array_member(story, "sources"))
    if (source.is_string()) outlets += (outlets.empty() ? "" : ", ") + source.get<std::string>();
  const std::string kind = reason.empty() ? "ALERT"
                           : reason == "severity" ? "UPDATE (severity rose)"
                                                  : "UPDATE (more outlets)";
  std::string out = fmt::format("{} [{}] {} ({}){}\n", kind, upper_ascii(text_member(rule, "severity")), text_member(rule, "title"),
                                text_member(rule, "id"), tags.empty() ? "" : " tags: " + tags);
  out += fmt::format("  {}\n", text_member(item, "title"));
  std::string published = text_member(item, "published");
  out += fmt::format("  {} · {}\n", text_member(item, "feed"), published.empty() ? "no date" : published);
  if (auto link = text_member(item, "link"); !link.empty()) out += fmt::format("  {}\n", link);
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
