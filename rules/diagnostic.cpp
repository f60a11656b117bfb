// SPDX-License-Identifier: MIT
#include "rules/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace newswatch::rules {

std::string Diagnostic::headline() const {
  std::string out = path;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += level == Level::error ? ": error: " : ": warning: ";
  out += message;
  return out;
}

std::string Diagnostic::format() const {
  std::string out = headline();
  if (!source_line.empty() && column > 0) {
    out += '\n';
    out += source_line;
    out += '\n';
    // Walk column-1 code points of the source line so tabs stay tabs and the caret lines up
    // in a terminal for everything but double-width characters.
    int seen = 0;
    for (std::size_t i = 0; i < source_line.size() && seen < column - 1; ++i) {
      const auto c = static_cast<unsigned char>(source_line[i]);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
      ++seen;
    }
    for (; seen < column - 1; ++seen) out += ' ';
    out += '^';
  }
  if (!context.empty()) {
    out += "\nin ";
    out += context;
  }
  return out;
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [](const Diagnostic& d) {
    return d.level == Diagnostic::Level::error;
  }));
}

void Diagnostics::sort() {
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
}

}  // namespace newswatch::rules
