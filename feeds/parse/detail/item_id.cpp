// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/item_id.hpp"

#include <fmt/format.h>

#include "feeds/time_format.hpp"

namespace newswatch::feeds::detail {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string fallback_item_id(const Item& item) {
  const auto when = item.published ? item.published : item.updated;
  std::uint64_t h = fnv1a64(item.title);
  h = fnv1a64("\x1f", h);
  if (when) h = fnv1a64(to_rfc3339(*when), h);
  h = fnv1a64("\x1f", h);
  h = fnv1a64(item.summary, h);
  return fmt::format("fnv1a64:{:016x}", h);
}

void assign_item_id(Item& item) {
  if (!item.id.empty()) return;
  item.id = item.link.empty() ? fallback_item_id(item) : item.link;
}

}  // namespace newswatch::feeds::detail
