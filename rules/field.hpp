// SPDX-License-Identifier: MIT
#pragma once
// The document fields a query can scope to (`title:japan`). Unscoped terms search title,
// summary and content; link and feed are searched only when named.

#include <cstdint>
#include <optional>
#include <string_view>

namespace newswatch::rules {

enum class Field : std::uint8_t { title, summary, content, link, feed };
inline constexpr int kFieldCount = 5;

using FieldMask = std::uint8_t;
constexpr FieldMask bit(Field f) { return static_cast<FieldMask>(1u << static_cast<unsigned>(f)); }
inline constexpr FieldMask kDefaultFields = bit(Field::title) | bit(Field::summary) | bit(Field::content);
inline constexpr FieldMask kAllFields = static_cast<FieldMask>((1u << kFieldCount) - 1);

std::string_view to_string(Field field);
// Case-insensitive: "title", "Title", ...
std::optional<Field> parse_field(std::string_view name);

}  // namespace newswatch::rules
