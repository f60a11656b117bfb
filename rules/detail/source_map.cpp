// SPDX-License-Identifier: MIT
#include "rules/detail/source_map.hpp"

#include <algorithm>
#include <string>

namespace newswatch::rules::detail {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the double-quoted escape at file[j] == '\\'; returns its length in the file and the
// bytes it stands for.
std::size_t decode_escape(std::string_view file, std::size_t j, std::string& bytes) {
  bytes.clear();
  if (j + 1 >= file.size()) return 1;
  const char e = file[j + 1];
  auto hex = [&](std::size_t digits) -> std::size_t {
    unsigned long cp = 0;
    for (std::size_t k = 0; k < digits && j + 2 + k < file.size(); ++k) {
      const char h = file[j + 2 + k];
      cp = cp * 16 + static_cast<unsigned long>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    append_utf8(bytes, cp);
    return 2 + digits;
  };
  switch (e) {
    case 'x': return hex(2);
    case 'u': return hex(4);
    case 'U': return hex(8);
    case 'n': bytes = "\n"; break;
    case 't': case '\t': bytes = "\t"; break;
    case 'r': bytes = "\r"; break;
    case '0': bytes = std::string(1, '\0'); break;
    case 'a': bytes = "\a"; break;
    case 'b': bytes = "\b"; break;
    case 'e': bytes = "\x1b"; break;
    case 'f': bytes = "\f"; break;
    case 'v': bytes = "\v"; break;
    case 'N': bytes = "\u0085"; break;
    case '_': bytes = "\u00a0"; break;
    case 'L': bytes = "\u2028"; break;
    case 'P': bytes = "\u2029"; break;
    case '\n': break;  // an escaped line break joins the lines
    default: bytes = std::string(1, e); break;
  }
  return 2;
}

}  // namespace

FilePosition locate(std::string_view file, std::size_t pos) {
  pos = std::min(pos, file.size());
  FilePosition out;
  const auto line_start_npos = pos == 0 ? std::string_view::npos : file.rfind('\n', pos - 1);
  const std::size_t line_start = line_start_npos == std::string_view::npos ? 0 : line_start_npos + 1;
  out.line = 1 + static_cast<int>(std::count(file.begin(), file.begin() + static_cast<long>(line_start), '\n'));
  out.column = 1;
  std::size_t from = line_start;
  if (from == 0 && file.substr(0, 3) == "\xEF\xBB\xBF") from = std::min<std::size_t>(3, pos);  // a BOM is no column
  for (std::size_t i = from; i < pos; ++i) out.column += !continuation(file[i]);
  auto line_end = file.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = file.size();
  out.source_line = std::string(file.substr(line_start, line_end - line_start));
  if (line_start == 0 && out.source_line.starts_with("\xEF\xBB\xBF")) out.source_line.erase(0, 3);
  if (!out.source_line.empty() && out.source_line.back() == '\r') out.source_line.pop_back();
  return out;
}

std::size_t map_scalar_offset(std::string_view file, std::size_t node_pos, std::string_view value,
                              std::size_t offset) {
  if (node_pos >= file.size()) return file.size();
  std::size_t j = node_pos;
  const char style = file[j];
  const bool single = style == '\'';
  const bool dbl = style == '"';
  const bool block = style == '|' || style == '>';
  std::size_t indent = 0;
  if (single || dbl) {
    ++j;
  } else if (block) {
    // Skip the header (|, >, chomping and indentation indicators, comment) and find the
    // content's indentation on its first non-blank line.
    const auto nl = file.find('\n', j);
    j = nl == std::string_view::npos ? file.size() : nl + 1;
    std::size_t k = j;
    while (true) {
      std::size_t spaces = 0;
      while (k + spaces < file.size() && file[k + spaces] == ' ') ++spaces;
      if (k + spaces < file.size() && (file[k + spaces] == '\n' || file[k + spaces] == '\r')) {
        k = file.find('\n', k + spaces) + 1;
        continue;
      }
      indent = spaces;
      break;
    }
  }

  std::string bytes;
  std::size_t i = 0;
  std::size_t last_end = j;  // just past the file bytes of the last mapped value byte
  const auto skip_indent = [&] {
    for (std::size_t n = 0; n < indent && j < file.size() && file[j] == ' '; ++n) ++j;
  };
  if (block) skip_indent();
  while (j < file.size() && i < value.size()) {
    if (dbl && file[j] == '\\') {
      const auto len = decode_escape(file, j, bytes);
      if (!bytes.empty() && value.substr(i, bytes.size()) == bytes) {
        if (offset < i + bytes.size()) return j;
        i += bytes.size();
      }
      j += len;
      last_end = j;
      continue;
    }
    if (file[j] == value[i]) {
      if (i == offset) return j;
      const bool newline = file[j] == '\n';
      if (single && file[j] == '\'' && j + 1 < file.size() && file[j + 1] == '\'') ++j;  // '' is '
      ++i;
      ++j;
      last_end = j;
      if (block && newline) skip_indent();
      continue;
    }
    if (block && file[j] == '\n') {  // a folded line break (>) or chomped indentation
      if (style == '>' && value[i] == ' ') {
        if (i == offset) return j;
        ++i;
        last_end = j + 1;
      }
      ++j;
      skip_indent();
      continue;
    }
    ++j;  // indentation, quotes, folded line breaks: not in the value
  }
  return i >= offset ? last_end : file.size();
}

}  // namespace newswatch::rules::detail
