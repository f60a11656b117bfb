// SPDX-License-Identifier: MIT
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "daemon/config/config.hpp"
#include "daemon/config/duration.hpp"
#include "daemon/digest/digest_schedule.hpp"
#include "daemon/digest/digest_templates.hpp"
#include "daemon/receivers/email_address.hpp"
#include "daemon/receivers/email_quiet_hours.hpp"
#include "daemon/receivers/webhook_format.hpp"
#include "feeds/opml.hpp"
#include "feeds/parse/dates.hpp"

namespace newswatch::daemon {
namespace {

// Collects messages with 1-based positions; yaml-cpp marks are 0-based and count bytes, while
// editors count code points, so columns are recounted over the source line.
class Reporter {
 public:
  Reporter(const std::string& text, std::string path) : path_(std::move(path)) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  void error(const YAML::Mark& mark, const std::string& message) {
    errors.push_back(format(mark, message));
  }
  void warning(const YAML::Mark& mark, const std::string& message) {
    warnings.push_back(format(mark, "warning: " + message));
  }

  std::vector<std::string> errors;
  std::vector<std::string> warnings;

 private:
  std::string format(const YAML::Mark& mark, const std::string& message) const {
    if (mark.line < 0) return fmt::format("{}: {}", path_, message);
    int column = mark.column + 1;
    if (static_cast<std::size_t>(mark.line) < lines_.size()) {
      const auto& line = lines_[static_cast<std::size_t>(mark.line)];
      column = 1;
      for (int i = 0; i < mark.column && static_cast<std::size_t>(i) < line.size(); ++i)
        if ((static_cast<unsigned char>(line[static_cast<std::size_t>(i)]) & 0xC0) != 0x80) ++column;
    }
    return fmt::format("{}:{}:{}: {}", path_, mark.line + 1, column, message);
  }

  std::string path_;
  std::vector<std::string> lines_;
};

std::optional<std::string> scalar(const YAML::Node& node, Reporter& report, const char* what) {
  if (!node.IsScalar()) {
    report.error(node.Mark(), fmt::format("'{}' must be a single value", what));
    return std::nullopt;
  }
  return node.Scalar();
}

std::vector<std::string> string_list(const YAML::Node& node, Reporter& report, const char* what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& element : node)
      if (auto value = scalar(element, report, what)) out.push_back(*value);
  } else {
    report.error(node.Mark(), fmt::format("'{}' must be a list", what));
  }
  return out;
}

void check_keys(const YAML::Node& map, const std::set<std::string>& known, Reporter& report,
                const char* where) {
  for (const auto& entry : map) {
    const auto key = entry.first.Scalar();
    if (!known.contains(key))
      report.warning(entry.first.Mark(), fmt::format("unknown key '{}' in {}; ignored", key, where));
  }
}

std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, Reporter& report,
                                                  const char* what) {
  auto text = scalar(node, report, what);
  if (!text) return std::nullopt;
  auto value = parse_duration(*text);
  if (!value)
    report.error(node.Mark(), fmt::format("'{}': '{}' is not a duration (e.g. 30s, 5m, 1h, 2d)",
                                          what, *text));
  return value;
}

// `- { opml: FILE, interval: 10m }`: every feed of an OPML export, named after its outline.
void read_opml(const YAML::Node& entry, Config& config, Reporter& report, const std::filesystem::path& base) {
  const auto file_name = scalar(entry["opml"], report, "opml");
  if (!file_name) return;
  std::filesystem::path path(*file_name);
  if (path.is_relative()) path = base / path;
  std::ifstream in(path, std::ios::binary);
  if (!in) return report.error(entry["opml"].Mark(), fmt::format("cannot read OPML file {}", path.string()));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const auto list = feeds::parse_opml(bytes.str());
  if (!list.error.empty()) return report.error(entry["opml"].Mark(), fmt::format("{}: {}", path.string(), list.error));
  for (const auto& warning : list.warnings) report.warning(entry["opml"].Mark(), fmt::format("{}: {}", path.string(), warning));
  std::chrono::milliseconds interval = FeedConfig{}.interval;
  if (entry["interval"]) interval = duration(entry["interval"], report, "interval").value_or(interval);
  for (const auto& feed : list.feeds) config.feeds.push_back({feed.url, feed.title, interval});
  if (list.feeds.empty()) report.warning(entry["opml"].Mark(), fmt::format("{} lists no feeds", path.string()));
}

void read_feeds(const YAML::Node& node, Config& config, Reporter& report, const std::filesystem::path& base) {
  if (!node.IsSequence()) return report.error(node.Mark(), "'feeds' must be a list");
  for (const auto& entry : node) {
    if (!entry.IsMap()) {
      report.error(entry.Mark(), "a feed must be a mapping like { url: ..., interval: 5m }");
      continue;
    }
    check_keys(entry, {"url", "name", "interval", "opml"}, report, "a feed");
    if (entry["opml"]) {
      read_opml(entry, config, report, base);
      continue;
    }
    FeedConfig feed;
    if (!entry["url"]) {
      report.error(entry.Mark(), "a feed needs a 'url'");
      continue;
    }
    feed.url = scalar(entry["url"], report, "url").value_or("");
    if (!feed.url.starts_with("http://") && !feed.url.starts_with("https://"))
      report.error(entry["url"].Mark(), fmt::format("feed url '{}' must start with http:// or https://", feed.url));
    feed.name = entry["name"] ? scalar(entry["name"], report, "name").value_or("") : feed.url;
    if (entry["interval"]) {
      if (auto interval = duration(entry["interval"], report, "interval")) {
        if (*interval < std::chrono::milliseconds(200))
          report.error(entry["interval"].Mark(), "a feed's interval must be at least 200ms");
        feed.interval = *interval;
      }
    }
    config.feeds.push_back(std::move(feed));
  }
}

// `quiet_hours: { from: "22:00", to: "07:00", zone: "Asia/Tokyo" }` of an email receiver.
void read_quiet_hours(const YAML::Node& node, EmailConfig& email, Reporter& report) {
  if (!node.IsMap())
    return report.error(node.Mark(), "'quiet_hours' must be a mapping like { from: \"22:00\", to: \"07:00\", zone: \"Asia/Tokyo\" }");
  check_keys(node, {"from", "to", "zone"}, report, "quiet_hours");
  QuietHoursConfig quiet;
  bool ok = true;
  for (const char* key : {"from", "to"}) {
    if (!node[key]) {
      report.error(node.Mark(), fmt::format("'quiet_hours' needs '{}' (a local time like \"22:00\")", key));
      ok = false;
      continue;
    }
    const auto text = scalar(node[key], report, key);
    const auto minute = text ? parse_clock_time(*text) : std::nullopt;
    if (!minute) {
      if (text) report.error(node[key].Mark(), fmt::format("quiet_hours '{}': '{}' is not a time like \"22:00\"", key, *text));
      ok = false;
      continue;
    }
    (std::string_view(key) == "from" ? quiet.from_minute : quiet.to_minute) = *minute;
  }
  if (!node["zone"]) {
    report.error(node.Mark(), "'quiet_hours' needs 'zone' (an IANA time zone like \"Asia/Tokyo\")");
    ok = false;
  } else {
    quiet.zone = scalar(node["zone"], report, "zone").value_or("");
    if (!is_known_time_zone(quiet.zone)) {
      report.error(node["zone"].Mark(), fmt::format("quiet_hours zone '{}' is not an IANA time zone like \"Asia/Tokyo\"", quiet.zone));
      ok = false;
    }
  }
  if (ok && quiet.from_minute == quiet.to_minute) {
    report.error(node["to"].Mark(), "quiet_hours 'from' and 'to' are the same time");
    ok = false;
  }
  if (ok) email.quiet_hours = quiet;
}

// type: email. Addresses and the server URL are checked here, so delivery never meets bad ones.
void read_email(const YAML::Node& entry, ReceiverConfig& receiver, Reporter& report,
                const std::function<std::filesystem::path(const std::string&)>& resolve) {
  auto& email = receiver.email;
  const auto require = [&](const char* key) {
    if (entry[key]) return true;
    report.error(entry.Mark(), fmt::format("email receiver '{}' needs '{}'", receiver.name, key));
    return false;
  };
  const auto check_mailbox = [&](const YAML::Node& node, const std::string& text) {
    if (!parse_mailbox(text))
      report.error(node.Mark(), fmt::format("'{}' is not a mail address like alerts@example.org or "
                                            "\"Desk <alerts@example.org>\"", text));
  };
  std::optional<SmtpServer> server;
  if (require("smtp")) {
    email.smtp_url = scalar(entry["smtp"], report, "smtp").value_or("");
    std::string why;
    server = parse_smtp_url(email.smtp_url, why);
    if (!server) report.error(entry["smtp"].Mark(), fmt::format("smtp URL '{}' {}", email.smtp_url, why));
  }
  if (require("from")) {
    if (auto from = scalar(entry["from"], report, "from")) {
      email.from = *from;
      check_mailbox(entry["from"], email.from);
    }
  }
  if (require("to")) {
    email.to = string_list(entry["to"], report, "to");
    for (std::size_t i = 0; i < email.to.size(); ++i)
      check_mailbox(entry["to"].IsSequence() ? entry["to"][i] : entry["to"], email.to[i]);
    if (email.to.empty() && entry["to"].IsSequence()) report.error(entry["to"].Mark(), "'to' names no recipient");
  }
  if (const auto& starttls = entry["starttls"]) {
    if (!starttls.IsScalar() || !YAML::convert<bool>::decode(starttls, email.starttls)) {
      report.error(starttls.Mark(), "'starttls' must be true or false");
    } else if (!email.starttls && server) {
      // Plain SMTP sends the alert and the password readable to anyone on the path; on loopback
      // there is no path (a local relay, a test server).
      if (server->implicit_tls)
        report.warning(starttls.Mark(), "'starttls: false' has no effect with smtps://, which is always TLS");
      else if (!server->loopback)
        report.error(starttls.Mark(), fmt::format("'starttls: false' would send mail and password in clear text to "
                                                  "'{}'; it is allowed only for a loopback relay (localhost, "
                                                  "127.0.0.1, ::1)", server->host));
      else
        report.warning(starttls.Mark(), fmt::format("'starttls: false': mail to {} is not encrypted", server->host));
    }
  }
  if (entry["username"]) email.username = scalar(entry["username"], report, "username").value_or("");
  if (entry["password_file"])
    email.password_file = resolve(scalar(entry["password_file"], report, "password_file").value_or(""));
  if (!email.username.empty() && email.password_file.empty())
    report.error(entry["username"].Mark(), "'username' needs a 'password_file'");
  if (email.username.empty() && !email.password_file.empty())
    report.error(entry["password_file"].Mark(), "'password_file' needs a 'username'");
  if (entry["ca_file"]) email.ca_file = resolve(scalar(entry["ca_file"], report, "ca_file").value_or(""));
  if (entry["quiet_hours"]) read_quiet_hours(entry["quiet_hours"], email, report);
}

void read_receivers(const YAML::Node& node, Config& config, Reporter& report,
                    const std::filesystem::path& base) {
  if (!node.IsSequence()) return report.error(node.Mark(), "'receivers' must be a list");
  std::set<std::string> names;
  for (const auto& entry : node) {
    if (!entry.IsMap()) {
      report.error(entry.Mark(), "a receiver must be a mapping with 'name' and 'type'");
      continue;
    }
    check_keys(entry, {"name", "type", "url", "format", "secret_file", "path", "timeout", "group_wait", "repeat_interval", "smtp",
                       "from", "to", "starttls", "username", "password_file", "ca_file", "quiet_hours"},
               report, "a receiver");
    ReceiverConfig receiver;
    if (!entry["name"] || !entry["type"]) {
      report.error(entry.Mark(), "a receiver needs a 'name' and a 'type'");
      continue;
    }
    receiver.name = scalar(entry["name"], report, "name").value_or("");
    receiver.type = scalar(entry["type"], report, "type").value_or("");
    if (!names.insert(receiver.name).second)
      report.error(entry["name"].Mark(), fmt::format("receiver '{}' is defined twice", receiver.name));
    if (entry["timeout"])
      receiver.timeout = duration(entry["timeout"], report, "timeout").value_or(receiver.timeout);
    if (entry["group_wait"])
      receiver.group_wait = duration(entry["group_wait"], report, "group_wait").value_or(receiver.group_wait);
    if (entry["repeat_interval"])
      receiver.repeat_interval =
          duration(entry["repeat_interval"], report, "repeat_interval").value_or(receiver.repeat_interval);
    auto resolve = [&](const std::string& p) {
      std::filesystem::path path(p);
      return path.is_relative() ? base / path : path;
    };
    if (receiver.type == "webhook") {
      if (!entry["url"]) {
        report.error(entry.Mark(), fmt::format("webhook '{}' needs a 'url'", receiver.name));
        continue;
      }
      receiver.url = scalar(entry["url"], report, "url").value_or("");
      if (!receiver.url.starts_with("http://") && !receiver.url.starts_with("https://"))
        report.error(entry["url"].Mark(), "a webhook url must start with http:// or https://");
      if (entry["format"]) {
        receiver.format = scalar(entry["format"], report, "format").value_or("json");
        if (!is_webhook_format(receiver.format))
          report.error(entry["format"].Mark(),
                       fmt::format("webhook format '{}' is not known; use json, slack, mattermost, discord or teams",
                                   receiver.format));
      }
      if (entry["secret_file"])
        receiver.secret_file = resolve(scalar(entry["secret_file"], report, "secret_file").value_or(""));
    } else if (receiver.type == "file") {
      if (!entry["path"]) {
        report.error(entry.Mark(), fmt::format("file receiver '{}' needs a 'path'", receiver.name));
        continue;
      }
      receiver.path = resolve(scalar(entry["path"], report, "path").value_or(""));
    } else if (receiver.type == "console") {
      // Prints alerts on standard output; nothing to configure.
    } else if (receiver.type == "email") {
      read_email(entry, receiver, report, resolve);
    } else {
      report.error(entry["type"].Mark(),
                   fmt::format("receiver type '{}' is not known; use webhook, email, file or console", receiver.type));
      continue;
    }
    config.receivers.push_back(std::move(receiver));
  }
}

// schedule, title and send_empty: only digest routes have them, and a digest route needs a schedule.
void read_digest_route(const YAML::Node& entry, RouteConfig& route, Reporter& report) {
  if (route.mode != "digest") {
    for (const char* key : {"schedule", "title", "send_empty"})
      if (entry[key]) report.error(entry[key].Mark(), fmt::format("'{}' is for routes with mode: digest", key));
    return;
  }
  if (!entry["schedule"]) {
    report.error(entry.Mark(), "a digest route needs a 'schedule' (hourly, daily 08:00 Asia/Tokyo, weekly mon 08:00 UTC)");
    return;
  }
  route.schedule = scalar(entry["schedule"], report, "schedule").value_or("");
  if (auto parsed = DigestSchedule::parse(route.schedule); !parsed.schedule) {
    auto mark = entry["schedule"].Mark();
    mark.column += static_cast<int>(parsed.error_offset) +
                   (entry["schedule"].Tag() == "!" ? 1 : 0);  // a quoted scalar starts after its quote
    report.error(mark, parsed.error);
  }
  if (entry["title"]) route.title = scalar(entry["title"], report, "title").value_or("");
  if (const auto& send_empty = entry["send_empty"]) {
    bool value = false;
    if (!send_empty.IsScalar() || !YAML::convert<bool>::decode(send_empty, value))
      report.error(send_empty.Mark(), "'send_empty' must be true or false");
    route.send_empty = value;
  }
}

void read_routes(const YAML::Node& node, Config& config, Reporter& report) {
  if (!node.IsSequence()) return report.error(node.Mark(), "'routes' must be a list");
  for (const auto& entry : node) {
    if (!entry.IsMap()) {
      report.error(entry.Mark(), "a route must be a mapping with 'receivers'");
      continue;
    }
    check_keys(entry, {"match", "receivers", "mode", "schedule", "title", "send_empty"}, report, "a route");
    RouteConfig route;
    if (const auto& match = entry["match"]) {
      if (!match.IsMap()) {
        report.error(match.Mark(), "'match' must be a mapping (severity, tags, rules)");
      } else {
        check_keys(match, {"severity", "tags", "rules", "feeds"}, report, "a route's match");
        if (match["severity"]) {
          for (const auto& name : string_list(match["severity"], report, "severity")) {
            if (auto severity = rules::parse_severity(name)) route.severities.push_back(*severity);
            else report.error(match["severity"].Mark(),
                              fmt::format("severity '{}' is not one of info, low, medium, high, critical", name));
          }
        }
        if (match["tags"]) route.tags = string_list(match["tags"], report, "tags");
        if (match["rules"]) route.rule_ids = string_list(match["rules"], report, "rules");
        if (match["feeds"]) route.feeds = string_list(match["feeds"], report, "feeds");
      }
    }
    if (!entry["receivers"]) {
      report.error(entry.Mark(), "a route needs 'receivers'");
      continue;
    }
    route.receivers = string_list(entry["receivers"], report, "receivers");
    for (const auto& name : route.receivers) {
      bool known = false;
      for (const auto& receiver : config.receivers) known = known || receiver.name == name;
      if (!known) report.error(entry["receivers"].Mark(), fmt::format("route names unknown receiver '{}'", name));
    }
    if (entry["mode"]) {
      route.mode = scalar(entry["mode"], report, "mode").value_or("immediate");
      if (route.mode != "immediate" && route.mode != "digest")
        report.error(entry["mode"].Mark(), fmt::format("route mode '{}' is not immediate or digest", route.mode));
    }
    read_digest_route(entry, route, report);
    config.routes.push_back(std::move(route));
  }
}

void read_silences(const YAML::Node& node, Config& config, Reporter& report) {
  if (!node.IsSequence()) return report.error(node.Mark(), "'silences' must be a list");
  for (const auto& entry : node) {
    if (!entry.IsMap()) {
      report.error(entry.Mark(), "a silence must be a mapping like { rules: [...], until: 2026-12-01T00:00:00Z }");
      continue;
    }
    check_keys(entry, {"rules", "tags", "feeds", "stories", "until", "comment"}, report, "a silence");
    SilenceConfig silence;
    if (entry["rules"]) silence.rule_ids = string_list(entry["rules"], report, "rules");
    if (entry["tags"]) silence.tags = string_list(entry["tags"], report, "tags");
    if (entry["feeds"]) silence.feeds = string_list(entry["feeds"], report, "feeds");
    if (entry["stories"]) silence.story_ids = string_list(entry["stories"], report, "stories");
    if (entry["comment"]) silence.comment = scalar(entry["comment"], report, "comment").value_or("");
    if (silence.rule_ids.empty() && silence.tags.empty() && silence.feeds.empty() && silence.story_ids.empty()) {
      report.error(entry.Mark(), "a silence needs 'rules', 'tags', 'feeds' or 'stories': it must not mute everything");
      continue;
    }
    // Time-boxed on purpose: a forgotten mute must not hide news for ever.
    if (!entry["until"]) {
      report.error(entry.Mark(), "a silence needs 'until' (an RFC 3339 time such as 2026-12-01T00:00:00Z)");
      continue;
    }
    const auto until = feeds::parse_iso8601_date(scalar(entry["until"], report, "until").value_or(""));
    if (!until) {
      report.error(entry["until"].Mark(), "'until' must be an RFC 3339 time such as 2026-12-01T00:00:00Z");
      continue;
    }
    silence.until = *until;
    config.silences.push_back(std::move(silence));
  }
}

void read_outbox(const YAML::Node& node, Config& config, Reporter& report) {
  if (!node.IsMap()) return report.error(node.Mark(), "'outbox' must be a mapping (first_retry, max_retry, max_age)");
  check_keys(node, {"first_retry", "max_retry", "max_age"}, report, "'outbox'");
  auto& outbox = config.outbox;
  for (auto [key, value] : {std::pair{"first_retry", &outbox.first_retry}, {"max_retry", &outbox.max_retry},
                            {"max_age", &outbox.max_age}}) {
    if (!node[key]) continue;
    *value = duration(node[key], report, key).value_or(*value);
    if (*value < std::chrono::seconds(1)) report.error(node[key].Mark(), fmt::format("'{}' must be at least 1s", key));
  }
  if (outbox.max_retry < outbox.first_retry)
    report.error(node.Mark(), "'max_retry' must not be shorter than 'first_retry'");
}

void read_stories(const YAML::Node& node, Config& config, Reporter& report) {
  if (!node.IsMap()) return report.error(node.Mark(), "'stories' must be a mapping (window, similarity, update_at_sources)");
  check_keys(node, {"window", "similarity", "update_at_sources"}, report, "'stories'");
  auto& stories = config.stories;
  if (node["window"]) stories.window = duration(node["window"], report, "window").value_or(stories.window);
  if (const auto& similarity = node["similarity"]) {
    double value = -1;
    if (!similarity.IsScalar() || !YAML::convert<double>::decode(similarity, value) || value <= 0 || value > 1)
      report.error(similarity.Mark(), "'similarity' must be a number above 0 and at most 1 (default 0.2)");
    else
      stories.similarity = value;
  }
  if (const auto& sources = node["update_at_sources"]) {
    int value = -1;
    if (!sources.IsScalar() || !YAML::convert<int>::decode(sources, value) || value < 0)
      report.error(sources.Mark(), "'update_at_sources' must be a whole number, 0 for never");
    else
      stories.update_at_sources = static_cast<std::size_t>(value);
  }
}

}  // namespace

ConfigLoad parse_config(const std::string& text, const std::filesystem::path& shown_path) {
  ConfigLoad result;
  Reporter report(text, shown_path.string());
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    report.error(e.mark, e.msg);
    result.errors = std::move(report.errors);
    return result;
  }
  if (!root.IsMap()) {
    report.error(root.Mark(), "the configuration must be a YAML mapping");
    result.errors = std::move(report.errors);
    return result;
  }
  const auto base = shown_path.has_parent_path() ? shown_path.parent_path() : std::filesystem::path(".");
  Config config;
  config.source = shown_path;
  try {
    check_keys(root, {"state_dir", "http", "log_level", "max_item_age", "feeds", "rules",
                      "receivers", "routes", "silences", "stories", "templates", "outbox"},
               report, "the configuration");
    if (root["state_dir"]) {
      std::filesystem::path dir(scalar(root["state_dir"], report, "state_dir").value_or(""));
      config.state_dir = dir.is_relative() ? base / dir : dir;
    }
    if (const auto& http = root["http"]) {
      if (http.IsMap() && http["listen"]) config.http_listen = scalar(http["listen"], report, "listen").value_or("");
      else if (!http.IsNull()) report.error(http.Mark(), "'http' must be a mapping like { listen: \"127.0.0.1:9470\" }");
    }
    if (root["log_level"]) config.log_level = scalar(root["log_level"], report, "log_level").value_or("info");
    if (root["max_item_age"])
      config.max_item_age = duration(root["max_item_age"], report, "max_item_age").value_or(config.max_item_age);
    if (root["feeds"]) read_feeds(root["feeds"], config, report, base);
    if (root["rules"]) {
      for (const auto& p : string_list(root["rules"], report, "rules")) {
        std::filesystem::path path(p);
        config.rules.push_back(path.is_relative() ? base / path : path);
      }
    }
    if (root["receivers"]) read_receivers(root["receivers"], config, report, base);
    if (root["routes"]) read_routes(root["routes"], config, report);
    if (root["silences"]) read_silences(root["silences"], config, report);
    if (root["stories"]) read_stories(root["stories"], config, report);
    if (root["outbox"]) read_outbox(root["outbox"], config, report);
    if (root["templates"]) {
      std::filesystem::path dir(scalar(root["templates"], report, "templates").value_or(""));
      config.templates = dir.is_relative() ? base / dir : dir;
      // Template files have no line numbers to give; their own path leads each message.
      for (const auto& problem : load_digest_templates(config.templates).errors)
        report.error(root["templates"].Mark(), problem);
    }
  } catch (const YAML::Exception& e) {
    report.error(e.mark, e.msg);
  }
  if (config.feeds.empty() && report.errors.empty())
    report.warning(root.Mark(), "no feeds are configured; nothing will be polled");
  if (config.rules.empty() && report.errors.empty())
    report.error(root.Mark(), "no 'rules' paths are configured");
  result.errors = std::move(report.errors);
  result.warnings = std::move(report.warnings);
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

ConfigLoad load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    ConfigLoad result;
    result.errors.push_back(fmt::format("{}: cannot read the configuration file", file.string()));
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), file);
}

}  // namespace newswatch::daemon
