// SPDX-License-Identifier: MIT
#include "daemon/cli/commands.hpp"

int main(int argc, char** argv) { return newswatch::daemon::cli::main_command(argc, argv); }
