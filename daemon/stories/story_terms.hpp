// SPDX-License-Identifier: MIT
#pragma once
// The terms that say what an item is about, for grouping items into stories: its normalised words
// (rules::tokenize: NFKC, case folding, Han folding) without function words and newsroom filler,
// and bigrams of CJK characters (Japanese and Chinese have no spaces; a bigram is the usual unit).
// Headline terms weigh double: outlets paraphrase bodies but name the same people and places up
// top. Each weight is 1 + log(count), so one long article does not drown a short one.
// Pure; any thread (the service computes these on the matching pool).

#include <string_view>

#include "daemon/stories/story.hpp"

namespace newswatch::daemon {

struct StoryText {
  std::string_view title;
  std::string_view summary;
  std::string_view content;  // only its beginning is read (kContentPrefix bytes)
};

inline constexpr std::size_t kContentPrefix = 3000;

TermVector story_terms(const StoryText& text);

// True for words that carry no news: English function words and reporting verbs.
bool is_story_stopword(std::string_view normalised_word);

}  // namespace newswatch::daemon
