// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/url_resolve.hpp"

#include <array>
#include <cstdint>
#include <string>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <gtest/gtest.h>

namespace newswatch::feeds::detail {
namespace {

struct ResolveCase {
  const char* base;
  const char* ref;
  const char* expected;
};

class ResolveUrlTest : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(ResolveUrlTest, Resolves) {
  const auto& c = GetParam();
  EXPECT_EQ(resolve_url(c.base, c.ref), c.expected) << c.base << " + " << c.ref;
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3986, ResolveUrlTest,
    ::testing::Values(
        ResolveCase{"https://a.example/b/c.xml", "d", "https://a.example/b/d"},
        ResolveCase{"https://a.example/b/c.xml", "/d", "https://a.example/d"},
        ResolveCase{"https://a.example/b/c.xml", "../d?x=1#f", "https://a.example/d?x=1#f"},
        ResolveCase{"https://a.example/b/c.xml", "//cdn.example/x", "https://cdn.example/x"},
        ResolveCase{"https://a.example/b/c.xml", "?page=2", "https://a.example/b/c.xml?page=2"},
        ResolveCase{"https://a.example/b/", "http://other.example/", "http://other.example/"},
        ResolveCase{"", "relative/only", "relative/only"},                 // no base: unchanged
        ResolveCase{"not a base", "x", "x"},                                // unusable base
        ResolveCase{"https://a.example/", "  \n /padded \t", "https://a.example/padded"},
        ResolveCase{"https://a.example/", "with space.html", "https://a.example/with%20space.html"},
        ResolveCase{"https://a.example/", "caf\xC3\xA9", "https://a.example/caf%C3%A9"},
        ResolveCase{"https://a.example/", "100%25 and 100%", "https://a.example/100%25%20and%20100%25"},
        ResolveCase{"https://a.example/", "a|b{c}", "https://a.example/a%7Cb%7Bc%7D"}));

// resolve_url appends plain relative paths ("posts/1.html") to the base's directory and plain
// absolute paths ("/news/1") to its scheme and authority without Boost.URL; that must give what
// Boost.URL's resolve gives, for bases of every shape (dot segments, empty paths, queries and
// fragments, no authority), and refs near the edge of "plain" ("//host", dot segments).
TEST(ResolveUrl, SimplePathsAgreeWithBoostUrl) {
  const std::array<const char*, 14> bases = {
      "https://a.example/b/c.xml", "https://a.example",        "https://a.example/",
      "https://a.example/b/../c/d", "https://a.example/./x/",  "https://a.example/b/..",
      "https://a.example/b/.",      "https://a.example/b?q=1#f", "https://a.example/b/#frag",
      "urn:isbn:123",               "mailto:x@example.org",     "file:///tmp/a/b",
      "https://a.example//double//", "http://u:p@a.example:8080/a/b;p/c"};
  // Reserved characters too ("?", "#", "+", "%", ":", "@", "="): they take the references off
  // the plain-path fast path, which tells them by a table of the unreserved characters.
  const std::array<const char*, 15> parts = {"a",   "b.html", "..",  ".",   "x-y_z~", "",  "..b", "c.",
                                             "a?b", "c#d",    "e+f", "%41", "g:h",    "@", "k=v"};
  std::uint64_t state = 42;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (const char* base : bases) {
    for (int round = 0; round < 400; ++round) {
      std::string ref = next() % 3 == 0 ? "/" : "";
      const auto segments = 1 + next() % 4;
      for (std::uint64_t k = 0; k < segments; ++k) {
        if (k > 0) ref += '/';
        ref += parts[next() % parts.size()];
      }
      std::string expected = ref;
      auto b = boost::urls::parse_uri(base);
      auto r = boost::urls::parse_uri_reference(ref);
      ASSERT_TRUE(b.has_value()) << base;
      if (r && !r->has_scheme()) {
        boost::urls::url dest;
        if (boost::urls::resolve(*b, *r, dest)) expected = std::string(dest.buffer());
      }
      EXPECT_EQ(resolve_url(base, ref), expected) << base << " + " << ref;
    }
  }
}

TEST(IsAbsoluteUrl, NeedsAScheme) {
  EXPECT_TRUE(is_absolute_url("https://a.example/x"));
  EXPECT_TRUE(is_absolute_url("urn:isbn:123"));
  EXPECT_FALSE(is_absolute_url("/x"));
  EXPECT_FALSE(is_absolute_url("gazette-2024-0001"));
  EXPECT_FALSE(is_absolute_url(""));
}

}  // namespace
}  // namespace newswatch::feeds::detail
