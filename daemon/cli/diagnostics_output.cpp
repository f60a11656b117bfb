// SPDX-License-Identifier: MIT
#include "daemon/cli/diagnostics_output.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace newswatch::daemon::cli {

void print_diagnostics(const rules::Diagnostics& diagnostics, bool with_warnings) {
  std::size_t warnings = 0;
  for (const auto& d : diagnostics.items) {
    const bool error = d.level == rules::Diagnostic::Level::error;
    if (!error) {
      ++warnings;
      if (!with_warnings) continue;
    }
    fmt::print(stderr, "{}\n", d.format());
  }
  const auto errors = diagnostics.error_count();
  if (errors > 0 || (with_warnings && warnings > 0))
    fmt::print(stderr, "{} error(s), {} warning(s)\n", errors, warnings);
}

}  // namespace newswatch::daemon::cli
