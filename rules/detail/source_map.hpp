// SPDX-License-Identifier: MIT
#pragma once
// Positions in rule files. yaml-cpp marks are 0-based and count bytes; diagnostics want
// 1-based lines and code-point columns. Offsets inside a scalar's value (a query) are mapped
// back to the file by re-scanning the raw text from the node's mark, which is exact for plain,
// single-quoted, double-quoted and block (| and >) scalars whatever their folding or escapes.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch::rules::detail {

struct FilePosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, code points
  std::string source_line;
};

// `pos` is a byte offset into `file`.
FilePosition locate(std::string_view file, std::size_t pos);

// The byte offset in `file` of byte `offset` of `value`, the scalar whose mark is `node_pos`.
// `offset == value.size()` maps just past the value's last character.
std::size_t map_scalar_offset(std::string_view file, std::size_t node_pos, std::string_view value,
                              std::size_t offset);

}  // namespace newswatch::rules::detail
