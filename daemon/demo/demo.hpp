// SPDX-License-Identifier: MIT
#pragma once
// The pieces of `newswatch run --demo`: the embedded rule packs, the embedded sample feeds and a
// configuration that watches them and prints alerts on the console (and to alerts.jsonl).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/demo/demo_feed_server.hpp"
#include "rules/loader.hpp"

namespace newswatch::daemon {

// Every embedded file under config/rules/, in path order, as the loader reads files.
std::vector<rules::SourceFile> embedded_rule_sources();
// Every embedded sample feed under daemon/demo/feeds/, split for gradual publishing.
std::vector<DemoFeed> embedded_demo_feeds();
// `feed_urls` holds (name, url) pairs.
Config demo_config(const std::filesystem::path& state_dir,
                   const std::vector<std::pair<std::string, std::string>>& feed_urls);

}  // namespace newswatch::daemon
