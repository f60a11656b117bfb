// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/scan.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace newswatch::feeds::detail {
namespace {

std::size_t naive_find(std::string_view s, std::size_t from, bool (*hit)(unsigned char)) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (hit(static_cast<unsigned char>(s[i]))) return i;
  }
  return s.size();
}

// Whole blocks, the tail read as the last block with earlier bytes masked off, and texts
// shorter than a block: every start position of random texts 0 to 50 bytes long.
TEST(ScanFind, AgreesWithAByteLoopAtEveryPosition) {
  const std::string bytes = std::string("ab <&\x80\xE6\xFF") + '\0';
  std::mt19937 rng(13);
  for (int round = 0; round < 3000; ++round) {
    std::string s(rng() % 51, 'x');
    for (auto& c : s) {
      if (rng() % 6 == 0) c = bytes[rng() % bytes.size()];
    }
    for (std::size_t from = 0; from <= s.size(); ++from) {
      ASSERT_EQ(find_markup_char(s, from),
                naive_find(s, from, [](unsigned char c) { return c == '<' || c == '&'; }))
          << ::testing::PrintToString(s) << " from " << from;
      ASSERT_EQ(find_non_ascii(s, from), naive_find(s, from, [](unsigned char c) { return c >= 0x80; }))
          << ::testing::PrintToString(s) << " from " << from;
    }
  }
}

}  // namespace
}  // namespace newswatch::feeds::detail
