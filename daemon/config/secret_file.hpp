// SPDX-License-Identifier: MIT
#pragma once
// Secrets that config files name instead of holding (a webhook's HMAC key, an SMTP password):
// the file's bytes without the line break editors add at the end. Spaces are kept, since they
// may be part of the secret. Read at start, on the calling thread.

#include <filesystem>
#include <string>
#include <string_view>

namespace newswatch::daemon {

// Throws std::runtime_error naming `what` and the file when it cannot be read.
std::string read_secret_file(const std::filesystem::path& file, std::string_view what);

}  // namespace newswatch::daemon
