// SPDX-License-Identifier: MIT
#include "daemon/demo/demo.hpp"

#include "daemon/demo/embedded_files.hpp"

namespace newswatch::daemon {

std::vector<rules::SourceFile> embedded_rule_sources() {
  std::vector<rules::SourceFile> out;
  for (const auto& file : embedded_files())
    if (file.path.starts_with("config/rules/")) out.push_back({std::string(file.path), std::string(file.data)});
  return out;
}

std::vector<DemoFeed> embedded_demo_feeds() {
  std::vector<DemoFeed> out;
  for (const auto& file : embedded_files()) {
    if (!file.path.starts_with("daemon/demo/feeds/") || !file.path.ends_with(".xml")) continue;
    out.push_back(split_demo_feed(std::filesystem::path(file.path).stem().string(), std::string(file.data)));
  }
  return out;
}

Config demo_config(const std::filesystem::path& state_dir,
                   const std::vector<std::pair<std::string, std::string>>& feed_urls) {
  Config config;
  config.source = "(demo)";
  config.state_dir = state_dir;
  config.http_listen = "127.0.0.1:0";
  // The sample items carry fixed dates in the past; the demo alerts on them all the same.
  config.max_item_age = std::chrono::milliseconds(0);
  // The sample feeds cover several events from two or three outlets: show the second outlet's
  // report as a story update (the default waits for five outlets).
  config.stories.update_at_sources = 2;
  for (const auto& [name, url] : feed_urls) config.feeds.push_back({url, name, std::chrono::seconds(5)});
  config.receivers.push_back({.name = "console", .type = "console"});
  config.receivers.push_back({.name = "log", .type = "file", .path = state_dir / "alerts.jsonl"});
  config.routes.push_back({.receivers = {"console", "log"}});
  return config;
}

}  // namespace newswatch::daemon
