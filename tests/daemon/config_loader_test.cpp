// SPDX-License-Identifier: MIT
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kFull = R"(state_dir: /srv/newswatch/state
http: { listen: "127.0.0.1:9555" }
log_level: debug
max_item_age: 36h
feeds:
  - { url: "https://harbour.example/rss.xml", name: "Harbour Daily", interval: 2m }
  - url: "https://valley.example/atom"
rules: [ rules, /etc/newswatch/extra-rules ]
receivers:
  - { name: ops-hook, type: webhook, url: "https://hooks.example/nw", secret_file: secrets/ops.key, timeout: 3s }
  - { name: jsonl, type: file, path: out/alerts.jsonl }
  - { name: tty, type: console }
routes:
  - match: { severity: [high, critical], tags: [ports], rules: [crane-strike] }
    receivers: [ops-hook, tty]
  - { receivers: jsonl, mode: immediate }
)";

TEST(ConfigLoaderTest, FullConfigValues) {
  const auto load = parse_config(kFull, "/etc/newswatch/newswatch.yaml");
  ASSERT_TRUE(load.errors.empty()) << load.errors.front();
  EXPECT_TRUE(load.warnings.empty()) << load.warnings.front();
  ASSERT_TRUE(load.config.has_value());
  const auto& c = *load.config;
  EXPECT_EQ(c.source, "/etc/newswatch/newswatch.yaml");
  EXPECT_EQ(c.state_dir, "/srv/newswatch/state");
  EXPECT_EQ(c.http_listen, "127.0.0.1:9555");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.max_item_age, 36h);

  ASSERT_EQ(c.feeds.size(), 2u);
  EXPECT_EQ(c.feeds[0].url, "https://harbour.example/rss.xml");
  EXPECT_EQ(c.feeds[0].name, "Harbour Daily");
  EXPECT_EQ(c.feeds[0].interval, 2min);
  EXPECT_EQ(c.feeds[1].url, "https://valley.example/atom");
  EXPECT_EQ(c.feeds[1].name, "https://valley.example/atom");  // defaults to the URL
  EXPECT_EQ(c.feeds[1].interval, 5min);

  EXPECT_THAT(c.rules, ElementsAre(std::filesystem::path("/etc/newswatch/rules"),
                                   std::filesystem::path("/etc/newswatch/extra-rules")));

  ASSERT_EQ(c.receivers.size(), 3u);
  EXPECT_EQ(c.receivers[0].name, "ops-hook");
  EXPECT_EQ(c.receivers[0].type, "webhook");
  EXPECT_EQ(c.receivers[0].url, "https://hooks.example/nw");
  EXPECT_EQ(c.receivers[0].format, "json");
  EXPECT_EQ(c.receivers[0].secret_file, "/etc/newswatch/secrets/ops.key");
  EXPECT_EQ(c.receivers[0].timeout, 3s);
  EXPECT_EQ(c.receivers[1].name, "jsonl");
  EXPECT_EQ(c.receivers[1].type, "file");
  EXPECT_EQ(c.receivers[1].path, "/etc/newswatch/out/alerts.jsonl");
  EXPECT_EQ(c.receivers[1].timeout, 10s);
  EXPECT_EQ(c.receivers[2].name, "tty");
  EXPECT_EQ(c.receivers[2].type, "console");

  ASSERT_EQ(c.routes.size(), 2u);
  EXPECT_THAT(c.routes[0].severities, ElementsAre(rules::Severity::high, rules::Severity::critical));
  EXPECT_THAT(c.routes[0].tags, ElementsAre("ports"));
  EXPECT_THAT(c.routes[0].rule_ids, ElementsAre("crane-strike"));
  EXPECT_THAT(c.routes[0].receivers, ElementsAre("ops-hook", "tty"));
  EXPECT_EQ(c.routes[0].mode, "immediate");
  EXPECT_TRUE(c.routes[1].severities.empty());
  EXPECT_TRUE(c.routes[1].tags.empty());
  EXPECT_TRUE(c.routes[1].rule_ids.empty());
  EXPECT_THAT(c.routes[1].receivers, ElementsAre("jsonl"));
}

TEST(ConfigLoaderTest, DefaultsForAMinimalConfig) {
  const auto load = parse_config("rules: [r]\nfeeds:\n  - url: https://a.example/f\n", "conf/nw.yaml");
  ASSERT_TRUE(load.errors.empty()) << load.errors.front();
  ASSERT_TRUE(load.config.has_value());
  EXPECT_EQ(load.config->state_dir, "/var/lib/newswatch");
  EXPECT_EQ(load.config->http_listen, "127.0.0.1:9470");
  EXPECT_EQ(load.config->log_level, "info");
  EXPECT_EQ(load.config->max_item_age, 48h);
  EXPECT_THAT(load.config->rules, ElementsAre(std::filesystem::path("conf/r")));
  EXPECT_TRUE(load.config->receivers.empty());
  EXPECT_TRUE(load.config->routes.empty());
}

TEST(ConfigLoaderTest, BadDurationHasLineAndColumn) {
  const std::string text =
      "rules: [r]\n"
      "feeds:\n"
      "  - { url: \"https://a.example/f\", interval: soon }\n";
  const auto load = parse_config(text, "nw.yaml");
  EXPECT_FALSE(load.config.has_value());
  // "soon" starts at byte 44 of line 3 → column 45.
  EXPECT_THAT(load.errors,
              ElementsAre("nw.yaml:3:45: 'interval': 'soon' is not a duration (e.g. 30s, 5m, 1h, 2d)"));
}

TEST(ConfigLoaderTest, ColumnsCountCodePoints) {
  // 日本 is two code points but six bytes; the column must count code points.
  const std::string text =
      "rules: [r]\n"
      "feeds:\n"
      "  - { name: 日本, url: \"https://jp.example/f\", interval: 1w }\n";
  const auto load = parse_config(text, "nw.yaml");
  EXPECT_FALSE(load.config.has_value());
  // Code points before "1w": `  - { name: 日本, url: "https://jp.example/f", interval: ` = 55.
  EXPECT_THAT(load.errors,
              ElementsAre("nw.yaml:3:56: 'interval': '1w' is not a duration (e.g. 30s, 5m, 1h, 2d)"));
}

TEST(ConfigLoaderTest, UnknownKeyIsAWarning) {
  const std::string text =
      "rules: [r]\n"
      "colour: blue\n"
      "feeds:\n"
      "  - { url: \"https://a.example/f\", intervall: 5m }\n";
  const auto load = parse_config(text, "nw.yaml");
  EXPECT_TRUE(load.errors.empty());
  ASSERT_TRUE(load.config.has_value());
  EXPECT_THAT(load.warnings,
              ElementsAre("nw.yaml:2:1: warning: unknown key 'colour' in the configuration; ignored",
                          "nw.yaml:4:35: warning: unknown key 'intervall' in a feed; ignored"));
  EXPECT_EQ(load.config->feeds.at(0).interval, 5min);
}

TEST(ConfigLoaderTest, RouteToUnknownReceiverIsAnError) {
  const std::string text =
      "rules: [r]\n"
      "receivers:\n"
      "  - { name: tty, type: console }\n"
      "routes:\n"
      "  - { receivers: [tty, pager] }\n";
  const auto load = parse_config(text, "nw.yaml");
  EXPECT_FALSE(load.config.has_value());
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0], "nw.yaml:5:18: route names unknown receiver 'pager'");
}

TEST(ConfigLoaderTest, SyntaxErrorIsPositioned) {
  const auto load = parse_config("rules: [r]\nfeeds: [\n", "broken.yaml");
  EXPECT_FALSE(load.config.has_value());
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_THAT(load.errors[0], ::testing::MatchesRegex(R"(broken\.yaml:[0-9]+:[0-9]+: .+)"));
}

TEST(ConfigLoaderTest, OtherErrors) {
  auto load = parse_config("- just\n- a list\n", "nw.yaml");
  EXPECT_THAT(load.errors, ElementsAre(HasSubstr("must be a YAML mapping")));

  load = parse_config("feeds:\n  - url: https://a.example/f\n", "nw.yaml");
  EXPECT_THAT(load.errors, ElementsAre(HasSubstr("no 'rules' paths")));

  load = parse_config("rules: [r]\nfeeds:\n  - url: ftp://a.example/f\n", "nw.yaml");
  EXPECT_THAT(load.errors,
              ElementsAre("nw.yaml:3:10: feed url 'ftp://a.example/f' must start with http:// or https://"));

  load = parse_config("rules: [r]\nreceivers:\n  - { name: a, type: pigeon }\n", "nw.yaml");
  EXPECT_THAT(load.errors, ElementsAre(HasSubstr("nw.yaml:3:22: receiver type 'pigeon' is not known")));

  load = parse_config("rules: [r]\nreceivers:\n  - { name: a, type: console }\n  - { name: a, type: console }\n",
                      "nw.yaml");
  EXPECT_THAT(load.errors, ElementsAre("nw.yaml:4:13: receiver 'a' is defined twice"));

  load = parse_config("rules: [r]\nroutes:\n  - { match: { severity: urgent }, receivers: [] }\n", "nw.yaml");
  EXPECT_THAT(load.errors, ElementsAre(HasSubstr("severity 'urgent' is not one of")));
}

TEST(ConfigLoaderTest, NoFeedsIsAWarning) {
  const auto load = parse_config("rules: [r]\n", "nw.yaml");
  EXPECT_TRUE(load.errors.empty());
  EXPECT_THAT(load.warnings, ElementsAre(HasSubstr("no feeds are configured")));
}

TEST(ConfigLoaderTest, DigestRouteNeedsAValidSchedule) {
  const std::string head = "rules: [r]\nfeeds: [{ url: \"http://127.0.0.1/f.xml\" }]\nreceivers: [{ name: t, type: console }]\nroutes:\n";
  auto load = parse_config(head + "  - { receivers: [t], mode: digest }\n", "nw.yaml");
  EXPECT_THAT(load.errors, ::testing::Contains(HasSubstr("nw.yaml:5:5: a digest route needs a 'schedule'")));

  load = parse_config(head + "  - { receivers: [t], mode: digest, schedule: daily 25:00 UTC }\n", "nw.yaml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_THAT(load.errors[0], HasSubstr("nw.yaml:5:"));

  load = parse_config(head + "  - { receivers: [t], mode: immediate, schedule: hourly }\n", "nw.yaml");
  EXPECT_THAT(load.errors, ::testing::Contains(HasSubstr("'schedule' is for routes with mode: digest")));

  load = parse_config(head + "  - { receivers: [t], mode: digest, schedule: \"weekly mon 08:00 Asia/Tokyo\", title: Desk, send_empty: true }\n",
                      "nw.yaml");
  ASSERT_TRUE(load.config.has_value()) << ::testing::PrintToString(load.errors);
  const auto& route = load.config->routes.at(0);
  EXPECT_EQ(route.mode, "digest");
  EXPECT_EQ(route.schedule, "weekly mon 08:00 Asia/Tokyo");
  EXPECT_EQ(route.title, "Desk");
  EXPECT_TRUE(route.send_empty);
}

TEST(ConfigLoaderTest, StoriesAndOutboxSettings) {
  const std::string head = "rules: [r]\nfeeds: [{ url: \"http://127.0.0.1/f.xml\" }]\n";
  auto load = parse_config(head + "stories: { window: 24h, similarity: 0.3, update_at_sources: 0 }\n"
                                  "outbox: { first_retry: 1s, max_retry: 10s, max_age: 1h }\n", "nw.yaml");
  ASSERT_TRUE(load.config.has_value()) << ::testing::PrintToString(load.errors);
  EXPECT_EQ(load.config->stories.window, std::chrono::hours(24));
  EXPECT_DOUBLE_EQ(load.config->stories.similarity, 0.3);
  EXPECT_EQ(load.config->stories.update_at_sources, 0u);
  EXPECT_EQ(load.config->outbox.max_age, std::chrono::hours(1));
  load = parse_config(head + "stories: { similarity: 2, colour: red }\noutbox: { first_retry: 1m, max_retry: 5s }\n", "nw.yaml");
  EXPECT_THAT(load.errors, ::testing::Contains(HasSubstr("'similarity' must be a number above 0 and at most 1")));
  EXPECT_THAT(load.warnings, ::testing::Contains(HasSubstr("unknown key 'colour'")));
  EXPECT_THAT(load.errors, ::testing::Contains(HasSubstr("'max_retry' must not be shorter than 'first_retry'")));
}

TEST(ConfigLoaderTest, MissingFileIsAnError) {
  const auto load = load_config("/nonexistent/newswatch-test/none.yaml");
  EXPECT_FALSE(load.config.has_value());
  EXPECT_THAT(load.errors, ElementsAre("/nonexistent/newswatch-test/none.yaml: cannot read the configuration file"));
}

}  // namespace
}  // namespace newswatch::daemon
