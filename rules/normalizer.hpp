// SPDX-License-Identifier: MIT
#pragma once
// Text normalisation shared by documents and query terms, so both sides fold the same way.
//
//   original text ──► tokens ──► each token: NFKC + full case folding (ICU nfkc_cf)
//                                              + Han traditional → simplified
//
// Tokens are what terms match against:
//   - Words: runs of letters, digits and combining marks (Latin, Cyrillic, Greek, Hangul, ...).
//     An apostrophe (' or ’) between letters splits the word, except that a possessive 's at the
//     end of a word is dropped: "China's" → [china], "O'Brien" → [o, brien], "don't" → [don, t].
//     Queries are tokenised the same way, so the query term `China's` is just `china`.
//   - CJK (Han, Hiragana, Katakana, and the prolonged sound mark ー): one token per character, so
//     a CJK term is a run of consecutive character tokens and matches as a substring of running
//     CJK text ("日本" is found inside "日本と中国の首脳が会談"). Hangul, Thai, Lao, Khmer and
//     Myanmar are treated the same way (combining marks stay with their base character): Thai
//     has no spaces between words, and Korean attaches particles to nouns (일본 in 일본은).
//   - Everything else (spaces, punctuation, symbols) separates tokens.
// Each token keeps the byte range of its source in the ORIGINAL text, for highlights.
//
// Thread-safety: every function here may be called from any thread (ICU transliterators are
// kept per thread).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::rules {

struct Token {
  std::string text;        // normalised form (UTF-8)
  std::size_t begin = 0;   // byte offset of the source in the original text
  std::size_t end = 0;     // one past the last byte of the source
  bool cjk = false;        // a single character of a substring-matched script (CJK, Hangul, Thai...)
};

// NFKC + full case folding + Han traditional→simplified of a whole string, without tokenising.
std::string normalize_text(std::string_view text);

// NFKC + Han traditional→simplified, WITHOUT case folding: the form exact-case terms (=NATO)
// compare, so that full-width "ＮＡＴＯ" is "NATO" but "Nato" is not.
std::string normalize_keep_case(std::string_view text);

// Splits `text` (UTF-8; invalid bytes act as separators) into normalised tokens.
std::vector<Token> tokenize(std::string_view text);

// True when Han traditional→simplified folding is available (ICU "Traditional-Simplified").
bool han_folding_available();

}  // namespace newswatch::rules
