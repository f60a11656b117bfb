// SPDX-License-Identifier: MIT
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/diagnostics_output.hpp"
#include "rules/loader.hpp"
#include "rules/rule_tests.hpp"

namespace newswatch::daemon::cli {

int test_command(const Args& args) {
  std::vector<std::filesystem::path> paths(args.begin(), args.end());
  if (paths.empty()) {
    fmt::print(stderr, "usage: newswatch test RULES...\n");
    return 2;
  }
  const auto load = rules::load_rule_paths(paths);
  if (!load.rule_set) {
    print_diagnostics(load.diagnostics, false);
    // The rules did not load, so no case could run: each load error counts as a failure.
    fmt::print("0 passed, {} failed\n", load.diagnostics.error_count());
    return 1;
  }
  const auto report = rules::run_rule_tests(load);
  for (const auto& failure : report.failures) fmt::print("FAIL {}\n", failure);
  fmt::print("{} passed, {} failed\n", report.passed, report.failed);
  return report.failed == 0 ? 0 : 1;
}

}  // namespace newswatch::daemon::cli
