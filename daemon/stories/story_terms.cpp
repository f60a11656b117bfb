// SPDX-License-Identifier: MIT
#include "daemon/stories/story_terms.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "rules/normalizer.hpp"

namespace newswatch::daemon {
namespace {

// Sorted, for binary search. Function words, reporting verbs and calendar words: they occur in
// every story and would make unrelated items look alike.
constexpr std::array<std::string_view, 146> kStopwords = {
    "a", "about", "according", "after", "again", "against", "ago", "all", "also", "am", "amid",
    "among", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "early",
    "even", "ever", "for", "friday", "from", "further", "had", "has", "have", "he", "her", "here",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "last", "late",
    "later", "like", "made", "make", "many", "may", "me", "monday", "more", "most", "mr", "ms",
    "much", "must", "my", "near", "new", "no", "not", "now", "of", "on", "one", "only", "or",
    "other", "our", "out", "over", "per", "reported", "reporters", "reports", "said", "saturday",
    "say", "says", "she", "should", "since", "so", "some", "still", "such", "sunday", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "thursday", "to", "told", "too", "tuesday", "two", "under", "until", "up", "us", "very", "was",
    "we", "wednesday", "week", "were", "what", "when", "where", "which", "while", "who", "will",
    "with", "would", "year", "years", "yesterday", "you",
};

// A capitalised word inside a sentence is most likely a name (Ishiba, Lima, Senkaku): the
// strongest sign of which event an item reports. Headlines capitalise everything, so they get
// no such boost.
bool looks_like_name(std::string_view text, std::size_t begin) {
  if (begin >= text.size() || text[begin] < 'A' || text[begin] > 'Z') return false;
  std::size_t i = begin;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '"' || text[i - 1] == '(')) --i;
  if (i == 0) return false;
  const char before = text[i - 1];
  return before != '.' && before != '!' && before != '?' && before != ':' && before != '\n';
}

void add_field(TermVector& counts, std::string_view text, double weight, bool boost_names) {
  const auto tokens = rules::tokenize(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (token.cjk) {
      // Bigrams of adjacent CJK characters; a lone character is too ambiguous to count.
      if (i + 1 < tokens.size() && tokens[i + 1].cjk && tokens[i + 1].begin == token.end)
        counts[token.text + tokens[i + 1].text] += weight;
      continue;
    }
    if (token.text.size() < 2 || is_story_stopword(token.text)) continue;
    if (std::all_of(token.text.begin(), token.text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;  // bare numbers: dates and counts, not what a story is about
    counts[token.text] += boost_names && looks_like_name(text, token.begin) ? 2 * weight : weight;
  }
}

}  // namespace

bool is_story_stopword(std::string_view normalised_word) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), normalised_word);
}

TermVector story_terms(const StoryText& text) {
  TermVector counts;
  add_field(counts, text.title, 2.0, false);
  add_field(counts, text.summary, 1.0, true);
  // Cut at a character boundary: never in the middle of a UTF-8 sequence.
  std::size_t cut = std::min(text.content.size(), kContentPrefix);
  while (cut < text.content.size() && cut > 0 && (static_cast<unsigned char>(text.content[cut]) & 0xC0) == 0x80)
    --cut;
  add_field(counts, text.content.substr(0, cut), 1.0, true);
  for (auto& [term, count] : counts) count = 1.0 + std::log(count);
  return counts;
}

}  // namespace newswatch::daemon
