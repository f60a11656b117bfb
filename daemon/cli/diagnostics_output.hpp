// SPDX-License-Identifier: MIT
#pragma once
// Prints rule-loading diagnostics on stderr in GNU style (each with its caret line), errors and,
// if asked, warnings, and ends with a count line when there was anything to say.

#include "rules/diagnostic.hpp"

namespace newswatch::daemon::cli {

void print_diagnostics(const rules::Diagnostics& diagnostics, bool with_warnings);

}  // namespace newswatch::daemon::cli
