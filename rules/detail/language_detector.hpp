// SPDX-License-Identifier: MIT
#pragma once
// Which language a document is in, for `lang:`: the declared language when it is plausible,
// else what CLD2 (Compact Language Detector 2, libcld2) detects in the title, summary and
// content. Stateless; every function may be called from any thread at once (CLD2 keeps its
// scoring state on the caller's stack).
//
// Detection costs about 30 000 instructions per headline (callgrind), as much as a whole
// match() of the item, so the matcher calls this only when it evaluates a `lang:` node (see
// MatchContext).

#include <cstdint>
#include <string>
#include <string_view>

namespace newswatch::rules::detail {

// A language tag normalised as `lang:` compares it: lower case, '_' → '-' ("zh_TW" → "zh-tw").
std::string normalize_language_tag(std::string_view tag);

struct DetectedLanguage {
  // Lower case, as `lang:` compares: "en", "ja", "ko", "zh" (simplified), "zh-hant"
  // (traditional), "he" (CLD2's "iw"); empty when CLD2 is unsure (short or mixed text).
  std::string code;
  int percent = 0;  // share of the text's letters in that language, 0..100
};

// CLD2 over the fields (plain text, UTF-8; invalid bytes end the text that is looked at).
// At most the first 4 KiB of each field is read.
DetectedLanguage detect_language(std::string_view title, std::string_view summary, std::string_view content);

// `text` with every invalid UTF-8 sequence (and encoded surrogate) replaced by a space.
std::string valid_utf8(std::string_view text);

// How many times detect_language() has run in this process (for tests and diagnostics: the
// matcher must not detect when no rule needs it).
std::uint64_t detections_run();

// True when a declared language cannot be right for the text, judged by script alone (cheap,
// no detection): a Chinese, Japanese or Korean declaration over text without one Han, kana or
// Hangul letter among at least 20 letters, or any other declaration over text whose letters
// are mostly Han, kana or Hangul (at least 8 of them). CMS defaults ("en-US" on a Japanese site) and feed-level
// tags on mixed-language feeds are the usual causes.
bool declaration_implausible(std::string_view declared, std::string_view title, std::string_view summary,
                             std::string_view content);

struct EffectiveLanguage {
  std::string code;       // normalised; empty: unknown (no lang: matches)
  bool detected = false;  // true when `code` came from CLD2 rather than the declaration
};

// What `lang:` tests: the declared language (normalised) unless it is empty or implausible;
// then the detected one. When an implausible declaration meets unsure detection, the
// declaration stays (detection has nothing better to offer).
EffectiveLanguage effective_language(std::string_view declared, std::string_view title, std::string_view summary,
                                     std::string_view content);

}  // namespace newswatch::rules::detail
