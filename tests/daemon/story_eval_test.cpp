// SPDX-License-Identifier: MIT
// Story grouping on our own labelled items (tests/daemon/data/stories/events.jsonl): several
// outlets covering one event, and different events on the same day that share vocabulary
// (two maritime incidents, two protests, English, Japanese and Chinese). Measured as pairwise
// precision and recall over "same story" pairs, in several orders of arrival, all at one time.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daemon/stories/story_grouper.hpp"
#include "daemon/stories/story_join.hpp"
#include "daemon/stories/story_terms.hpp"

namespace newswatch::daemon {
namespace {

struct LabelledItem {
  std::string event, feed, title, summary;
};

std::vector<LabelledItem> read_items() {
  std::ifstream in(std::string(NEWSWATCH_TEST_DATA) + "/stories/events.jsonl");
  std::vector<LabelledItem> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    out.push_back({j.at("event"), j.at("feed"), j.at("title"), j.at("summary")});
  }
  return out;
}

struct PairCounts {
  int true_pairs = 0, found_pairs = 0, correct_pairs = 0;
  double precision() const { return found_pairs ? double(correct_pairs) / found_pairs : 1.0; }
  double recall() const { return true_pairs ? double(correct_pairs) / true_pairs : 1.0; }
};

PairCounts group_and_score(const std::vector<LabelledItem>& items, StoryOptions options) {
  StoryGrouper grouper(options);
  const auto when = std::chrono::sys_seconds(std::chrono::sys_days(std::chrono::year(2025) / 11 / 20));
  std::vector<std::string> story_of;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const auto terms = story_terms({item.title, item.summary, {}});
    grouper.statistics().add(terms);
    StoryBatch batch(grouper);
    auto placed = batch.place(terms, when, "story-" + std::to_string(i));
    join_story(placed.story, {item.feed, item.title, "https://example.org/" + std::to_string(i), when, nullptr, &terms},
               options.max_terms);
    story_of.push_back(placed.story.id);
    grouper.apply(batch.changed());
  }
  PairCounts counts;
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const bool same_event = items[i].event == items[j].event;
      const bool same_story = story_of[i] == story_of[j];
      counts.true_pairs += same_event;
      counts.found_pairs += same_story;
      counts.correct_pairs += same_event && same_story;
    }
  return counts;
}

PairCounts over_orders(std::vector<LabelledItem> items, StoryOptions options, int orders) {
  PairCounts total;
  std::mt19937 random(7);
  for (int k = 0; k < orders; ++k) {
    const auto c = group_and_score(items, options);
    total.true_pairs += c.true_pairs;
    total.found_pairs += c.found_pairs;
    total.correct_pairs += c.correct_pairs;
    std::shuffle(items.begin(), items.end(), random);
  }
  return total;
}

TEST(StoryEval, DefaultsGroupOutletsWithoutMergingEvents) {
  const auto items = read_items();
  ASSERT_GE(items.size(), 30u);
  const auto c = over_orders(items, StoryOptions{}, 20);
  std::cout << "default threshold " << StoryOptions{}.similarity << ": pairwise precision " << c.precision()
            << ", recall " << c.recall() << "\n";
  // A merge hides an event from the analyst; a split only costs one more alert.
  EXPECT_GE(c.precision(), 0.98);
  EXPECT_GE(c.recall(), 0.85);
}

TEST(StoryEval, ThresholdSweep) {
  const auto items = read_items();
  for (double threshold : {0.10, 0.12, 0.15, 0.18, 0.20, 0.25, 0.30, 0.35}) {
    StoryOptions options;
    options.similarity = threshold;
    const auto c = over_orders(items, options, 20);
    std::cout << "threshold " << threshold << ": precision " << c.precision() << ", recall " << c.recall() << "\n";
  }
  SUCCEED();
}

}  // namespace
}  // namespace newswatch::daemon
