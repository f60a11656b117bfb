// SPDX-License-Identifier: MIT
#pragma once
// The subcommands of `newswatch` (DESIGN.md "CLI contract"). Each takes the arguments after its
// name and returns the process exit code; output goes to stdout, problems to stderr.

#include <string>
#include <vector>

namespace newswatch::daemon::cli {

using Args = std::vector<std::string>;

int parse_command(const Args& args);  // newswatch parse FILE [--base-url URL] [--content-type CT]
int match_command(const Args& args);  // newswatch match --rules PATH... FILE... [--explain]
int check_command(const Args& args);  // newswatch check --config FILE | check RULES...
int test_command(const Args& args);   // newswatch test RULES...
int run_command(const Args& args);    // newswatch run --config FILE | run --demo [--state-dir DIR]
int import_opml_command(const Args& args);  // newswatch import-opml FILE
int digest_command(const Args& args);  // newswatch digest --config FILE --preview | digest --demo --preview

// Entry point: dispatches argv[1] to a subcommand; --version and --help.
int main_command(int argc, char** argv);

}  // namespace newswatch::daemon::cli
