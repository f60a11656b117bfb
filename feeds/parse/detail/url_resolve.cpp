// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/url_resolve.hpp"

#include <algorithm>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace newswatch::feeds::detail {
namespace {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
constexpr bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Bytes that clean() percent-encodes (and '%', which it checks).
constexpr bool needs_care(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
         c == '`' || c == '{' || c == '|' || c == '}' || c == '%';
}

std::string clean(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // Most URLs in feeds are clean already: one check, one copy.
  if (std::none_of(s.begin(), s.end(), [](char c) { return needs_care(static_cast<unsigned char>(c)); })) {
    return std::string(s);
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool bad_percent = c == '%' && !(i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2]));
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}' || bad_percent) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// RFC 3986 scheme ":" at the start: such a reference is a URI, whatever follows.
bool starts_with_scheme(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return true;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.')) {
      return false;
    }
  }
  return false;
}

}  // namespace

bool is_absolute_url(std::string_view s) {
  const auto cleaned = clean(s);
  auto r = boost::urls::parse_uri(cleaned);
  return r.has_value();
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  auto cleaned = clean(ref);
  // Most links in feeds are absolute already: skip parsing the base and resolving.
  if (starts_with_scheme(cleaned)) return cleaned;
  auto r = boost::urls::parse_uri_reference(cleaned);
  if (!r || r->has_scheme()) return cleaned;
  // The base is the same for most links of a document: keep the last one parsed (per thread,
  // so the function stays safe to call from any thread).
  struct ParsedBase {
    std::string text;
    std::string cleaned;
    boost::urls::url_view view;  // into `cleaned`
    bool ok = false;
  };
  thread_local ParsedBase last;
  if (!last.ok || last.text != base) {
    last.text.assign(base);
    last.cleaned = clean(base);
    auto parsed = boost::urls::parse_uri(last.cleaned);
    last.ok = parsed.has_value();
    if (last.ok) last.view = *parsed;
  }
  if (!last.ok) return cleaned;
  boost::urls::url dest;
  auto rv = boost::urls::resolve(last.view, *r, dest);
  if (!rv) return cleaned;
  return std::string(dest.buffer());
}

}  // namespace newswatch::feeds::detail
