// SPDX-License-Identifier: MIT
// libFuzzer target for parse_feed(). The first byte picks the HTTP Content-Type (and whether a
// base URL is given); the rest is the body. Besides crashes, leaks and hangs (the sanitizers and
// libFuzzer find those), it checks the contract of feed_parser.hpp: a result is a feed xor an
// error, every string is valid UTF-8, ids are never empty, items and warnings stay capped.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feeds/parse/encoding.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace {

using newswatch::feeds::is_valid_utf8;

constexpr std::string_view kContentTypes[] = {
    "",
    "application/rss+xml",
    "application/xml; charset=Shift_JIS",
    "text/xml; charset=utf-16",
    "application/atom+xml; charset=UTF-16LE",
    "text/xml; charset=\"EUC-JP\"",
    "application/xml; charset=ISO-2022-JP",
    "text/html; charset=GBK",
    "application/rss+xml; charset=Big5",
    "text/xml; charset=EUC-KR",
    "text/xml; charset=windows-1251",
    "application/xml; charset=iso-8859-1",
    "application/feed+json; charset=utf-8",
    "text/xml; charset=utf-32",
    "text/xml; charset=no-such-charset",
    "text/xml; charset=",
};

void check(bool ok) {
  if (!ok) std::abort();
}

void check_text(std::string_view s) { check(is_valid_utf8(s)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  newswatch::feeds::ParseOptions options;
  options.content_type = kContentTypes[selector % std::size(kContentTypes)];
  if (selector & 0x80) options.base_url = "https://feeds.example.org/news/world.xml";
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

  const auto outcome = newswatch::feeds::parse_feed(body, options);
  check(outcome.feed.has_value() != !outcome.error.empty());
  check_text(outcome.error);
  if (!outcome.feed) return 0;
  const auto& feed = *outcome.feed;
  check(feed.items.size() <= 10'000);
  check(feed.warnings.size() <= 100);
  for (const auto* s : {&feed.format, &feed.title, &feed.link, &feed.description, &feed.language})
    check_text(*s);
  for (const auto& w : feed.warnings) check_text(w);
  for (const auto& item : feed.items) {
    check(!item.id.empty());
    for (const auto* s : {&item.id, &item.title, &item.link, &item.summary, &item.content})
      check_text(*s);
    for (const auto& a : item.authors) check_text(a);
    for (const auto& c : item.categories) check_text(c);
    for (const auto& e : item.enclosures) {
      check_text(e.url);
      check_text(e.type);
    }
  }
  return 0;
}
