// SPDX-License-Identifier: MIT
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/diagnostics_output.hpp"
#include "daemon/config/config.hpp"
#include "daemon/demo/demo.hpp"
#include "daemon/service/service.hpp"

namespace newswatch::daemon::cli {
namespace {

constexpr const char* kUsage = "usage: newswatch run --config FILE | newswatch run --demo [--state-dir DIR]\n";

// Logs go to stderr (journald keeps them under systemd); stdout is for the console receiver.
void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("newswatch");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

int run_service(Config config, std::shared_ptr<const rules::RuleSet> rules, ServiceHooks hooks,
                boost::asio::io_context& io) {
  Service service(io, std::move(config), std::move(rules), std::move(hooks));
  try {
    service.start();
  } catch (const std::exception& e) {
    spdlog::error("cannot start: {}", e.what());
    return 1;
  }
  io.run();
  return 0;
}

int run_config(const std::string& file) {
  const auto load = load_config(file);
  for (const auto& w : load.warnings) fmt::print(stderr, "{}\n", w);
  for (const auto& e : load.errors) fmt::print(stderr, "{}\n", e);
  if (!load.config) return 1;
  setup_logging(load.config->log_level);
  auto rules = rules::load_rule_paths(load.config->rules);
  if (!rules.rule_set) {
    print_diagnostics(rules.diagnostics, false);
    return 1;
  }
  boost::asio::io_context io;
  return run_service(*load.config, rules.rule_set, {}, io);
}

int run_demo(std::optional<std::filesystem::path> state_dir) {
  setup_logging("info");
  if (!state_dir) {
    // A fresh state per run, so every run shows the whole demo again.
    std::string dir = (std::filesystem::temp_directory_path() / "newswatch-demo-XXXXXX").string();
    if (!mkdtemp(dir.data())) {
      fmt::print(stderr, "newswatch run --demo: cannot create a state directory in {}\n",
                 std::filesystem::temp_directory_path().string());
      return 1;
    }
    state_dir = dir;
  }
  auto rules = rules::load_rule_sources(embedded_rule_sources());
  if (!rules.rule_set) {
    print_diagnostics(rules.diagnostics, false);
    return 1;
  }
  boost::asio::io_context io;
  DemoFeedServer feeds(io, embedded_demo_feeds(), std::chrono::seconds(15));
  feeds.start();
  auto config = demo_config(*state_dir, feeds.feed_urls());
  fmt::print("newswatch demo: {} sample feed(s) served on 127.0.0.1, {} rule(s) from config/rules.\n"
             "New items appear every 15 s; alerts print below and go to {}.\nStop with Ctrl-C.\n\n",
             config.feeds.size(), rules.rule_set->rules().size(), (*state_dir / "alerts.jsonl").string());
  std::fflush(stdout);
  ServiceHooks hooks;
  hooks.load_rules = [] { return rules::load_rule_sources(embedded_rule_sources()); };
  hooks.on_stop = [&feeds] { feeds.stop(); };
  return run_service(std::move(config), rules.rule_set, std::move(hooks), io);
}

}  // namespace

int run_command(const Args& args) {
  std::string config_file;
  bool demo = false;
  std::optional<std::filesystem::path> state_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_file = args[++i];
    else if (args[i] == "--demo") demo = true;
    else if (args[i] == "--state-dir" && i + 1 < args.size()) state_dir = args[++i];
    else {
      fmt::print(stderr, "newswatch run: unexpected argument '{}'\n{}", args[i], kUsage);
      return 2;
    }
  }
  if (demo == !config_file.empty()) {
    fmt::print(stderr, "{}", kUsage);
    return 2;
  }
  return demo ? run_demo(state_dir) : run_config(config_file);
}

}  // namespace newswatch::daemon::cli
