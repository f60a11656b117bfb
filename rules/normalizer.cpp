// SPDX-License-Identifier: MIT
#include "rules/normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace newswatch::rules {
namespace {

const icu::Normalizer2* nfkc_cf() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(ec);
    return U_SUCCESS(ec) ? n : nullptr;
  }();
  return instance;
}

const icu::Normalizer2* nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(ec);
    return U_SUCCESS(ec) ? n : nullptr;
  }();
  return instance;
}

// The prototype is built once; transliterate() keeps per-call state in the object, so each
// thread works on its own clone.
const icu::Transliterator* han_prototype() {
  static const std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode ec = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, ec));
    if (U_FAILURE(ec)) t.reset();
    return t;
  }();
  return instance.get();
}

icu::Transliterator* han_folder() {
  thread_local std::unique_ptr<icu::Transliterator> local =
      han_prototype() ? std::unique_ptr<icu::Transliterator>(han_prototype()->clone()) : nullptr;
  return local.get();
}

bool is_ascii_alnum(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool is_cjk(UChar32 c) {
  if (c < 0xE00) return false;  // below Thai, no script written without spaces
  if (c == 0x30FC || c == 0xFF70 || c == 0x3005 || c == 0x3006) return true;  // ー ｰ 々 〆
  UErrorCode ec = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &ec);
  // Scripts written without spaces between words (and Korean, whose particles attach to the
  // noun: 일본은 is 일본 + topic marker) match as substrings, one token per character.
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL || script == USCRIPT_THAI || script == USCRIPT_LAO ||
         script == USCRIPT_KHMER || script == USCRIPT_MYANMAR;
}

bool is_mark(UChar32 c) {
  if (c < 0x300) return false;
  const auto type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK || (c >= 0x3099 && c <= 0x309C) || c == 0xFF9E || c == 0xFF9F;
}

bool is_word(UChar32 c) {
  if (c < 0x80) return is_ascii_alnum(c);
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c) ||
         u_charType(c) == U_OTHER_NUMBER || is_mark(c);
}

bool is_apostrophe(UChar32 c) { return c == 0x27 || c == 0x2019; }

UChar32 peek(std::string_view s, std::size_t i, std::size_t* next) {
  int32_t pos = static_cast<int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  *next = static_cast<std::size_t>(pos);
  return c;
}

icu::UnicodeString fold(std::string_view text, bool han, bool case_fold = true) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (const auto* n = case_fold ? nfkc_cf() : nfkc()) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::UnicodeString out = n->normalize(u, ec);
    if (U_SUCCESS(ec)) u = std::move(out);
  }
  if (han) {
    if (auto* t = han_folder()) t->transliterate(u);
  }
  return u;
}

// CJK characters repeat a lot; caching their folded forms saves the transliterator calls.
const std::vector<std::string>& fold_cjk(std::string_view segment) {
  thread_local std::unordered_map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(std::string(segment));
  if (it != cache.end()) return it->second;
  if (cache.size() > 50000) cache.clear();
  const icu::UnicodeString u = fold(segment, true);
  std::vector<std::string> parts;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    int32_t len = U16_LENGTH(c);
    // Keep marks with their base character (dakuten that did not compose).
    while (i + len < u.length() && is_mark(u.char32At(i + len))) len += U16_LENGTH(u.char32At(i + len));
    std::string part;
    u.tempSubString(i, len).toUTF8String(part);
    if (!is_word(c) && !is_cjk(c)) part.clear();
    if (!part.empty()) parts.push_back(std::move(part));
    i += len;
  }
  return cache.emplace(std::string(segment), std::move(parts)).first->second;
}

}  // namespace

bool han_folding_available() { return han_prototype() != nullptr; }

std::string normalize_text(std::string_view text) {
  std::string out;
  fold(text, true).toUTF8String(out);
  return out;
}

std::string normalize_keep_case(std::string_view text) {
  std::string out;
  fold(text, true, false).toUTF8String(out);
  return out;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 4);  // about one token per word; saves the regrowth moves
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t next = 0;
    const UChar32 c = peek(text, i, &next);
    if (c < 0) {
      i = next;
      continue;
    }
    if (is_cjk(c)) {
      std::size_t end = next;
      while (end < text.size()) {
        std::size_t after = 0;
        const UChar32 m = peek(text, end, &after);
        if (m < 0 || !is_mark(m)) break;
        end = after;
      }
      for (const auto& part : fold_cjk(text.substr(i, end - i))) {
        tokens.push_back(Token{part, i, end, true});
      }
      i = end;
      continue;
    }
    if (!is_word(c) || is_mark(c)) {
      i = next;
      continue;
    }
    const std::size_t begin = i;
    std::size_t end = next;
    std::size_t resume = next;
    while (end < text.size()) {
      std::size_t after = 0;
      const UChar32 d = peek(text, end, &after);
      if (d < 0 || is_cjk(d)) {
        resume = end;
        break;
      }
      if (is_apostrophe(d)) {
        resume = after;
        // A possessive 's ends the word and is dropped.
        std::size_t after_s = 0;
        const UChar32 s = after < text.size() ? peek(text, after, &after_s) : -1;
        if (s == 's' || s == 'S') {
          std::size_t after_next = 0;
          const UChar32 n = after_s < text.size() ? peek(text, after_s, &after_next) : -1;
          if (n < 0 || !is_word(n) || is_cjk(n)) resume = after_s;
        }
        break;
      }
      if (!is_word(d)) {
        resume = after;
        break;
      }
      end = after;
      resume = after;
    }
    const auto word = text.substr(begin, end - begin);
    std::string folded;
    if (std::all_of(word.begin(), word.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; })) {
      // NFKC leaves ASCII alone and case folding is then just lower-casing: skip ICU.
      folded.resize(word.size());
      std::transform(word.begin(), word.end(), folded.begin(),
                     [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; });
    } else {
      fold(word, false).toUTF8String(folded);
    }
    if (!folded.empty()) tokens.push_back(Token{std::move(folded), begin, end, false});
    i = resume;
  }
  return tokens;
}

}  // namespace newswatch::rules
