// SPDX-License-Identifier: MIT
#pragma once
// Stage 1 of loading: YAML text → specs with positions. Problems become diagnostics; reading
// goes on past them so that every problem of the file is reported.

#include "rules/detail/specs.hpp"
#include "rules/diagnostic.hpp"
#include "rules/loader.hpp"

namespace newswatch::rules::detail {

// A diagnostic at byte `pos` of `source` (line, code-point column, source line filled in).
Diagnostic diagnostic_at(const SourceFile& source, std::size_t pos, Diagnostic::Level level,
                         std::string message, std::string context = {});

void read_rule_file(const SourceFile& source, std::size_t file_index, Specs& specs, Diagnostics& diagnostics);

}  // namespace newswatch::rules::detail
