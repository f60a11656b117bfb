// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/charset_guess.hpp"

#include <memory>
#include <type_traits>

#include <uchardet/uchardet.h>

namespace newswatch::feeds::detail {
namespace {

struct DetectorCloser {
  void operator()(uchardet_t d) const { uchardet_delete(d); }
};

}  // namespace

std::string guess_charset(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, DetectorCloser> detector{uchardet_new()};
  if (!detector) return {};
  const auto sample = bytes.substr(0, kMaxGuessBytes);
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0)
    return {};  // out of memory
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  std::string guess = name ? name : "";
  // uchardet says "ASCII" for text without high bytes: no information for a body that failed UTF-8.
  if (guess == "ASCII") guess.clear();
  // Names ICU does not know under uchardet's spelling: UHC is Microsoft's superset of EUC-KR
  // (what Korean sites labelled EUC-KR really send), HZ-GB-2312 is ICU's "HZ".
  if (guess == "UHC") guess = "windows-949";
  if (guess == "HZ-GB-2312") guess = "HZ";
  return guess;
}

}  // namespace newswatch::feeds::detail
