// SPDX-License-Identifier: MIT
#pragma once
// Lookup of HTML5 named character references. `name` is the text after '&', including the ';'
// when there was one ("amp;", "eacute;"); the legacy forms HTML accepts without ';' ("amp",
// "copy") are in the table under their bare name. Returns the UTF-8 replacement (one or two code
// points), or nullopt for an unknown name. The table is static and immutable: thread-safe.

#include <cstddef>
#include <optional>
#include <string_view>

namespace newswatch::feeds::detail {

std::optional<std::string_view> lookup_html_entity(std::string_view name);

// Number of names in the table (for tests).
std::size_t html_entity_count();

}  // namespace newswatch::feeds::detail
