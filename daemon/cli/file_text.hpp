// SPDX-License-Identifier: MIT
#pragma once
// Reads a whole file for the CLI; the error is one line naming the file and the reason.

#include <filesystem>
#include <optional>
#include <string>

namespace newswatch::daemon::cli {

struct FileText {
  std::optional<std::string> text;
  std::string error;
};

FileText read_file_text(const std::filesystem::path& path);

}  // namespace newswatch::daemon::cli
