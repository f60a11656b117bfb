// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/url_resolve.hpp"

#include <algorithm>
#include <array>

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

// needs_care() as a table: one load per byte of every link.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = needs_care(static_cast<unsigned char>(c));
  return t;
}();

// `s` trimmed and with what needs it percent-encoded: a view into `s` itself when nothing does
// (most URLs in feeds: one check, no copy), otherwise into `scratch`.
std::string_view clean(std::string_view s, std::string& scratch) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (std::none_of(s.begin(), s.end(), [](char c) { return kNeedsCare[static_cast<unsigned char>(c)]; })) {
    return s;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string& out = scratch;
  out.clear();
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

// The unreserved characters of RFC 3986 as a table: one load per byte of every relative link.
constexpr std::array<bool, 256> kUnreserved = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
  }
  return t;
}();

constexpr bool is_dot_segment(std::string_view segment) { return segment == "." || segment == ".."; }

// A path made of unreserved characters and '/' only, with no "." or ".." segment.
bool is_plain_path(std::string_view s) {
  std::size_t segment = 0;  // start of the current segment
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '/') {
      if (is_dot_segment(s.substr(segment, i - segment))) return false;
      segment = i + 1;
    } else if (!kUnreserved[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  return !is_dot_segment(s.substr(segment));
}

// References of the two common forms whose resolution only appends them to a prefix of the
// base: a relative path ("posts/1.html", not starting with '.') goes after the base's directory,
// an absolute path ("/news/1", not "//host") after its scheme and authority. RFC 3986 5.2.2
// with 5.2.3: remove_dot_segments leaves the appended plain segments alone and treats the prefix
// the same whatever follows it, so the prefix is what the base resolves "x" or "/x" to, less
// the "x".
enum class PlainPath { none, relative, absolute };

PlainPath plain_path_kind(std::string_view s) {
  if (s.empty() || !is_plain_path(s)) return PlainPath::none;
  if (s.front() == '/') return s.size() > 1 && s[1] == '/' ? PlainPath::none : PlainPath::absolute;
  return s.front() == '.' ? PlainPath::none : PlainPath::relative;
}

// What Boost.URL resolves `probe` ("x" or "/x") to against `base`, less the final "x"; empty if
// that does not end in "x".
std::string resolved_prefix(boost::urls::url_view base, std::string_view probe) {
  boost::urls::url resolved;
  if (!boost::urls::resolve(base, boost::urls::url_view(probe), resolved)) return {};
  const std::string_view text = resolved.buffer();
  if (text.empty() || text.back() != 'x') return {};
  return std::string(text.substr(0, text.size() - 1));
}

}  // namespace

bool is_absolute_url(std::string_view s) {
  std::string scratch;
  auto r = boost::urls::parse_uri(clean(s, scratch));
  return r.has_value();
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string scratch;
  const std::string_view cleaned = clean(ref, scratch);
  // Most links in feeds are absolute already: skip parsing the base and resolving.
  if (starts_with_scheme(cleaned)) return std::string(cleaned);
  const PlainPath plain = plain_path_kind(cleaned);
  boost::system::result<boost::urls::url_view> r;
  if (plain == PlainPath::none) {
    r = boost::urls::parse_uri_reference(cleaned);
    if (!r || r->has_scheme()) return std::string(cleaned);
  }
  // The base is the same for most links of a document: keep the last one parsed (per thread,
  // so the function stays safe to call from any thread).
  struct Prefix {
    std::string text;  // empty until first needed, and when there is none
    bool known = false;
  };
  struct ParsedBase {
    std::string text;
    std::string cleaned;
    boost::urls::url_view view;  // into `cleaned`
    bool ok = false;
    Prefix directory;  // for relative plain paths ("https://a.example/b/" for ".../b/c.xml")
    Prefix origin;     // for absolute plain paths ("https://a.example/", which "/x" resolves to less "x")
  };
  thread_local ParsedBase last;
  if (!last.ok || last.text != base) {
    last.text.assign(base);
    std::string base_scratch;
    last.cleaned.assign(clean(base, base_scratch));
    auto parsed = boost::urls::parse_uri(last.cleaned);
    last.ok = parsed.has_value();
    if (last.ok) last.view = *parsed;
    last.directory = {};
    last.origin = {};
  }
  if (!last.ok) return std::string(cleaned);
  if (plain != PlainPath::none) {
    const bool relative = plain == PlainPath::relative;
    Prefix& prefix = relative ? last.directory : last.origin;
    if (!prefix.known) {
      prefix.known = true;
      prefix.text = resolved_prefix(last.view, relative ? "x" : "/x");
    }
    if (!prefix.text.empty()) {
      std::string out;  // one allocation for the result
      out.reserve(prefix.text.size() + cleaned.size());
      out.append(prefix.text).append(relative ? cleaned : cleaned.substr(1));
      return out;
    }
    r = boost::urls::parse_uri_reference(cleaned);
    if (!r) return std::string(cleaned);
  }
  boost::urls::url dest;
  auto rv = boost::urls::resolve(last.view, *r, dest);
  if (!rv) return std::string(cleaned);
  return std::string(dest.buffer());
}

}  // namespace newswatch::feeds::detail
