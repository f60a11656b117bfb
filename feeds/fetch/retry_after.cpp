// SPDX-License-Identifier: MIT
#include "feeds/fetch/retry_after.hpp"

#include <cctype>
#include <ctime>
#include <string>

#include <curl/curl.h>

namespace newswatch::feeds {

std::optional<std::chrono::seconds> parse_retry_after(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(v.front()))) {
    long long secs = 0;
    for (char c : v) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      secs = secs * 10 + (c - '0');
      if (secs > 366LL * 24 * 3600) secs = 366LL * 24 * 3600;  // clamp absurd values to a year
    }
    return std::chrono::seconds(secs);
  }
  // HTTP-date: curl's date parser knows the three RFC 9110 forms.
  const std::string copy(v);
  const time_t when = curl_getdate(copy.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const time_t now = std::time(nullptr);
  return std::chrono::seconds(when > now ? std::min<long long>(when - now, 366LL * 24 * 3600) : 0);
}

}  // namespace newswatch::feeds
