// SPDX-License-Identifier: MIT
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/diagnostics_output.hpp"
#include "daemon/config/config.hpp"
#include "rules/loader.hpp"

namespace newswatch::daemon::cli {

int check_command(const Args& args) {
  std::vector<std::filesystem::path> rule_paths;
  std::string config_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_file = args[++i];
    else if (args[i].starts_with("--")) {
      fmt::print(stderr, "newswatch check: unknown option '{}'\nusage: newswatch check --config FILE | newswatch check RULES...\n", args[i]);
      return 2;
    } else rule_paths.emplace_back(args[i]);
  }
  if (config_file.empty() && rule_paths.empty()) {
    fmt::print(stderr, "usage: newswatch check --config FILE | newswatch check RULES...\n");
    return 2;
  }
  bool ok = true;
  if (!config_file.empty()) {
    const auto config = load_config(config_file);
    for (const auto& w : config.warnings) fmt::print(stderr, "{}\n", w);
    for (const auto& e : config.errors) fmt::print(stderr, "{}\n", e);
    if (!config.config) return 1;
    rule_paths.insert(rule_paths.end(), config.config->rules.begin(), config.config->rules.end());
  }
  const auto load = rules::load_rule_paths(rule_paths);
  print_diagnostics(load.diagnostics, true);
  ok = ok && load.rule_set != nullptr;
  if (!ok) return 1;
  fmt::print("ok: {} rule(s) loaded\n", load.rule_set->rules().size());
  return 0;
}

}  // namespace newswatch::daemon::cli
