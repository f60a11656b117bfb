// SPDX-License-Identifier: MIT
#include "rules/detail/language_detector.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace newswatch::rules::detail {
namespace {

constexpr std::size_t kMaxFieldBytes = 4096;  // enough to decide; bounds the cost on long content
constexpr std::size_t kMinLettersForScriptCheck = 20;
constexpr std::size_t kMinCjkForScriptCheck = 8;

std::atomic<std::uint64_t> detections{0};

// The first `max` bytes of `text`, not cutting a UTF-8 sequence.
std::string_view head(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// CLD2's codes, as `lang:` compares them. Script-only results ("xx-Hani"), "un" (unknown),
// "xxx" (ignore) and the unnamed numbered slots are not languages.
std::string from_cld2(CLD2::Language language) {
  const std::string_view code = CLD2::LanguageCode(language);
  if (code.empty() || !std::isalpha(static_cast<unsigned char>(code.front())) || code == "un" || code == "xxx" ||
      code.starts_with("xx-") || code.starts_with("zz")) {
    return {};
  }
  // CLD2 keeps three withdrawn ISO 639 codes.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  return normalize_language_tag(code);
}

struct ScriptCount {
  std::size_t letters = 0;
  std::size_t cjk = 0;  // Han, Hiragana, Katakana, Hangul
};

void count_scripts(std::string_view text, ScriptCount& out) {
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0x80) {
      out.letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      continue;
    }
    if (!u_isalpha(c)) continue;
    ++out.letters;
    UErrorCode ec = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &ec);
    out.cjk += script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
               script == USCRIPT_HANGUL;
  }
}

bool is_cjk_language(std::string_view tag) {
  const auto primary = tag.substr(0, tag.find('-'));
  return primary == "ja" || primary == "zh" || primary == "ko" || primary == "yue";
}

}  // namespace

std::string normalize_language_tag(std::string_view tag) {
  std::string out(tag);
  for (auto& c : out) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || U_IS_SURROGATE(c) || c > 0x10FFFF) out += ' ';
    else out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  return out;
}

std::uint64_t detections_run() { return detections.load(std::memory_order_relaxed); }

DetectedLanguage detect_language(std::string_view title, std::string_view summary, std::string_view content) {
  detections.fetch_add(1, std::memory_order_relaxed);
  std::string text;
  for (const auto field : {title, summary, content}) {
    if (field.empty()) continue;
    if (!text.empty()) text += '\n';
    text += head(field, kMaxFieldBytes);
  }
  if (text.empty()) return {};
  // CLD2 reads invalid UTF-8 out of bounds (its own CheckUTF8 entry point included: found by
  // fuzz_language), so it only ever sees valid UTF-8: anything else becomes a space.
  text = valid_utf8(text);
  const CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  std::array<CLD2::Language, 3> language3{};
  std::array<int, 3> percent3{};
  std::array<double, 3> score3{};
  int text_bytes = 0;
  bool reliable = false;
  const auto language = CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()), true, &hints, 0,
                                                       language3.data(), percent3.data(), score3.data(), nullptr,
                                                       &text_bytes, &reliable);
  if (!reliable) return {};
  DetectedLanguage out{from_cld2(language), language3[0] == language ? percent3[0] : 0};
  if (out.code.empty()) out.percent = 0;
  return out;
}

bool declaration_implausible(std::string_view declared, std::string_view title, std::string_view summary,
                             std::string_view content) {
  ScriptCount count;
  for (const auto field : {title, summary, content}) count_scripts(head(field, kMaxFieldBytes), count);
  if (is_cjk_language(normalize_language_tag(declared))) {
    return count.letters >= kMinLettersForScriptCheck && count.cjk == 0;
  }
  // A CJK character carries about what a word does: a short headline already says enough.
  return count.cjk >= kMinCjkForScriptCheck && count.cjk * 2 > count.letters;
}

EffectiveLanguage effective_language(std::string_view declared, std::string_view title, std::string_view summary,
                                     std::string_view content) {
  auto tag = normalize_language_tag(declared);
  if (!tag.empty() && !declaration_implausible(tag, title, summary, content)) return {std::move(tag), false};
  auto found = detect_language(title, summary, content);
  if (found.code.empty()) return {std::move(tag), false};
  return {std::move(found.code), true};
}

}  // namespace newswatch::rules::detail
