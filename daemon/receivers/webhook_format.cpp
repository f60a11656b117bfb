// SPDX-License-Identifier: MIT
#include "daemon/receivers/webhook_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_text.hpp"
#include "daemon/alerts/payload_fields.hpp"

namespace newswatch::daemon {
namespace {

using nlohmann::json;

// Slack's mrkdwn needs &, < and > escaped; its links are <url|label>.
std::string slack_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

struct Parts {
  std::string severity, rule, headline, link, feed, published, why;
};

Parts parts_of(const json& payload) {
  const auto rule = object_member(payload, "rule");
  const auto item = object_member(payload, "item");
  return {upper_ascii(text_member(rule, "severity")), text_member(rule, "title"), text_member(item, "title"), text_member(item, "link"),
          text_member(item, "feed"), text_member(item, "published"), why_line(payload)};
}

std::string markdown_text(const Parts& p, bool slack) {
  const auto esc = [slack](const std::string& s) { return slack ? slack_escape(s) : s; };
  std::string out = fmt::format("*[{}] {}*\n", esc(p.severity), esc(p.rule));
  if (p.link.empty()) out += esc(p.headline);
  else if (slack) out += fmt::format("<{}|{}>", p.link, esc(p.headline));
  else out += fmt::format("[{}]({})", p.headline, p.link);
  out += fmt::format("\n{} · {}", esc(p.feed), p.published.empty() ? "no date" : p.published);
  if (!p.why.empty()) out += "\nwhy: " + esc(p.why);
  return out;
}

// Cuts at a UTF-8 boundary so the result stays valid.
std::string cut_utf8(std::string s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

}  // namespace

bool is_webhook_format(std::string_view format) {
  return format == "json" || format == "slack" || format == "mattermost" || format == "discord" || format == "teams";
}

std::string render_webhook_body(std::string_view format, const std::string& payload_json) {
  if (format == "json" || !is_webhook_format(format)) return payload_json;
  const auto payload = json::parse(payload_json, nullptr, false);
  const auto parts = parts_of(payload.is_object() ? payload : json::object());
  json body;
  if (format == "slack" || format == "mattermost") body = {{"text", markdown_text(parts, true)}};
  else if (format == "discord") body = {{"content", cut_utf8(markdown_text(parts, false), 1900)}};
  else body = {{"text", markdown_text(parts, false)}};  // teams
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswatch::daemon
