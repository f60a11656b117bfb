// SPDX-License-Identifier: MIT
#include "rules/field.hpp"

#include <array>
#include <cctype>

namespace newswatch::rules {
namespace {
constexpr std::array<std::string_view, kFieldCount> kNames = {"title", "summary", "content", "link",
                                                              "feed"};
}

std::string_view to_string(Field field) { return kNames[static_cast<std::size_t>(field)]; }

std::optional<Field> parse_field(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const auto& n = kNames[i];
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < n.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(name[k])) == n[k];
    }
    if (same) return static_cast<Field>(i);
  }
  return std::nullopt;
}

}  // namespace newswatch::rules
