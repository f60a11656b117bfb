// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/url_resolve.hpp"

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

TEST(IsAbsoluteUrl, NeedsAScheme) {
  EXPECT_TRUE(is_absolute_url("https://a.example/x"));
  EXPECT_TRUE(is_absolute_url("urn:isbn:123"));
  EXPECT_FALSE(is_absolute_url("/x"));
  EXPECT_FALSE(is_absolute_url("gazette-2024-0001"));
  EXPECT_FALSE(is_absolute_url(""));
}

}  // namespace
}  // namespace newswatch::feeds::detail
