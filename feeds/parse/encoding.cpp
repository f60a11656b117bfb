// SPDX-License-Identifier: MIT
#include "feeds/parse/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include "feeds/parse/detail/charset_guess.hpp"
#include "feeds/parse/detail/scan.hpp"
#include "feeds/parse/detail/utf8_copy.hpp"

namespace newswatch::feeds {
namespace {

constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_utf8_name(std::string_view name) {
  auto n = to_lower(name);
  return n == "utf-8" || n == "utf8";
}

// WHATWG Encoding's label mapping for the labels that matter in feeds.
std::string icu_name(std::string_view name) {
  auto n = to_lower(trim(name));
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1" || n == "latin-1" || n == "l1" ||
      n == "us-ascii" || n == "ascii" || n == "iso_8859-1" || n == "cp819") {
    return "windows-1252";
  }
  if (n == "gb2312" || n == "x-gbk" || n == "gb_2312-80") return "GBK";
  if (n == "x-sjis" || n == "sjis" || n == "ms_kanji" || n == "csshiftjis") return "Shift_JIS";
  return std::string(trim(name));
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Replaces every illegal, irregular or unassigned sequence by U+FFFD and counts it.
void U_CALLCONV substitute_and_count(const void* context, UConverterToUnicodeArgs* args,
                                     const char* /*units*/, int32_t /*length*/,
                                     UConverterCallbackReason reason, UErrorCode* err) {
  if (reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR && reason != UCNV_UNASSIGNED) return;
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  static constexpr UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

struct Conversion {
  std::string utf8;
  std::size_t replaced = 0;
};

// nullopt when ICU does not know the charset.
std::optional<Conversion> convert(std::string_view bytes, const std::string& charset) {
  UErrorCode err = U_ZERO_ERROR;
  Converter conv{ucnv_open(charset.c_str(), &err)};
  if (U_FAILURE(err) || !conv) return std::nullopt;
  Conversion out;
  err = U_ZERO_ERROR;
  ucnv_setToUCallBack(conv.get(), substitute_and_count, &out.replaced, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return std::nullopt;

  std::u16string wide(bytes.size() + 16, u'\0');
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  std::size_t used = 0;
  for (;;) {
    UChar* target = reinterpret_cast<UChar*>(wide.data()) + used;
    UChar* target_end = reinterpret_cast<UChar*>(wide.data()) + wide.size();
    err = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, target_end, &src, src_end, nullptr, true, &err);
    used = static_cast<std::size_t>(target - reinterpret_cast<UChar*>(wide.data()));
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      wide.resize(wide.size() * 2);
      continue;
    }
    if (U_FAILURE(err)) return std::nullopt;
    break;
  }
  wide.resize(used);

  int32_t length = 0;
  int32_t subs = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &length, reinterpret_cast<const UChar*>(wide.data()),
                     static_cast<int32_t>(wide.size()), 0xFFFD, &subs, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return std::nullopt;
  out.utf8.resize(static_cast<std::size_t>(length));
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.utf8.data(), length, &length, reinterpret_cast<const UChar*>(wide.data()),
                     static_cast<int32_t>(wide.size()), 0xFFFD, &subs, &err);
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) return std::nullopt;
  out.replaced += static_cast<std::size_t>(subs);
  return out;
}

struct Bom {
  std::string_view charset;
  std::size_t length = 0;
};

Bom sniff_bom(std::string_view b) {
  auto starts = [&](std::string_view p) { return b.substr(0, p.size()) == p; };
  using namespace std::string_view_literals;
  if (starts("\xEF\xBB\xBF"sv)) return {"UTF-8", 3};
  if (starts("\xFF\xFE\x00\x00"sv)) return {"UTF-32LE", 4};
  if (starts("\x00\x00\xFE\xFF"sv)) return {"UTF-32BE", 4};
  if (starts("\xFF\xFE"sv)) return {"UTF-16LE", 2};
  if (starts("\xFE\xFF"sv)) return {"UTF-16BE", 2};
  return {};
}

// "<?xml" in UTF-16 without a BOM: squeeze out the zero bytes to read the declaration.
std::string ascii_prefix(std::string_view b) {
  using namespace std::string_view_literals;
  const bool le = b.substr(0, 4) == "<\0?\0"sv;
  const bool be = b.substr(0, 4) == "\0<\0?"sv;
  std::string_view head = b.substr(0, 1024);
  if (!le && !be) return std::string(head);
  std::string out;
  for (std::size_t i = be ? 1 : 0; i < head.size(); i += 2) out.push_back(head[i]);
  return out;
}

// A document without a BOM in an encoding that is not ASCII-compatible, told by how its first
// character '<' is written (XML 1.0 Appendix F): UTF-32, UTF-16 (with or without a declaration),
// or EBCDIC ("<?xm" as 4C 6F A7 94), whose declaration names the code page.
std::string utf16_without_bom(std::string_view b) {
  using namespace std::string_view_literals;
  if (b.size() < 4) return {};
  if (b.substr(0, 4) == "\0\0\0<"sv) return "UTF-32BE";
  if (b.substr(0, 4) == "<\0\0\0"sv) return "UTF-32LE";
  if (b[0] == '<' && b[1] == '\0' && b[2] != '\0' && b[3] == '\0') return "UTF-16LE";
  if (b[0] == '\0' && b[1] == '<' && b[2] == '\0' && b[3] != '\0') return "UTF-16BE";
  if (b.substr(0, 4) == "\x4C\x6F\xA7\x94"sv) return "EBCDIC";
  return {};
}

void drop_nul(DecodedText& out) {
  if (out.utf8.find('\0') == std::string::npos) return;  // memchr: the common case costs little
  auto n = std::erase(out.utf8, '\0');
  if (n > 0) out.warnings.push_back("dropped " + std::to_string(n) + " NUL characters");
}

// The last steps for a text that did not come from detail::copy_valid_utf8 as it is.
void finish(DecodedText& out) {
  drop_nul(out);
  out.references = find_char_references(out.utf8);
}

// The last steps for a text copied by detail::copy_valid_utf8, which found its references.
void finish(DecodedText& out, const detail::Utf8Copy& copy) {
  if (copy.has_nul) {
    finish(out);  // dropping a NUL may join a '&' and a '#'
  } else {
    out.references = copy.references;
  }
}

// Length of the well-formed UTF-8 sequence at s[i], or 0 if it is ill-formed there.
inline std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto n = s.size();
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + 1 >= n) return 0;
  const auto c1 = static_cast<unsigned char>(s[i + 1]);
  if (c1 < lo || c1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (i + k >= n) return 0;
    const auto ck = static_cast<unsigned char>(s[i + k]);
    if (ck < 0x80 || ck > 0xBF) return 0;
  }
  return len;
}

// Enough evidence for a charset guess: at least kMinGuessEvidence bytes >= 0x80, and not
// mostly UTF-8 (a UTF-8 document with a few broken sequences stays UTF-8 with U+FFFD in them).
constexpr std::size_t kMinGuessEvidence = 16;

bool worth_guessing(std::string_view s) {
  std::size_t high = 0;
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto len = sequence_length(s, i);
    if (len == 0) {
      ++invalid;
      ++high;
      ++i;
    } else {
      ++valid;
      high += len;
      i += len;
    }
  }
  return high >= kMinGuessEvidence && invalid > valid;
}

// Skips whole blocks of five valid three-byte sequences starting at p[i] (lead E1-EC or EE-EF,
// then two continuation bytes each: valid whatever they hold); returns where it stopped.
std::size_t skip_three_byte_blocks(const unsigned char* p, std::size_t n, std::size_t i) {
#if defined(__SSE2__)
  // Bytes biased by 0x80 so that signed compares order them as unsigned ones.
  const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80));
  auto in_range = [&](__m128i biased, unsigned lo, unsigned hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(biased, _mm_set1_epi8(static_cast<char>((lo - 1) ^ 0x80))),
                         _mm_cmplt_epi8(biased, _mm_set1_epi8(static_cast<char>((hi + 1) ^ 0x80))));
  };
  constexpr unsigned kLeads = 0x1249;          // bytes 0, 3, 6, 9, 12
  constexpr unsigned kContinuations = 0x6DB6;  // the two bytes after each
  while (i + 16 <= n) {
    const __m128i b = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), bias);
    const __m128i lead = _mm_or_si128(in_range(b, 0xE1, 0xEC), in_range(b, 0xEE, 0xEF));
    const auto leads = static_cast<unsigned>(_mm_movemask_epi8(lead)) & 0x7FFFu;
    const auto continuations = static_cast<unsigned>(_mm_movemask_epi8(in_range(b, 0x80, 0xBF))) & 0x7FFFu;
    if (leads != kLeads || continuations != kContinuations) break;
    i += 15;
  }
#else
  (void)p;
  (void)n;
#endif
  return i;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      // Most of a feed is ASCII markup: skipped a block at a time, unless the next byte already
      // starts a sequence (CJK text with ASCII punctuation between characters).
      ++i;
      if (i < n && p[i] < 0x80) i = detail::find_non_ascii(s, i);
      continue;
    }
    // Runs of three-byte sequences (CJK text): five at a time with SSE2, then one 32-bit load
    // and mask each: lead E1-EC or EE-EF and two continuation bytes. E0 and ED (with narrower
    // limits) take the check below.
    i = skip_three_byte_blocks(p, n, i);
    if constexpr (std::endian::native == std::endian::little) {
      while (i + 4 <= n) {
        std::uint32_t v;
        std::memcpy(&v, p + i, 4);
        const unsigned lead = v & 0xFF;
        if ((v & 0xC0C0F0u) != 0x8080E0u || lead == 0xE0 || lead == 0xED) break;
        i += 3;
      }
      if (i >= n) break;
      if (p[i] < 0x80) continue;
    }
    const unsigned lead = p[i];
    // Three-byte sequences inline: lead E1-EC/EE-EF, or E0 / ED with their limits.
    if ((lead & 0xF0) == 0xE0 && i + 2 < n) {
      const unsigned c1 = p[i + 1];
      const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80;
      const unsigned hi = lead == 0xED ? 0x9F : 0xBF;
      if (c1 < lo || c1 > hi || (p[i + 2] & 0xC0) != 0x80) return false;
      i += 3;
      continue;
    }
    const auto len = sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::size_t repair_utf8(std::string& text) {
  if (is_valid_utf8(text)) return 0;
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t replaced = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto len = sequence_length(text, i);
    if (len > 0) {
      out.append(text, i, len);
      i += len;
      continue;
    }
    // Skip the lead byte and any continuation bytes after it: one U+FFFD per broken sequence.
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    out.append("\xEF\xBF\xBD");
    ++replaced;
  }
  text = std::move(out);
  return replaced;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string charset_from_content_type(std::string_view content_type) {
  auto lowered = to_lower(content_type);
  for (auto pos = lowered.find("charset"); pos != std::string::npos;
       pos = lowered.find("charset", pos + 7)) {
    // Only as a parameter name: preceded by ';' or whitespace.
    auto before = lowered.find_last_not_of(" \t", pos == 0 ? 0 : pos - 1);
    if (pos != 0 && (before == std::string::npos || lowered[before] != ';')) continue;
    auto eq = lowered.find_first_not_of(" \t", pos + 7);
    if (eq == std::string::npos || lowered[eq] != '=') continue;
    auto v = content_type.substr(eq + 1);
    v = trim(v);
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
      const char q = v.front();
      v.remove_prefix(1);
      v = v.substr(0, v.find(q));
    } else {
      v = v.substr(0, v.find_first_of("; \t"));
    }
    return std::string(trim(v));
  }
  return {};
}

std::string xml_declared_encoding(std::string_view bytes) {
  const std::string head = ascii_prefix(bytes);
  if (head.compare(0, 5, "<?xml") != 0) return {};
  const auto end = head.find("?>");
  const std::string_view decl = std::string_view(head).substr(0, end);
  const auto pos = decl.find("encoding");
  if (pos == std::string_view::npos) return {};
  auto rest = decl.substr(pos + 8);
  rest = trim(rest);
  if (rest.empty() || rest.front() != '=') return {};
  rest.remove_prefix(1);
  rest = trim(rest);
  if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return {};
  const char q = rest.front();
  rest.remove_prefix(1);
  const auto close = rest.find(q);
  if (close == std::string_view::npos) return {};
  return std::string(trim(rest.substr(0, close)));
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view content_type) {
  DecodedText out;
  const Bom bom = sniff_bom(bytes);
  const std::string_view body = bytes.substr(bom.length);

  // Candidates in order of authority; see the header.
  std::vector<std::string> candidates;
  if (!bom.charset.empty()) {
    candidates.emplace_back(bom.charset);
  } else {
    auto declared = xml_declared_encoding(body);
    if (auto http = charset_from_content_type(content_type); !http.empty()) candidates.push_back(http);
    auto utf16 = utf16_without_bom(body);
    if (utf16 == "EBCDIC") {
      // The declaration read in the common EBCDIC code page (its ASCII letters are the same in
      // all of them) names the one the document uses.
      auto head = convert(body.substr(0, 256), "IBM037");
      auto named = head ? xml_declared_encoding(head->utf8) : std::string();
      candidates.push_back(named.empty() ? "IBM037" : named);
    } else if (!utf16.empty()) {
      // A declaration read out of UTF-16 can only be a UTF-16 label; trust the byte pattern.
      candidates.push_back(utf16);
    } else if (!declared.empty()) {
      // "UTF-16" declared over bytes that are evidently ASCII-compatible is a lie; skip it.
      auto d = to_lower(declared);
      if (d.rfind("utf-16", 0) != 0 && d.rfind("utf-32", 0) != 0) candidates.push_back(declared);
    }
    candidates.emplace_back("UTF-8");
  }

  // Servers and templates label everything ISO-8859-1 by default. Text in a legacy charset is
  // practically never valid UTF-8 once it has bytes >= 0x80 (CJK multi-byte encodings use lead
  // bytes UTF-8 forbids), so such a body is UTF-8 whatever its label says. (Searched for only
  // then: in an ASCII document labelled UTF-8 the search would be a pass of its own.)
  const auto has_non_ascii = [body] { return detail::ascii_run(body, 0) < body.size(); };
  if (bom.charset.empty() && !is_utf8_name(candidates.front()) && has_non_ascii()) {
    if (const auto copy = detail::copy_valid_utf8(body, out.utf8); copy.valid) {
      out.charset = "UTF-8";
      out.warnings.push_back("labelled " + candidates.front() + " but the bytes are UTF-8; read as UTF-8");
      finish(out, copy);
      return out;
    }
  }

  std::optional<Conversion> first;
  std::string first_name;
  for (const auto& name : candidates) {
    if (is_utf8_name(name)) {
      if (const auto copy = detail::copy_valid_utf8(body, out.utf8); copy.valid) {
        out.charset = name;
        if (!first_name.empty() && first_name != name) {
          out.warnings.push_back("declared charset " + first_name + " does not fit the bytes; read as " + name);
        }
        finish(out, copy);
        return out;
      }
    }
    auto conv = convert(body, icu_name(name));
    if (!conv) {
      out.warnings.push_back("unknown charset '" + name + "', ignored");
      continue;
    }
    if (conv->replaced == 0) {
      if (!first_name.empty() && first_name != name) {
        out.warnings.push_back("declared charset " + first_name + " does not fit the bytes; read as " + name);
      }
      out.utf8 = std::move(conv->utf8);
      out.charset = name;
      finish(out);
      return out;
    }
    if (!first) {
      first = std::move(conv);
      first_name = name;
    }
  }
  // No candidate decodes cleanly: the declaration is missing or lies, and the bytes are not
  // UTF-8. Ask uchardet, and take its guess if it decodes with fewer invalid sequences. (Not with
  // a BOM, which is authoritative; not on too little evidence, see the header.)
  if (first && bom.charset.empty() && worth_guessing(body)) {
    const bool declared = candidates.size() > 1;  // more than the UTF-8 default
    if (auto guess = detail::guess_charset(body); !guess.empty() && !is_utf8_name(guess)) {
      if (auto conv = convert(body, icu_name(guess)); conv && conv->replaced < first->replaced) {
        out.warnings.push_back(
            declared ? "declared charset " + first_name + " does not fit the bytes (" +
                           std::to_string(first->replaced) + " invalid sequences); guessed " + guess +
                           " from the content"
                     : "no charset declared and the bytes are not UTF-8; guessed " + guess + " from the content");
        out.utf8 = std::move(conv->utf8);
        out.charset = guess;
        out.replaced = conv->replaced;
        if (out.replaced > 0) {
          out.warnings.push_back(std::to_string(out.replaced) + " invalid byte sequences in " + guess +
                                 " replaced by U+FFFD");
        }
        finish(out);
        return out;
      }
    }
  }
  if (first) {
    out.utf8 = std::move(first->utf8);
    out.charset = first_name;
    out.replaced = first->replaced;
    out.warnings.push_back(std::to_string(out.replaced) + " invalid byte sequences in " + first_name +
                           " replaced by U+FFFD");
  } else {
    // Not even UTF-8 opened (cannot happen with a working ICU): keep the bytes' ASCII.
    for (char c : body) out.utf8.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '?');
    out.charset = "US-ASCII";
    out.warnings.push_back("no charset converter available; non-ASCII bytes replaced");
  }
  finish(out);
  return out;
}

CharReferences find_char_references(std::string_view text) {
  // '#' is rarer than '&' in escaped HTML: search for it (memchr) and look back.
  CharReferences references;
  for (auto i = text.find('#'); i != std::string_view::npos && !(references.bad && references.c1);
       i = text.find('#', i + 1)) {
    if (i > 0 && text[i - 1] == '&') detail::note_char_reference(text, i, references);
  }
  return references;
}

}  // namespace newswatch::feeds
