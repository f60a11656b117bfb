// SPDX-License-Identifier: MIT
#pragma once
// Problems found while loading rule files, in GNU style so editors and CI link them:
//   path:line:col: error: message
//     <the source line>
//     <spaces>^
//   in rule 'id'
// Lines and columns are 1-based; columns count Unicode code points.

#include <string>
#include <vector>

namespace newswatch::rules {

struct Diagnostic {
  enum class Level { error, warning };
  Level level = Level::error;
  std::string path;
  int line = 0;    // 1-based; 0 when the problem concerns the whole file
  int column = 0;  // 1-based, in code points
  std::string message;
  std::string source_line;  // the offending line of the file, for the caret; may be empty
  std::string context;      // e.g. "rule 'jp-cn-summit'"; may be empty

  // "path:line:col: error: message" (one line).
  std::string headline() const;
  // headline, then the source line with a caret, then "in <context>", each on its own line.
  std::string format() const;
};

struct Diagnostics {
  std::vector<Diagnostic> items;

  bool has_errors() const;
  std::size_t error_count() const;
  // Sorted by path, line, column.
  void sort();
};

}  // namespace newswatch::rules
