// SPDX-License-Identifier: MIT
#include "daemon/cli/file_text.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace newswatch::daemon::cli {

FileText read_file_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return {std::nullopt, path.string() + ": is a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path.string() + ": " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  return {text.str(), {}};
}

}  // namespace newswatch::daemon::cli
