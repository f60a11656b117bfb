// SPDX-License-Identifier: MIT
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"

namespace newswatch::daemon::cli {
namespace {

constexpr const char* kUsage = R"(usage: newswatch COMMAND [ARGS]

  run --config FILE          run the daemon
  run --demo [--state-dir D] run on the embedded demo feeds and rules; alerts print here
  parse FILE [--base-url URL] [--content-type "type; charset=X"]
                             print a feed file as JSON
  match --rules PATH... FILE... [--explain]
                             print one JSON line per (item, rule) match
  check --config FILE | check RULES...
                             validate a configuration or rule files
  test RULES...              run the tests: embedded in rule files
  import-opml FILE           print an OPML export's feeds as config entries
  digest --config FILE --preview [--html FILE] | digest --demo --preview [--html FILE]
                             render the next digest so far, without sending it
  --version                  print the version
)";

}  // namespace

int main_command(int argc, char** argv) {
  const Args all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    fmt::print(all.empty() ? stderr : stdout, "{}", kUsage);
    return all.empty() ? 2 : 0;
  }
  if (all[0] == "--version" || all[0] == "version") {
    fmt::print("newswatch {}\n", NEWSWATCH_VERSION);
    return 0;
  }
  const Args args(all.begin() + 1, all.end());
  const auto& command = all[0];
  // Library exceptions are caught where they happen; this is the last line of defence for
  // startup failures (one line on stderr, exit 1).
  try {
    if (command == "parse") return parse_command(args);
    if (command == "match") return match_command(args);
    if (command == "check") return check_command(args);
    if (command == "test") return test_command(args);
    if (command == "run") return run_command(args);
    if (command == "import-opml") return import_opml_command(args);
    if (command == "digest") return digest_command(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "newswatch {}: {}\n", command, e.what());
    return 1;
  }
  fmt::print(stderr, "newswatch: unknown command '{}'\n{}", command, kUsage);
  return 2;
}

}  // namespace newswatch::daemon::cli
