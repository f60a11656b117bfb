// SPDX-License-Identifier: MIT
#pragma once
// Stable ids for items that carry neither a guid/id nor a link.
//
// The id is "fnv1a64:" followed by 16 lower-case hex digits: FNV-1a 64-bit over
//   title '\x1f' published-or-updated (RFC 3339, or "") '\x1f' summary
// of the parsed (plain-text) fields. FNV-1a is not cryptographic: it only has to be stable across
// runs and versions, so that the same item is recognised as seen; the algorithm must never change
// without a migration of the Store's seen ids. Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/item.hpp"

namespace newswatch::feeds::detail {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

std::string fallback_item_id(const Item& item);

// Sets item.id when empty: the link if there is one, else fallback_item_id().
void assign_item_id(Item& item);

}  // namespace newswatch::feeds::detail
