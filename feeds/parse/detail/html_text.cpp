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

// What a tag does to the text, all read with one lookup: known (stripped by known_tags_only),
// ends a line, holds raw text that is skipped (script, style, template), or separates words.
enum TagFlags : std::uint8_t { kKnownTag = 1, kBlockTag = 2, kRawTextTag = 4, kSpaceTag = 8 };

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
  for (auto name : {"script", "style", "template"}) insert(name, kRawTextTag);
  for (auto name : {"td", "th", "img"}) insert(name, kSpaceTag);
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
static_assert(tag_flags(make_key("style")) == (kRawTextTag | kKnownTag));
static_assert(tag_flags(make_key("th")) == (kSpaceTag | kKnownTag));

// Lower-cased tag name, packed into its key (tag names we care about are short). The key is built
// in registers: writing the bytes to a buffer and loading it as two words stalled on store
// forwarding, a tenth of append_html's time (perf).
struct TagName {
  TagKey key;  // zero past len
  std::size_t len = 0;
  bool too_long = false;
  std::uint8_t flags() const { return too_long || len == 0 ? 0 : tag_flags(key); }
  std::string name() const {
    std::string out(too_long ? 0 : len, '\0');
    for (std::size_t k = 0; k < out.size(); ++k) {
      out[k] = static_cast<char>(((k < 8 ? key.lo : key.hi) >> (8 * (k % 8))) & 0xFF);
    }
    return out;
  }
};

// Bytes of a tag name, lower-cased; 0 for bytes that end it. (One table load per byte instead of
// a chain of range tests: tag names are read for every tag of every text field.)
constexpr std::array<char, 256> kTagNameChars = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_alnum(ch) || ch == '-' || ch == ':' || ch == '_') t[static_cast<std::size_t>(c)] = lower(ch);
  }
  return t;
}();

TagName read_tag_name(std::string_view s, std::size_t& i) {
  TagName name;
  const std::size_t start = i;
  while (i < s.size()) {
    const char c = kTagNameChars[static_cast<unsigned char>(s[i])];
    if (c == 0) break;
    if (i - start < 16) name.key.add(i - start, c);
    ++i;
  }
  const std::size_t len = i - start;
  name.too_long = len > 16;
  name.len = name.too_long ? 0 : len;
  return name;
}

// Writes cp as UTF-8 to out (room for 4 bytes); returns the length.
std::size_t encode_utf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// HTML5 maps numeric references in 0x80-0x9F through windows-1252, since that is what authors meant.
constexpr std::array<std::uint16_t, 32> kC1Map = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

struct Decoded {
  std::size_t consumed = 0;  // 0: not an entity, emit '&' literally
  std::array<char, 16> buf{};  // a block, so that the sink copies a numeric reference's text
  std::string_view text;  // points into buf or into the static entity table
  const char* readable_end() const {
    return text.data() == buf.data() ? buf.data() + buf.size() : text.data() + text.size();
  }
};

// The references feeds use most, with their ';': looked up by their first eight bytes (cut
// after the first ';') in a small hash table before the general path, which scans the name and
// hashes it. Same results: each is in the table under that name, and the general path would stop
// at its ';'. The text is padded to a block, so that the sink copies it without a memcpy call.
struct CommonEntity {
  std::uint64_t key = 0;       // the name with ';', zero past it
  std::size_t length = 0;      // of the name with ';' (0: an empty slot)
  std::string_view utf8;
  std::array<char, 16> padded{};  // utf8, then zeros
};

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;

constexpr std::size_t entity_slot(std::uint64_t key) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 58);
}

constexpr std::array<CommonEntity, 64> build_common_entities() {
  std::array<CommonEntity, 64> table{};
  const std::pair<std::string_view, std::string_view> names[] = {
      {"amp;", "&"},
      {"lt;", "<"},
      {"gt;", ">"},
      {"quot;", "\""},
      {"nbsp;", "\xC2\xA0"},
      {"apos;", "'"},
      {"rsquo;", "\xE2\x80\x99"},
      {"lsquo;", "\xE2\x80\x98"},
      {"ldquo;", "\xE2\x80\x9C"},
      {"rdquo;", "\xE2\x80\x9D"},
      {"mdash;", "\xE2\x80\x94"},
      {"ndash;", "\xE2\x80\x93"},
      {"hellip;", "\xE2\x80\xA6"},
      {"euro;", "\xE2\x82\xAC"},
      {"copy;", "\xC2\xA9"},
      // Numeric references as CMSs write them (WordPress: "It&#8217;s", "&#038;"): the same
      // text as decode_numeric_reference gives, without its digit loop and UTF-8 encoding.
      {"#8217;", "\xE2\x80\x99"},
      {"#8216;", "\xE2\x80\x98"},
      {"#8220;", "\xE2\x80\x9C"},
      {"#8221;", "\xE2\x80\x9D"},
      {"#8211;", "\xE2\x80\x93"},
      {"#8212;", "\xE2\x80\x94"},
      {"#8230;", "\xE2\x80\xA6"},
      {"#039;", "'"},
      {"#39;", "'"},
      {"#038;", "&"},
      {"#x2019;", "\xE2\x80\x99"},
      {"#x201C;", "\xE2\x80\x9C"},
      {"#x201D;", "\xE2\x80\x9D"},
      {"#160;", "\xC2\xA0"}};
  for (const auto& [name, utf8] : names) {
    const std::uint64_t key = name_key(name);  // the names are at most 8 bytes
    std::size_t i = entity_slot(key);
    while (table[i].length != 0) i = (i + 1) % table.size();
    table[i].key = key;
    table[i].length = name.size();
    table[i].utf8 = utf8;
    for (std::size_t k = 0; k < utf8.size(); ++k) table[i].padded[k] = utf8[k];
  }
  return table;
}

constexpr auto kCommonEntities = build_common_entities();

// A common reference found, and the length of its name with ';'. The length is the position of
// the ';', known before the table is read: the position after the reference, from which the
// next event is looked for, then does not wait for the hash and the table load.
struct CommonMatch {
  const CommonEntity* entity = nullptr;
  std::size_t length = 0;
};

// The common reference whose name (with ';') starts at p, which may be read to end; or none.
inline CommonMatch find_common_entity(const char* p, const char* end) {
  if (std::endian::native != std::endian::little || end - p < 8) return {};
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  const std::uint64_t x = word ^ (kOnes * ';');
  const std::uint64_t semicolons = (x - kOnes) & ~x & (kOnes * 0x80);  // lowest bit exact
  if (semicolons == 0) return {};
  const auto bits = static_cast<unsigned>(std::countr_zero(semicolons)) + 1;  // 8, 16, ... 64
  const std::uint64_t key = bits == 64 ? word : word & ((std::uint64_t{1} << bits) - 1);
  for (std::size_t i = entity_slot(key);; i = (i + 1) % kCommonEntities.size()) {
    if (kCommonEntities[i].length == 0) return {};
    if (kCommonEntities[i].key == key) return {&kCommonEntities[i], bits / 8};
  }
}

// Hex digit values, 0xFF for other bytes: one load and one compare per digit of "&#x201C;".
constexpr std::array<std::uint8_t, 256> kHexDigitValues = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    t[c] = c >= '0' && c <= '9'   ? static_cast<std::uint8_t>(c - '0')
           : c >= 'a' && c <= 'f' ? static_cast<std::uint8_t>(c - 'a' + 10)
           : c >= 'A' && c <= 'F' ? static_cast<std::uint8_t>(c - 'A' + 10)
                                  : 0xFF;
  }
  return t;
}();

// Reads the digits of a numeric reference from s[j] into cp (which stops growing past U+10FFFF:
// such a value is replaced anyway) and returns the index after them. One loop per base, so
// that the base is a constant and a digit is one test.
template <unsigned kBase>
std::size_t read_code_point(std::string_view s, std::size_t j, std::uint32_t& cp) {
  for (; j < s.size(); ++j) {
    const auto c = static_cast<unsigned char>(s[j]);
    const unsigned v = kBase == 16 ? kHexDigitValues[c] : c - unsigned{'0'};
    if (v >= kBase) break;
    if (cp <= 0x10FFFF) cp = cp * kBase + v;
  }
  return j;
}

// Decodes the numeric reference starting at s[i] == '&', s[i + 1] == '#'.
Decoded decode_numeric_reference(std::string_view s, std::size_t i) {
  Decoded d;
  std::size_t j = i + 2;
  const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
  if (hex) ++j;
  const std::size_t start = j;
  std::uint32_t cp = 0;
  j = hex ? read_code_point<16>(s, j, cp) : read_code_point<10>(s, j, cp);
  if (j == start) return d;
  if (j < s.size() && s[j] == ';') ++j;
  if (cp >= 0x80 && cp <= 0x9F) cp = kC1Map[cp - 0x80];
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  std::size_t len = 0;
  // Control characters (C0, DEL, the C1 left unmapped) carry nothing for a reader.
  if (!((cp < 0x20 && !is_space(static_cast<char>(cp))) || (cp >= 0x7F && cp <= 0x9F))) {
    len = encode_utf8(cp, d.buf.data());
  }
  d.text = std::string_view(d.buf.data(), len);
  d.consumed = j - i;
  return d;
}

// Decodes the reference starting at s[i] == '&', which is none of the common ones.
Decoded decode_uncommon_entity(std::string_view s, std::size_t i) {
  if (i + 1 < s.size() && s[i + 1] == '#') return decode_numeric_reference(s, i);
  Decoded d;
  std::size_t j = i + 1;
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

// Decodes the reference starting at s[i] == '&'.
Decoded decode_entity(std::string_view s, std::size_t i) {
  if (const CommonMatch m = find_common_entity(s.data() + i + 1, s.data() + s.size()); m.entity) {
    Decoded d;
    d.text = m.entity->utf8;
    d.consumed = m.length + 1;
    return d;
  }
  return decode_uncommon_entity(s, i);
}

// The bytes skip_attributes acts on in a block: '>', '"', '\''.
inline unsigned attribute_stops(Block b) {
  return bits(match_eq(b, '>') | match_eq(b, '"') | match_eq(b, '\''));
}

// Index just past the '>' that closes a tag whose attributes start at i, or npos.
std::size_t skip_attributes(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == '>') return i + 1;  // most tags have no attributes
  // Stops at '>' and quotes only, a block at a time (every other byte is a no-op of the byte
  // rule); the tail is read as the text's last block with the bytes before it masked off.
  const char* p = s.data();
  const std::size_t n = s.size();
  char quote = 0;
  for (std::size_t base = i; base < n; base += kBlock) {
    unsigned m;
    std::size_t at = base;
    if (base + kBlock <= n) {
      m = attribute_stops(load_block(p + base));
    } else if (n >= kBlock) {
      at = n - kBlock;
      m = attribute_stops(load_block(p + at)) & (~0u << (base - at));
    } else {
      m = 0;
      for (std::size_t k = base; k < n; ++k) {
        if (p[k] == '>' || p[k] == '"' || p[k] == '\'') m |= 1u << (k - base);
      }
    }
    for (; m != 0; m &= m - 1) {
      const std::size_t k = at + static_cast<std::size_t>(std::countr_zero(m));
      const char c = p[k];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '>') {
        return k + 1;
      } else if (k > 0 && (p[k - 1] == '=' || is_space(p[k - 1]))) {
        // Only quotes that open an attribute value count; a stray apostrophe must not eat the text.
        quote = c;
      }
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

TextSink::TextSink(Breaks breaks, std::size_t reserve) : breaks_(breaks) {
  if (reserve > 0) out_.resize(reserve + kCopyBlock);
}

void TextSink::grow(std::size_t n) {
  out_.resize(std::max({out_.size() * 2, len_ + n, std::size_t{64}}));
}

void TextSink::write_pending() {
  if (len_ > 0) {
    *room(1) = pending_ == Pending::newline && breaks_ == Breaks::keep ? '\n' : ' ';
    ++len_;
  }
  pending_ = Pending::none;
}

namespace {

// A byte that needs a look: it may start a whitespace run (ASCII controls and space, and 0xC2,
// the lead byte of U+00A0 and of U+0080-U+00BF), or, with kMarkup, start a tag or a reference.
// (By a table: one load where the four tests were a chain of compares, for every event.)
template <bool kMarkup>
constexpr std::array<bool, 256> kEventBytes = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    t[c] = c < 0x21 || c == 0xC2 || (kMarkup && (c == '<' || c == '&'));
  }
  return t;
}();
template <bool kMarkup>
constexpr bool is_event_byte(char ch) {
  return kEventBytes<kMarkup>[static_cast<unsigned char>(ch)];
}

// A space at k that is a single space between text: no event.
template <bool kMarkup>
bool is_lone_space(const char* p, std::size_t k, std::size_t n) {
  return p[k] == ' ' && k + 1 < n && !is_event_byte<kMarkup>(p[k + 1]);
}

// The next event byte at or after i, or n. A single space followed by a byte that is no event
// is no event either (it is copied with the text around it); those are dropped a block at a
// time. (Inlined: a call per event, with the block constants loaded again each time, showed in
// perf.)
// The events of the block at p, lone spaces left out. Unless the text ends with the block
// (`at_end`: a space in the last byte is no lone space), the byte after it is read as the last
// byte's neighbour. (Leaving every space in the last byte an event made one false
// stop, with a mispredicted branch, every hundred bytes or so of English text.)
template <bool kMarkup>
[[gnu::always_inline]] inline unsigned block_events(const char* p, bool at_end) {
  const Block b = load_block(p);
  ByteMatch matches = match_below(b, 0x21) | match_eq(b, '\xC2');
  if constexpr (kMarkup) matches = matches | match_eq(b, '<') | match_eq(b, '&');
  const unsigned events = bits(matches);
  const bool next_is_event = at_end || is_event_byte<kMarkup>(p[kBlock]);
  const unsigned lone = mask_eq(b, ' ') & ~((events >> 1) | (next_is_event ? 0x8000u : 0u));
  return events & ~lone;
}

// The tail, shorter than a block, is read as the last block of the text with the bytes before
// i masked off (a byte loop there cost a mispredicted exit per text, and most titles and names
// are shorter than three blocks). A space in the last byte is no lone space, as in the byte rule.
// A lone space is never returned, so callers need not test for one.
template <bool kMarkup>
[[gnu::always_inline]] inline std::size_t next_event(const char* p, std::size_t n, std::size_t i) {
  for (; i + kBlock <= n; i += kBlock) {
    if (const unsigned m = block_events<kMarkup>(p + i, i + kBlock == n)) {
      return i + static_cast<std::size_t>(std::countr_zero(m));
    }
  }
  if (i >= n) return n;
  if (n >= kBlock) {
    const std::size_t last = n - kBlock;  // i - last is 1 to 15 here
    const unsigned m = block_events<kMarkup>(p + last, true) & (~0u << (i - last));
    return m != 0 ? last + static_cast<std::size_t>(std::countr_zero(m)) : n;
  }
  while (i < n && (!is_event_byte<kMarkup>(p[i]) || is_lone_space<kMarkup>(p, i, n))) ++i;
  return i;
}


}  // namespace

std::size_t TextSink::whitespace_run(std::string_view s, std::size_t k) {
  // The whole run at once: a newline in it wins (with keep_newlines), as space() and
  // block_break() would decide one byte at a time.
  const char* p = s.data();
  const std::size_t n = s.size();
  bool newline = false;
  while (k < n) {
    if (is_space(p[k])) {
      newline |= p[k] == '\n';
      ++k;
    } else if (is_nbsp_at(p, k, n)) {
      k += 2;
    } else {
      break;
    }
  }
  if (keep_newlines_ && newline) {
    block_break();
  } else {
    space();
  }
  return k;
}

void TextSink::text(std::string_view s) {
  // Text is copied in segments as long as possible: a single ' ' between two other characters is
  // copied as it is (it is what the whitespace policy would produce); any other whitespace run
  // ends the segment and goes through space()/block_break().
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t seg = 0;  // start of the segment not yet copied
  std::size_t i = 0;    // bytes before i need no more attention
  while (i < n) {
    const std::size_t k = next_event<false>(p, n, i);
    if (k >= n) break;
    if (!starts_whitespace(p, k, n)) {
      i = k + 1;  // a control character or another C2 sequence: ordinary text
      continue;
    }
    append_segment(s.substr(seg, k - seg), p + n);
    seg = i = whitespace_run(s, k);
  }
  append_segment(s.substr(seg));
}

std::string TextSink::take() {
  pending_ = Pending::none;
  out_.resize(len_);
  len_ = 0;
  return std::move(out_);
}

namespace {

// A common reference that ended at s[after]: as append_html takes any reference, without the
// copy of a Decoded and its tests on the text.
inline void append_common_entity(const CommonEntity& e, std::string_view s, std::size_t after,
                                 TextSink& sink) {
  const char first = e.padded[0];  // in the entry: no load through utf8's pointer
  if (first == '\xC2' && e.padded[1] == '\xA0') {  // &nbsp;: a whitespace run of its own
    sink.space();
    return;
  }
  if ((first == '<' || first == '&') && after < s.size()) {  // see append_html
    const char next = s[after];
    if (is_alpha(next) || next == '#' || next == '/' || next == '!' || next == '&') {
      if (first == '<') {
        sink.note_decoded_lt();
      } else {
        sink.note_decoded_markup();
      }
    }
  }
  // The copy in `padded`, not e.utf8 (a string literal): the sink reads a block from it.
  sink.append_block(e.padded.data(), e.utf8.size());
}

// Whitespace right after a tag ("</p>\n<p>") is taken at once, as the scan would return it next.
// Returns the index after it (i when there is none, or a lone space).
inline std::size_t skip_whitespace_after_tag(std::string_view s, std::size_t i, TextSink& sink) {
  const char* p = s.data();
  if (i < s.size() && starts_whitespace(p, i, s.size()) && !is_lone_space<true>(p, i, s.size())) {
    return sink.whitespace_run_at(s, i);
  }
  return i;
}

// Four bytes from p as a number: on a little-endian CPU, as name_key() packs a literal.
inline std::uint64_t load_word32(const char* p) {
  std::uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}
constexpr std::uint64_t kParagraphEnd = name_key("</p>");
constexpr std::uint64_t kParagraphStart = name_key("<p>");

}  // namespace

void append_html(std::string_view s, TextSink& sink, TagMode mode) {
  // One pass: the scan stops at tags, references and whitespace runs alike, and the text between
  // them goes to the sink in whole segments (it used to be scanned twice: here for '<' and '&',
  // then again by TextSink::text for whitespace).
  const char* p = s.data();
  std::size_t i = 0;
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t end) {
    if (end > text_start) sink.append_segment(s.substr(text_start, end - text_start), p + s.size());
  };
  while (i < s.size()) {
    // A tag or reference right after the last event ("</p>\n<p>", "&rdquo;&nbsp;") needs no
    // scan: one compare here is cheaper than a scan that stops at once, whose exit mispredicts.
    if (p[i] != '<' && p[i] != '&') {
      i = next_event<true>(p, s.size(), i);
      if (i >= s.size()) break;
    }
    char c = s[i];
    if (c != '<' && c != '&') {
      if (!starts_whitespace(p, i, s.size())) {
        ++i;  // a control character or another C2 sequence: ordinary text
        continue;
      }
      flush_text(i);
      i = text_start = sink.whitespace_run_at(s, i);
      continue;
    }
    if (c == '&') {
      if (const CommonMatch m = find_common_entity(p + i + 1, p + s.size()); m.entity) {
        flush_text(i);
        i += m.length + 1;
        append_common_entity(*m.entity, s, i, sink);
        text_start = i;
        continue;
      }
      Decoded d = decode_uncommon_entity(s, i);  // the common ones were looked up just above
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
          if (d.text == "<") {
            sink.note_decoded_lt();
          } else {
            sink.note_decoded_markup();
          }
        }
      }
      // Most references decode to a visible character: it goes to the sink as it is. Whitespace
      // (U+00A0, "&#10;") takes the sink's whitespace rules.
      // (A reference decodes to one character: if it starts whitespace, it is all whitespace.)
      if (!d.text.empty() && !starts_whitespace(d.text.data(), 0, d.text.size())) {
        sink.append_segment(d.text, d.readable_end());
      } else if (!d.text.empty()) {
        sink.whitespace_run(d.text, 0);
      }
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
    // The end of a paragraph as CMSs write it, "</p>" and a newline, then most often "<p>", is
    // taken whole: what the tags and the whitespace would do one event at a time (a block
    // break; whitespace under a break changes nothing).
    if (std::endian::native == std::endian::little && i + 5 <= s.size() &&
        load_word32(p + i) == kParagraphEnd && p[i + 4] == '\n') {
      flush_text(i);
      sink.note_tag();
      sink.block_break();
      i = skip_whitespace_after_tag(s, i + 4, sink);
      if (i + 4 <= s.size() && (load_word32(p + i) & 0xFFFFFF) == kParagraphStart) {
        i = skip_whitespace_after_tag(s, i + 3, sink);
      }
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
    const std::uint8_t flags = name.flags();
    if (mode == TagMode::known_tags_only && !(flags & kKnownTag)) {
      ++i;
      continue;
    }
    std::size_t end = skip_attributes(s, after_name);
    if (end == std::string_view::npos) {
      ++i;  // never closed: it was text after all
      continue;
    }
    flush_text(i);
    sink.note_tag();
    if (!closing && (flags & kRawTextTag) && s[end - 2] != '/') {
      end = skip_raw_text(s, end, name.name());
      sink.space();
    } else if (flags & kBlockTag) {
      sink.block_break();
    } else if (flags & kSpaceTag) {
      sink.space();
    }
    i = skip_whitespace_after_tag(s, end, sink);
    text_start = i;
  }
  flush_text(s.size());
}

namespace {

TagAction action_of(std::uint8_t flags, bool closing, bool self_closing) {
  if (!closing && !self_closing && (flags & kRawTextTag)) return TagAction::raw_text;
  if (flags & kBlockTag) return TagAction::block_break;
  if (flags & kSpaceTag) return TagAction::space;
  return TagAction::none;
}

// The flags of the tag name that starts `name` and ends at its NUL or at the first byte that
// is no name byte, as read_tag_name reads it: eight bytes to a word, without the position test
// per byte.
std::uint8_t c_tag_name_flags(const char* name) {
  TagKey key;
  std::size_t len = 0;
  for (; len < 16; ++len) {
    const char c = kTagNameChars[static_cast<unsigned char>(name[len])];
    if (c == 0) break;
    (len < 8 ? key.lo : key.hi) |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * (len % 8));
  }
  if (len == 16 && kTagNameChars[static_cast<unsigned char>(name[16])] != 0) return 0;  // too long
  return len == 0 ? 0 : tag_flags(key);
}

}  // namespace

TagAction tag_action(std::string_view name, bool closing, bool self_closing) {
  if (name.empty() || !is_alpha(name.front())) return TagAction::literal;  // "a < b": text
  std::size_t end = 0;
  return action_of(read_tag_name(name, end).flags(), closing, self_closing);
}

TagAction tag_action(const char* name, bool closing, bool self_closing) {
  if (!is_alpha(name[0])) return TagAction::literal;  // also the empty name
  return action_of(c_tag_name_flags(name), closing, self_closing);
}

namespace {

// Bytes pugixml prints as "&#NN;" in text (control characters but tab, newline, return).
constexpr bool is_printed_as_reference(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// '&' or '<' as xml_node::print escapes it, followed by `after` as printed (0: nothing): a hint
// that the text was escaped twice when that starts a tag or a reference (see append_html).
void note_printed_markup(char c, char after, TextSink& sink) {
  if (after == 0) return;
  const auto a = static_cast<unsigned char>(after);
  const bool printed_as_reference = a == '&' || a == '<' || a == '>' || is_printed_as_reference(a);
  if (is_alpha(after) || a == '#' || a == '/' || a == '!' || printed_as_reference) {
    if (c == '<') {
      sink.note_decoded_lt();
    } else {
      sink.note_decoded_markup();
    }
  }
}

}  // namespace

void append_escaped_text(std::string_view s, TextSink& sink, char next) {
  // One scan for what print() escapes and for what the sink collapses (it used to be two: one
  // for '&', '<' and control characters, then TextSink::text for whitespace in each piece).
  // Whitespace runs and segments come out as TextSink::text makes them: a control character
  // that is dropped only splits a run, and space()/block_break() join the parts as one.
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t seg = 0;  // start of the text not yet appended
  std::size_t i = 0;
  while (i < n) {
    const std::size_t k = next_event<true>(p, n, i);
    if (k >= n) break;
    const char c = p[k];
    if (c == '&' || c == '<') {  // text, printed as a reference
      note_printed_markup(c, k + 1 < n ? p[k + 1] : next, sink);
      i = k + 1;
      continue;
    }
    if (starts_whitespace(p, k, n)) {
      sink.append_segment(s.substr(seg, k - seg), p + n);
      seg = i = sink.whitespace_run(s, k);
      continue;
    }
    if (is_printed_as_reference(static_cast<unsigned char>(c))) {  // "&#1;": decodes to nothing
      sink.append_segment(s.substr(seg, k - seg), p + n);
      seg = i = k + 1;
      continue;
    }
    i = k + 1;  // another C2 sequence: ordinary text
  }
  sink.append_segment(s.substr(seg), p + n);
}

bool looks_like_markup(std::string_view s) {
  for (std::size_t i = find_markup_char(s, 0); i < s.size(); i = find_markup_char(s, i + 1)) {
    if (s[i] == '&') {
      Decoded d = decode_entity(s, i);
      // Only complete references (with ';') count: "AT&T" or "&copy" in prose is not markup.
      if (d.consumed > 0 && s[i + d.consumed - 1] == ';') return true;
      continue;
    }
    // A fixed four-byte compare: string_view::compare calls memcmp (most fields start "<p>").
    if (i + 4 <= s.size() && std::memcmp(s.data() + i, "<!--", 4) == 0) return true;
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
    // A '\n' in `text` is a paragraph break the pass before made: it stays one.
    next.keep_newlines();
    append_html(text, next, TagMode::known_tags_only);
    again = next.decoded_markup();
    text = next.take();
  }
  return text;
}

namespace {

// Text without a tag, a reference, a control character or whitespace to collapse (most titles,
// names, categories, ids): what the sink would make of it is the text itself. next_event() stops
// at every byte that could change it (and at no single space between characters).
bool is_already_plain(std::string_view s) {
  return !s.empty() && s.front() != ' ' && next_event<true>(s.data(), s.size(), 0) == s.size();
}

}  // namespace

std::string html_to_text(std::string_view html, Breaks breaks) {
  if (is_already_plain(html)) return std::string(html);
  TextSink sink(breaks, html.size());
  append_html(html, sink, TagMode::html);
  return finish_text(sink, breaks);
}

std::string plain_to_text(std::string_view text, Breaks breaks) {
  if (is_already_plain(text)) return std::string(text);
  TextSink sink(breaks, text.size());
  sink.keep_newlines();
  append_html(text, sink, TagMode::known_tags_only);
  return finish_text(sink, breaks);
}

std::size_t map_c1_controls(std::string& text) {
  const auto is_c1_at = [&text](std::size_t k) {
    const auto next = static_cast<unsigned char>(k + 1 < text.size() ? text[k + 1] : 0);
    return next >= 0x80 && next <= 0x9F;
  };
  auto at = text.find('\xC2');
  while (at != std::string::npos && !is_c1_at(at)) at = text.find('\xC2', at + 1);
  if (at == std::string::npos) return 0;
  std::string out(text, 0, at);
  out.reserve(text.size() + 8);
  std::size_t mapped = 0;
  for (std::size_t i = at; i < text.size();) {
    if (text[i] == '\xC2' && is_c1_at(i)) {
      const std::uint32_t cp = kC1Map[static_cast<unsigned char>(text[i + 1]) - 0x80];
      char buf[4];
      if (cp > 0x9F) out.append(buf, encode_utf8(cp, buf));  // the five unmapped ones are dropped
      ++mapped;
      i += 2;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  text = std::move(out);
  return mapped;
}

}  // namespace newswatch::feeds::detail
