// SPDX-License-Identifier: MIT
#include "rules/detail/token_dict.hpp"

#include <cstring>

namespace newswatch::rules::detail {

void TokenDict::build(const std::unordered_map<std::string, std::vector<TermEntry>>& keys) {
  std::size_t capacity = 16;
  // At most 2/3 full: linear probes stay short (mostly within the slot's cache line) and the
  // table is half the size a 1/2 bound would give, which matters once it outgrows L2.
  while (capacity * 2 < keys.size() * 3) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  arena_.clear();
  size_ = 0;
  for (const auto& [key, entries] : keys) {
    if (key.empty() || entries.empty()) continue;
    const auto h = hash(key);
    filter_[(h >> 6) & kFilterMask] |= std::uint64_t{1} << (h & 63);
    auto slot = static_cast<std::size_t>(h ^ (h >> 32)) & mask_;
    while (slots_[slot].key_size != 0) slot = (slot + 1) & mask_;
    ++size_;
    slots_[slot] = Slot{h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size())};
    TermEntry header;
    header.id = static_cast<std::uint32_t>(entries.size());
    arena_.push_back(header);
    const auto at = arena_.size();
    arena_.resize(at + units(key.size()));
    std::memcpy(reinterpret_cast<char*>(arena_.data() + at), key.data(), key.size());
    arena_.insert(arena_.end(), entries.begin(), entries.end());
  }
}

}  // namespace newswatch::rules::detail
