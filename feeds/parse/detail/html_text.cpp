// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/html_text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "feeds/parse/detail/html_entities.hpp"
#include "feeds/parse/detail/scan.hpp"

namespace newswatch::feeds::detail {
namespace {

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Sorted; elements that end a line of text.
constexpr std::array<std::string_view, 44> kBlockTags = {
    "address", "article", "aside",  "blockquote", "body",   "br",      "caption", "center",
    "dd",      "details", "dialog", "div",        "dl",     "dt",      "fieldset", "figcaption",
    "figure",  "footer",  "form",   "h1",         "h2",     "h3",      "h4",      "h5",
    "h6",      "header",  "hr",     "html",       "li",     "main",    "nav",     "ol",
    "p",       "pre",     "section", "summary",   "table",  "tbody",   "tfoot",   "thead",
    "title",   "tr",      "ul",     "video"};

// Sorted; every HTML element name we recognise in text that is meant to be plain.
constexpr std::array<std::string_view, 95> kKnownTags = {
    "a",       "abbr",     "address", "area",    "article",  "aside",  "audio",    "b",
    "bdi",     "bdo",      "big",     "blockquote", "body",  "br",     "button",   "caption",
    "center",  "cite",     "code",    "col",     "colgroup", "dd",     "del",      "details",
    "dfn",     "dialog",   "div",     "dl",      "dt",       "em",     "embed",    "fieldset",
    "figcaption", "figure", "font",   "footer",  "form",     "h1",     "h2",       "h3",
    "h4",      "h5",       "h6",      "head",    "header",   "hr",     "html",     "i",
    "iframe",  "img",      "input",   "ins",     "kbd",      "label",  "li",       "link",
    "main",    "mark",     "meta",    "nav",     "noscript", "object", "ol",       "p",
    "param",   "picture",  "pre",     "q",       "s",        "samp",   "script",   "section",
    "small",   "source",   "span",    "strike",  "strong",   "style",  "sub",      "summary",
    "sup",     "table",    "tbody",   "td",      "template", "tfoot",  "th",       "thead",
    "time",    "title",    "tr",      "u",       "ul",       "video",  "wbr"};

static_assert(std::is_sorted(kBlockTags.begin(), kBlockTags.end()));
static_assert(std::is_sorted(kKnownTags.begin(), kKnownTags.end()));

// Tag names are looked up once per tag of every text field, so by a packed key in a small
// open-addressing table built at compile time rather than by string comparisons.
struct TagKey {
  std::uint64_t lo = 0;  // bytes 0-7 of the lower-cased name
  std::uint64_t hi = 0;  // bytes 8-15
  constexpr bool operator==(const TagKey&) const = default;
  constexpr void add(std::size_t pos, char c) {
    (pos < 8 ? lo : hi) |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * (pos % 8));
  }
};

constexpr TagKey make_key(std::string_view name) {
  TagKey k;
  for (std::size_t i = 0; i < name.size(); ++i) k.add(i, name[i]);
  return k;
}

constexpr std::size_t key_slot(const TagKey& k) {
  return static_cast<std::size_t>(((k.lo ^ (k.hi * 31)) * 0x9E3779B97F4A7C15ULL) >> 56);
}

enum TagFlags : std::uint8_t { kKnownTag = 1, kBlockTag = 2 };

struct TagSlot {
  TagKey key;
  std::uint8_t flags = 0;
};

constexpr std::array<TagSlot, 256> build_tag_table() {
  std::array<TagSlot, 256> table{};
  auto insert = [&](std::string_view name, std::uint8_t flag) {
    const auto key = make_key(name);
    for (std::size_t i = key_slot(key);; i = (i + 1) % table.size()) {
      if (table[i].flags == 0 || table[i].key == key) {
        table[i].key = key;
        table[i].flags |= flag;
        return;
      }
    }
  };
  for (auto name : kKnownTags) insert(name, kKnownTag);
  for (auto name : kBlockTags) insert(name, kBlockTag);
  return table;
}

constexpr auto kTagTable = build_tag_table();

constexpr std::uint8_t tag_flags(const TagKey& key) {
  for (std::size_t i = key_slot(key);; i = (i + 1) % kTagTable.size()) {
    if (kTagTable[i].flags == 0) return 0;
    if (kTagTable[i].key == key) return kTagTable[i].flags;
  }
}

static_assert(tag_flags(make_key("blockquote")) == (kBlockTag | kKnownTag));
static_assert(tag_flags(make_key("span")) == kKnownTag);
static_assert(tag_flags(make_key("dialogs")) == 0);

// Lower-cased tag name into a small fixed buffer (tag names we care about are short).
struct TagName {
  std::array<char, 16> buf{};
  std::size_t len = 0;
  bool too_long = false;
  TagKey key;
  std::string_view view() const { return {buf.data(), len}; }
  std::uint8_t flags() const { return too_long || len == 0 ? 0 : tag_flags(key); }
};

TagName read_tag_name(std::string_view s, std::size_t& i) {
  TagName name;
  while (i < s.size() && (is_alnum(s[i]) || s[i] == '-' || s[i] == ':' || s[i] == '_')) {
    if (name.len < name.buf.size()) {
      const char c = lower(s[i]);
      name.key.add(name.len, c);
      name.buf[name.len++] = c;
    } else {
      name.too_long = true;
    }
    ++i;
  }
  return name;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// HTML5 maps numeric references in 0x80-0x9F through windows-1252, since that is what authors meant.
constexpr std::array<std::uint16_t, 32> kC1Map = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

struct Decoded {
  std::size_t consumed = 0;  // 0: not an entity, emit '&' literally
  std::array<char, 8> buf{};
  std::string_view text;  // points into buf or into the static entity table
};

// Decodes the reference starting at s[i] == '&'.
Decoded decode_entity(std::string_view s, std::size_t i) {
  Decoded d;
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    std::size_t start = j;
    std::uint32_t cp = 0;
    while (j < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) != 0 : is_digit(s[j]))) {
      unsigned v = is_digit(s[j]) ? static_cast<unsigned>(s[j] - '0')
                                  : static_cast<unsigned>(lower(s[j]) - 'a' + 10);
      if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + v;
      ++j;
    }
    if (j == start) return d;
    if (j < s.size() && s[j] == ';') ++j;
    if (cp >= 0x80 && cp <= 0x9F) cp = kC1Map[cp - 0x80];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    std::string tmp;
    if ((cp < 0x20 && !is_space(static_cast<char>(cp))) || (cp >= 0x7F && cp <= 0x9F)) {
      tmp = "";  // control characters (C0, DEL, the C1 left unmapped) carry nothing for a reader
    } else {
      append_utf8(tmp, cp);
    }
    std::copy(tmp.begin(), tmp.end(), d.buf.begin());
    d.text = std::string_view(d.buf.data(), tmp.size());
    d.consumed = j - i;
    return d;
  }
  std::size_t start = j;
  while (j < s.size() && j - start < 32 && is_alnum(s[j])) ++j;
  if (j == start) return d;
  if (j < s.size() && s[j] == ';') {
    if (auto v = lookup_html_entity(s.substr(start, j - start + 1))) {
      d.text = *v;
      d.consumed = j + 1 - i;
      return d;
    }
  }
  // Legacy references without ';' ("&amp", "&copy"): the table holds them under their bare name;
  // take the longest one that prefixes the run, as HTML does in text.
  for (std::size_t len = j - start; len >= 2; --len) {
    if (auto v = lookup_html_entity(s.substr(start, len))) {
      d.text = *v;
      d.consumed = len + 1;
      return d;
    }
  }
  return d;
}

// Index just past the '>' that closes a tag whose attributes start at i, or npos.
std::size_t skip_attributes(std::string_view s, std::size_t i) {
  char quote = 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Only quotes that open an attribute value count; a stray apostrophe must not eat the text.
      if (k > 0 && (s[k - 1] == '=' || is_space(s[k - 1]))) quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  if (quote) {  // unterminated quote: fall back to the first '>'
    auto gt = s.find('>', i);
    return gt == std::string_view::npos ? gt : gt + 1;
  }
  return std::string_view::npos;
}

// Finds "</name" case-insensitively from i; returns the index after its '>' (or s.size()).
std::size_t skip_raw_text(std::string_view s, std::size_t i, std::string_view name) {
  for (std::size_t k = s.find("</", i); k != std::string_view::npos; k = s.find("</", k + 2)) {
    std::size_t n = k + 2;
    std::size_t m = 0;
    while (m < name.size() && n + m < s.size() && lower(s[n + m]) == name[m]) ++m;
    if (m == name.size()) {
      auto gt = s.find('>', n + m);
      return gt == std::string_view::npos ? s.size() : gt + 1;
    }
  }
  return s.size();
}

}  // namespace

TextSink::TextSink(Breaks breaks, std::size_t reserve) : breaks_(breaks) { out_.reserve(reserve); }

void TextSink::flush_pending() {
  if (pending_ == Pending::none) return;
  if (!out_.empty()) {
    out_.push_back(pending_ == Pending::newline && breaks_ == Breaks::keep ? '\n' : ' ');
  }
  pending_ = Pending::none;
}

void TextSink::space() {
  if (pending_ == Pending::none) pending_ = Pending::space;
}

void TextSink::block_break() { pending_ = Pending::newline; }

// High bit of every byte that may start whitespace: ASCII controls and space, and 0xC2 (the lead
// byte of U+00A0, and of the other code points U+0080 to U+00BF).
inline std::uint64_t space_candidates(std::uint64_t v) {
  return swar_below_mask(v, 0x21) | swar_eq_mask(v, 0xC2);
}

void TextSink::text(std::string_view s) {
  // Text is copied in segments as long as possible: a single ' ' between two other characters is
  // copied as it is (it is what the whitespace policy would produce); any other whitespace run
  // ends the segment and goes through space()/block_break().
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t seg = 0;   // start of the segment not yet copied
  std::size_t next = 0;  // candidates before this were handled already
  auto handle = [&](std::size_t k) {
    if (k < next) return;
    const auto c = static_cast<unsigned char>(p[k]);
    std::size_t width = 1;
    if (c == 0xC2) {
      if (k + 1 >= n || p[k + 1] != '\xA0') return;  // not U+00A0: an ordinary character
      width = 2;
    } else if (!is_space(static_cast<char>(c))) {
      return;  // another control character: ordinary text, as before
    } else if (c == ' ' && k > seg && k + 1 < n && !is_space(p[k + 1]) &&
               !(p[k + 1] == '\xC2' && k + 2 < n && p[k + 2] == '\xA0')) {
      return;  // a single space inside the segment
    }
    if (k > seg) {
      flush_pending();
      out_.append(p + seg, k - seg);
    }
    if (keep_newlines_ && c == '\n') {
      block_break();
    } else {
      space();
    }
    seg = next = k + width;
  };
  std::size_t w = 0;
  for (; w + 8 <= n; w += 8) {
    const auto v = swar_load(p + w);
    auto m = space_candidates(v);
    if (m == 0) continue;
    if constexpr (std::endian::native == std::endian::little) {
      // Most candidates are single spaces between words, which handle() would pass over: drop
      // those whose neighbours (inside this word) are no candidates, and not after an A0 byte
      // (a U+00A0 just before ends a segment, so that space must be seen). Bytes 1-6 only.
      constexpr std::uint64_t kInner = 0x0080808080808000ULL;
      const auto lone = swar_eq_mask(v, ' ') & ~(m << 8) & ~(m >> 8) & ~(swar_eq_mask(v, 0xA0) << 8) & kInner;
      m &= ~lone;
    }
    for (; m != 0; m = swar_drop_first(m)) handle(w + swar_first(m));
  }
  for (; w < n; ++w) {
    const auto c = static_cast<unsigned char>(p[w]);
    if (c < 0x21 || c == 0xC2) handle(w);
  }
  if (n > seg) {
    flush_pending();
    out_.append(p + seg, n - seg);
  }
}

std::string TextSink::take() {
  pending_ = Pending::none;
  return std::move(out_);
}

void append_html(std::string_view s, TextSink& sink, TagMode mode) {
  std::size_t i = 0;
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t end) {
    if (end > text_start) sink.text(s.substr(text_start, end - text_start));
  };
  while (i < s.size()) {
    i = find_markup_char(s, i);  // everything up to the next '<' or '&' is text
    if (i >= s.size()) break;
    char c = s[i];
    if (c == '&') {
      Decoded d = decode_entity(s, i);
      if (d.consumed == 0) {
        ++i;
        continue;
      }
      flush_text(i);
      // Escaped twice only if what follows can make a tag or a reference of it ("&lt;p",
      // "&amp;quot;", "&amp;&#35;"); "&amp; " and "a &lt; b" are just text.
      if ((d.text == "<" || d.text == "&") && i + d.consumed < s.size()) {
        const char after = s[i + d.consumed];
        if (is_alpha(after) || after == '#' || after == '/' || after == '!' || after == '&') {
          sink.note_decoded_markup();
        }
      }
      sink.text(d.text);
      i += d.consumed;
      text_start = i;
      continue;
    }
    if (c != '<' || i + 1 >= s.size()) {
      ++i;
      continue;
    }
    char n = s[i + 1];
    if (n == '!') {
      std::size_t end;
      if (s.compare(i, 4, "<!--") == 0) {
        auto close = s.find("-->", i + 4);
        end = close == std::string_view::npos ? s.size() : close + 3;
      } else if (s.compare(i, 9, "<![CDATA[") == 0) {
        flush_text(i);
        auto close = s.find("]]>", i + 9);
        std::size_t stop = close == std::string_view::npos ? s.size() : close;
        sink.text(s.substr(i + 9, stop - (i + 9)));
        i = close == std::string_view::npos ? s.size() : close + 3;
        text_start = i;
        continue;
      } else {
        auto gt = s.find('>', i);
        end = gt == std::string_view::npos ? s.size() : gt + 1;
      }
      flush_text(i);
      i = end;
      text_start = i;
      continue;
    }
    if (n == '?') {
      flush_text(i);
      auto gt = s.find('>', i);
      i = gt == std::string_view::npos ? s.size() : gt + 1;
      text_start = i;
      continue;
    }
    bool closing = n == '/';
    std::size_t name_at = i + (closing ? 2 : 1);
    if (name_at >= s.size() || !is_alpha(s[name_at])) {
      ++i;  // "a < b", "<3": literal
      continue;
    }
    std::size_t after_name = name_at;
    TagName name = read_tag_name(s, after_name);
    if (mode == TagMode::known_tags_only && !(name.flags() & kKnownTag)) {
      ++i;
      continue;
    }
    std::size_t end = skip_attributes(s, after_name);
    if (end == std::string_view::npos) {
      ++i;  // never closed: it was text after all
      continue;
    }
    flush_text(i);
    std::string_view tag = name.view();
    if (!closing && (tag == "script" || tag == "style" || tag == "template") && s[end - 2] != '/') {
      end = skip_raw_text(s, end, tag);
      sink.space();
    } else if (name.flags() & kBlockTag) {
      sink.block_break();
    } else if (tag == "td" || tag == "th" || tag == "img") {
      sink.space();
    }
    i = end;
    text_start = i;
  }
  flush_text(s.size());
}

bool looks_like_markup(std::string_view s) {
  for (std::size_t i = find_markup_char(s, 0); i < s.size(); i = find_markup_char(s, i + 1)) {
    if (s[i] == '&') {
      Decoded d = decode_entity(s, i);
      // Only complete references (with ';') count: "AT&T" or "&copy" in prose is not markup.
      if (d.consumed > 0 && s[i + d.consumed - 1] == ';') return true;
      continue;
    }
    if (s.compare(i, 4, "<!--") == 0) return true;
    std::size_t k = i + 1;
    if (k < s.size() && s[k] == '/') ++k;
    if (k < s.size() && is_alpha(s[k])) {
      TagName name = read_tag_name(s, k);
      if ((name.flags() & kKnownTag) &&
          (k >= s.size() || s[k] == '>' || s[k] == '/' || is_space(s[k]))) {
        return true;
      }
    }
  }
  return false;
}

std::string finish_text(TextSink& sink, Breaks breaks) {
  bool again = sink.decoded_markup();
  std::string text = sink.take();
  // Double (or triple) escaped feeds: decode again while the result still looks like markup.
  for (int pass = 0; pass < 2 && again && looks_like_markup(text); ++pass) {
    TextSink next(breaks, text.size());
    append_html(text, next, TagMode::known_tags_only);
    again = next.decoded_markup();
    text = next.take();
  }
  return text;
}

std::string html_to_text(std::string_view html, Breaks breaks) {
  TextSink sink(breaks, html.size());
  append_html(html, sink, TagMode::html);
  return finish_text(sink, breaks);
}

std::string plain_to_text(std::string_view text, Breaks breaks) {
  TextSink sink(breaks, text.size());
  sink.keep_newlines();
  append_html(text, sink, TagMode::known_tags_only);
  return finish_text(sink, breaks);
}

}  // namespace newswatch::feeds::detail
