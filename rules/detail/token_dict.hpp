// SPDX-License-Identifier: MIT
#pragma once
// Token text → the terms whose first token (or prefix) it is: the dictionary the scan probes
// once per token, or per token and prefix length. Immutable after build(); any thread may read.
//
// Memory layout is the point (docs/performance-rules.md): at 10 000 rules nearly every token of
// an item is some term's key and the tables no longer fit in L1/L2, so each probe costs cache
// misses. A slot is 16 bytes (four per cache line, at most 2/3 full) and holds the key's full
// hash; the key's bytes and, right after them, what the scan needs of each of its terms
// (TermEntry) sit together in one arena block, so a hit costs the slot and one block, not a
// slot, a std::string, an id array, a Term with its vectors and the term's postings offsets.
// (Keeping keys of up to 8 bytes in a 32-byte slot instead measured no fewer misses at
// 10 000 rules and more at 100: callgrind, docs/performance-rules.md.)

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newswatch::rules::detail {

// What the scan needs of a term on every hit. The Term itself (vectors of strings) is read only
// to confirm a phrase's later tokens or an exact-case term's source text.
struct TermEntry {
  // Phrase: the low 32 bits of hash() of its second token, a cheap test before the Term is
  // read (term_at confirms); 0: not checked by hash (one token, or a prefix second token).
  std::uint32_t second_hash = 0;
  std::uint32_t id = 0;  // index into the term table
  // The rules indexed under the term (presearch postings): [postings_begin, postings_end).
  // Most terms have none (a rule is indexed under one group of its terms), and then the
  // postings are not touched at all.
  std::uint32_t postings_begin = 0;
  std::uint32_t postings_end = 0;
  std::uint16_t tokens = 1;  // 1: a word or prefix; more: a phrase (saturates at 65 535)
  std::uint8_t exact = 0;    // exact case: the source text must be checked
  std::uint8_t unused = 0;
};
static_assert(sizeof(TermEntry) == 20);

class TokenDict {
 public:
  static constexpr std::uint64_t kSeed = 0xcbf29ce484222325ULL;  // FNV-1a
  static std::uint64_t step(std::uint64_t h, char c) {
    return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = kSeed;
    for (const char c : s) h = step(h, c);
    return h;
  }

  // keys: key → its terms' entries (the order of entries is kept).
  void build(const std::unordered_map<std::string, std::vector<TermEntry>>& keys);
  bool empty() const { return size_ == 0; }
  // False when no key has hash `h` (a one-bit-per-hash filter small enough to stay in L1: most
  // probes, at prefix lengths the token does not have a term for, stop here).
  bool may_contain(std::uint64_t h) const { return (filter_[(h >> 6) & kFilterMask] >> (h & 63)) & 1; }
  // The entries stored under `key`, whose hash() is `h`; empty when none.
  std::span<const TermEntry> find(std::string_view key, std::uint64_t h) const {
    if (slots_.empty()) return {};
    for (auto slot = static_cast<std::size_t>(h ^ (h >> 32)) & mask_;; slot = (slot + 1) & mask_) {
      const auto& s = slots_[slot];
      if (s.key_size == 0) return {};
      if (s.hash == h && s.key_size == key.size()) {
        const TermEntry* header = arena_.data() + s.block;
        if (std::string_view(reinterpret_cast<const char*>(header + 1), key.size()) == key) {
          return {header + 1 + units(key.size()), header->id};
        }
      }
    }
  }

 private:
  // The arena: per key, a header (its `id` is the number of entries), the key's bytes in as
  // many entries as they need (their object representation; read back as chars), then the
  // key's entries. One array of one type: no aliasing tricks beyond char access.
  static std::size_t units(std::size_t bytes) { return (bytes + sizeof(TermEntry) - 1) / sizeof(TermEntry); }
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t block = 0;     // index of the key's header in arena_
    std::uint32_t key_size = 0;  // 0: an empty slot (keys are never empty)
  };
  static constexpr std::size_t kFilterWords = 1024;  // 64 Kibit, 8 KiB
  static constexpr std::size_t kFilterMask = kFilterWords - 1;
  std::vector<std::uint64_t> filter_ = std::vector<std::uint64_t>(kFilterWords);
  std::vector<Slot> slots_;
  std::vector<TermEntry> arena_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;  // keys
};

}  // namespace newswatch::rules::detail
