// SPDX-License-Identifier: MIT
// Fuzzes language detection for lang: (CLD2 behind rules/detail/language_detector.hpp) with
// arbitrary bytes as title, summary and declared language: invalid UTF-8, NULs, huge runs.
// The input is split at 0xFF bytes: declared language, title, summary.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/detail/language_detector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace newswatch::rules::detail;
  if (size > 65536) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (auto& part : parts) {
    const auto cut = rest.find('\xff');
    part = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
  }
  (void)detect_language(parts[1], parts[2], rest);
  (void)effective_language(parts[0], parts[1], parts[2], rest);
  return 0;
}
