// SPDX-License-Identifier: MIT
#pragma once
// Which story a matched item belongs to. An item joins the active story most similar to it
// (cosine of TF-IDF term vectors against the story's centroid, TermStatistics for the IDF)
// when that similarity reaches
// `similarity` and its event time lies within `window` of the story; otherwise it starts a story.
// docs/stories.md explains the choice and the measurements behind the defaults.
//
// Changes go through a StoryBatch, a copy-on-write overlay: the service applies a batch only
// after the store has committed it, so a failed write leaves the grouper as it was.
// Io thread only (not synchronised).

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "daemon/stories/story.hpp"
#include "daemon/stories/term_statistics.hpp"

namespace newswatch::daemon {

struct StoryOptions {
  std::chrono::seconds window{std::chrono::hours(48)};
  double similarity = 0.2;  // measured: docs/stories.md
  std::size_t max_terms = 300;  // per member vector; the weakest go first
};

double cosine_similarity(const TermVector& a, const TermVector& b, const TermStatistics& statistics);

class StoryGrouper {
 public:
  explicit StoryGrouper(StoryOptions options = {}) : options_(options) {}

  const StoryOptions& options() const { return options_; }
  TermStatistics& statistics() { return statistics_; }
  const TermStatistics& statistics() const { return statistics_; }

  // Stories from the store at start: active again, and their terms seed the statistics.
  void load(std::vector<Story> stories);
  // Replaces or adds the stories a committed batch changed.
  void apply(std::vector<Story> changed);
  // Forgets stories whose last item is more than a window before `now`; returns how many.
  std::size_t expire(std::chrono::sys_seconds now);

  const std::map<std::string, Story>& active() const { return stories_; }

 private:
  StoryOptions options_;
  TermStatistics statistics_;
  std::map<std::string, Story> stories_;
};

class StoryBatch {
 public:
  explicit StoryBatch(const StoryGrouper& grouper) : grouper_(grouper) {}

  struct Placement {
    Story& story;
    bool created;
    double similarity;  // to the story joined; 0 for a new one
  };
  // The story an item with these terms and event time joins, or a new one with `new_id`
  // (the caller fills a new story's fields). The reference lives as long as the batch.
  Placement place(const TermVector& terms, std::chrono::sys_seconds event_time, const std::string& new_id);

  // The stories this batch created or changed.
  std::vector<Story> changed() const;

 private:
  const StoryGrouper& grouper_;
  std::map<std::string, Story> changed_;
};

// Cosine similarity of the item to the sum of the story's members (its centroid). Measured
// against the highest similarity to any one member, the centroid merged fewer distinct events
// (docs/stories.md): one item's chance overlap with another counts for less.
double story_similarity(const TermVector& item, const Story& story, const TermStatistics& statistics);

// Adds an item's terms as a member, keeping its strongest `max_terms`, and updates the centroid.
void add_member(Story& story, const TermVector& terms, std::size_t max_terms);

}  // namespace newswatch::daemon
