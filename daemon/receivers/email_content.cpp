// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_content.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_text.hpp"
#include "daemon/alerts/payload_fields.hpp"

namespace newswatch::daemon {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSubjectCodePoints = 200;

// Cuts to `max` code points (not bytes), marking the cut, so a CJK headline stays whole characters.
std::string cut_code_points(std::string s, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++count > max) {
      s.resize(i);
      return s + "…";
    }
  }
  return s;
}

// Only web links become <a href>: a feed must not be able to put javascript: or data: into a mail.
bool is_web_link(std::string_view link) {
  std::string head(link.substr(0, 8));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head.starts_with("http://") || head.starts_with("https://");
}

struct Source {
  std::string name, title, link;
};

// The story's items {feed, title, link} when the payload has them, else its outlet names.
std::vector<Source> sources_of(const json& story) {
  std::vector<Source> out;
  for (const char* key : {"items", "sources"}) {
    const auto it = story.find(key);
    if (it == story.end() || !it->is_array()) continue;
    for (const auto& s : *it) {
      if (s.is_string()) out.push_back({s.get<std::string>(), "", ""});
      else if (s.is_object()) out.push_back({text_member(s, "feed"), text_member(s, "title"), text_member(s, "link")});
    }
    if (!out.empty()) break;
  }
  return out;
}

std::size_t outlet_count(const json& story, const std::vector<Source>& sources) {
  if (const auto it = story.find("sources"); it != story.end() && it->is_array() && !it->empty()) return it->size();
  return sources.size();
}

struct Alert {
  bool update = false;
  std::string severity, rule_title, rule_id, tags, headline, outlet, link, published, summary, why;
  std::string story_id, first_seen, update_reason;
  std::vector<Source> sources;
  std::size_t outlets = 0;
};

Alert alert_of(const json& payload) {
  Alert a;
  const auto& rule = object_member(payload, "rule");
  const auto& item = object_member(payload, "item");
  const auto& story = object_member(payload, "story");
  a.update = text_member(payload, "type") == "story_update";
  a.severity = upper_ascii(text_member(rule, "severity"));
  a.rule_title = text_member(rule, "title");
  a.rule_id = text_member(rule, "id");
  if (const auto tags = rule.find("tags"); tags != rule.end() && tags->is_array())
    for (const auto& tag : *tags)
      if (tag.is_string()) a.tags += (a.tags.empty() ? "" : ", ") + tag.get<std::string>();
  a.headline = text_member(item, "title");
  a.outlet = text_member(item, "feed");
  a.link = text_member(item, "link");
  a.published = text_member(item, "published");
  a.summary = text_member(item, "summary");
  a.why = why_line(payload);
  a.story_id = text_member(story, "id");
  a.first_seen = text_member(story, "first_seen");
  a.sources = sources_of(story);
  a.outlets = outlet_count(story, a.sources);
  a.update_reason = text_member(story, "update_reason");
  return a;
}

// What a story update adds, for the first line: "story update: 3 outlets".
std::string update_note(const Alert& a) {
  if (!a.update) return {};
  if (a.update_reason == "severity") return fmt::format("story update: severity rose, {} outlets", a.outlets);
  return fmt::format("story update: {} outlets", a.outlets);
}

std::string subject_of(const Alert& a, const json& story) {
  // An update keeps the story's first headline, so clients that also thread by subject (Gmail)
  // keep it together.
  auto headline = text_member(story, "headline");
  if (headline.empty() && a.update && !a.sources.empty()) headline = a.sources.front().title;
  if (!a.update || headline.empty()) headline = a.headline;
  if (headline.empty()) headline = "(no headline)";
  const auto severity = a.severity.empty() ? std::string() : a.severity + ": ";
  return cut_code_points(fmt::format("{}[newswatch] {}{}", a.update ? "Re: " : "", severity, headline),
                         kMaxSubjectCodePoints);
}

std::string render_text(const Alert& a, std::string_view event_id) {
  std::string out = fmt::format("[{}] {}{}\n", a.severity.empty() ? "ALERT" : a.severity, a.rule_title,
                                a.update ? " (" + update_note(a) + ")" : "");
  out += (a.headline.empty() ? "(no headline)" : a.headline) + "\n\n";
  const auto field = [&out](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("{:<11}{}\n", std::string(label) + ":", value);
  };
  field("Outlet", a.outlet);
  field("Published", a.published.empty() ? "unknown" : a.published);
  field("Link", a.link);
  field("Why", a.why);
  // One source is the item above; several are listed with their own headlines and links.
  const bool detailed = a.sources.size() > 1 && std::any_of(a.sources.begin(), a.sources.end(), [](const Source& s) {
                          return !s.title.empty() || !s.link.empty();
                        });
  if (!detailed) {
    std::string names;
    for (const auto& s : a.sources) names += (names.empty() ? "" : ", ") + s.name;
    field("Sources", names);
  } else {
    out += "Sources:\n";
    for (const auto& s : a.sources)
      out += fmt::format("  - {}{}{}\n", s.name, s.title.empty() ? "" : ": " + s.title,
                         s.link.empty() ? "" : " <" + s.link + ">");
  }
  if (!a.summary.empty()) out += "\n" + a.summary + "\n";
  out += fmt::format("\n-- \nnewswatch · rule {}{} · story {} · event {}\n", a.rule_id,
                     a.tags.empty() ? "" : " (" + a.tags + ")", a.story_id, event_id);
  return out;
}

std::string severity_colour(std::string_view severity) {
  if (severity == "CRITICAL") return "#8b0000";
  if (severity == "HIGH") return "#c0392b";
  if (severity == "MEDIUM") return "#b35900";
  if (severity == "LOW") return "#2c6e7a";
  return "#555555";
}

std::string linked(const std::string& text, const std::string& link) {
  if (!is_web_link(link)) return html_escape(text);
  return fmt::format("<a href=\"{}\">{}</a>", html_escape(link), html_escape(text));
}

std::string render_html(const Alert& a, std::string_view subject, std::string_view event_id) {
  // Inline styles only, no scripts or remote images: what mail clients render as sent.
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n"
      "<body style=\"font-family:Arial,Helvetica,sans-serif;line-height:1.45;color:#222;\">\n",
      html_escape(subject));
  out += fmt::format("<p style=\"margin:0 0 4px 0;font-size:13px;color:#555;\"><strong style=\"color:{};\">{}</strong> &middot; {}{}</p>\n",
                     severity_colour(a.severity), html_escape(a.severity.empty() ? "ALERT" : a.severity),
                     html_escape(a.rule_title),
                     a.update ? " &middot; " + html_escape(update_note(a)) : "");
  out += fmt::format("<h2 style=\"margin:0 0 10px 0;font-size:19px;\">{}</h2>\n",
                     linked(a.headline.empty() ? "(no headline)" : a.headline, a.link));
  out += "<table style=\"border-collapse:collapse;font-size:14px;\">\n";
  const auto row = [&out](std::string_view label, const std::string& html_value) {
    if (html_value.empty()) return;
    out += fmt::format("<tr><td style=\"padding:2px 14px 2px 0;color:#666;vertical-align:top;\">{}</td><td>{}</td></tr>\n",
                       label, html_value);
  };
  row("Outlet", html_escape(a.outlet));
  row("Published", html_escape(a.published.empty() ? "unknown" : a.published));
  if (!a.link.empty()) row("Link", linked(a.link, a.link));
  row("Why", html_escape(a.why));
  std::string sources;
  for (const auto& s : a.sources) {
    std::string one = html_escape(s.name);
    if (a.sources.size() > 1 && !s.title.empty()) one += ": " + linked(s.title, s.link);
    else if (a.sources.size() > 1 && !s.link.empty()) one = linked(s.name, s.link);
    sources += (sources.empty() ? "" : "<br>") + one;
  }
  row("Sources", sources);
  out += "</table>\n";
  if (!a.summary.empty()) out += fmt::format("<p style=\"font-size:14px;\">{}</p>\n", html_escape(a.summary));
  out += fmt::format("<p style=\"font-size:12px;color:#888;\">newswatch &middot; rule {}{} &middot; story {} &middot; event {}</p>\n",
                     html_escape(a.rule_id), a.tags.empty() ? "" : " (" + html_escape(a.tags) + ")",
                     html_escape(a.story_id), html_escape(event_id));
  return out + "</body></html>\n";
}

}  // namespace

std::string message_id_part(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_') out += static_cast<char>(c);
    else out += fmt::format("={:02X}", c);
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

EmailContent email_content(std::string_view event_id, const std::string& payload_json) {
  auto payload = json::parse(payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) payload = json::object();
  EmailContent content;
  const auto type = text_member(payload, "type");
  if (type == "digest") {
    const auto& digest = object_member(payload, "digest");
    content.subject = text_member(digest, "subject");
    if (content.subject.empty()) content.subject = "[newswatch] digest";
    content.text = text_member(digest, "text");
    content.html = text_member(digest, "html");
    content.id_local = "digest." + message_id_part(event_id);
    return content;
  }
  const auto alert = alert_of(payload);
  content.subject = subject_of(alert, object_member(payload, "story"));
  content.text = render_text(alert, event_id);
  content.html = render_html(alert, content.subject, event_id);
  if (alert.update) {
    content.id_local = "update." + message_id_part(event_id);
    if (!alert.story_id.empty()) content.parent_local = "story." + message_id_part(alert.story_id);
  } else if (type == "alert" && !alert.story_id.empty()) {
    content.id_local = "story." + message_id_part(alert.story_id);
  } else {
    content.id_local = "event." + message_id_part(event_id);
  }
  return content;
}

}  // namespace newswatch::daemon
