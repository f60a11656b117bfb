// SPDX-License-Identifier: MIT
#include "daemon/stories/story_grouper.hpp"

#include <algorithm>
#include <cmath>

namespace newswatch::daemon {

double cosine_similarity(const TermVector& a, const TermVector& b, const TermStatistics& statistics) {
  double dot = 0, norm_a = 0, norm_b = 0;
  for (const auto& [term, weight] : a) {
    const double idf = statistics.idf(term);
    const double wa = weight * idf;
    norm_a += wa * wa;
    if (auto it = b.find(term); it != b.end()) dot += wa * it->second * idf;
  }
  if (dot == 0) return 0;
  for (const auto& [term, weight] : b) {
    const double wb = weight * statistics.idf(term);
    norm_b += wb * wb;
  }
  return dot / std::sqrt(norm_a * norm_b);
}

double story_similarity(const TermVector& item, const Story& story, const TermStatistics& statistics) {
  return cosine_similarity(item, story.centroid, statistics);
}

void add_member(Story& story, const TermVector& terms, std::size_t max_terms) {
  TermVector kept = terms;
  if (kept.size() > max_terms) {
    std::vector<std::pair<double, std::string>> ranked;
    ranked.reserve(kept.size());
    for (const auto& [term, weight] : kept) ranked.emplace_back(weight, term);
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(max_terms), ranked.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    kept.clear();
    for (std::size_t i = 0; i < max_terms; ++i) kept.emplace(std::move(ranked[i].second), ranked[i].first);
  }
  // Keep the first half (what the story was about) and the latest (where it went since).
  if (story.members.size() >= kMaxStoryMembers)
    story.members.erase(story.members.begin() + static_cast<std::ptrdiff_t>(kMaxStoryMembers / 2));
  story.members.push_back(std::move(kept));
  refresh_centroid(story);
}

void StoryGrouper::load(std::vector<Story> stories) {
  for (auto& story : stories) {
    for (const auto& member : story.members) statistics_.add(member);
    auto id = story.id;
    stories_.insert_or_assign(std::move(id), std::move(story));
  }
}

void StoryGrouper::apply(std::vector<Story> changed) {
  for (auto& story : changed) {
    auto id = story.id;
    stories_.insert_or_assign(std::move(id), std::move(story));
  }
}

std::size_t StoryGrouper::expire(std::chrono::sys_seconds now) {
  return std::erase_if(stories_, [&](const auto& entry) { return entry.second.last_seen + options_.window < now; });
}

StoryBatch::Placement StoryBatch::place(const TermVector& terms, std::chrono::sys_seconds event_time,
                                        const std::string& new_id) {
  const auto& options = grouper_.options();
  const Story* best = nullptr;
  double best_similarity = 0;
  auto consider = [&](const Story& story) {
    if (event_time + options.window < story.first_seen || story.last_seen + options.window < event_time) return;
    const double similarity = story_similarity(terms, story, grouper_.statistics());
    // Ties go to the older story: it is the one people have already been told about.
    if (similarity > best_similarity || (best && similarity == best_similarity && story.first_seen < best->first_seen)) {
      best = &story;
      best_similarity = similarity;
    }
  };
  for (const auto& [id, story] : grouper_.active())
    if (!changed_.contains(id)) consider(story);
  for (const auto& [id, story] : changed_) consider(story);

  if (best && best_similarity >= options.similarity) {
    auto [it, inserted] = changed_.try_emplace(best->id, *best);
    return {it->second, false, best_similarity};
  }
  Story fresh;
  fresh.id = new_id;
  fresh.first_seen = fresh.last_seen = event_time;
  auto [it, inserted] = changed_.insert_or_assign(new_id, std::move(fresh));
  return {it->second, true, 0.0};
}

std::vector<Story> StoryBatch::changed() const {
  std::vector<Story> out;
  out.reserve(changed_.size());
  for (const auto& [id, story] : changed_) out.push_back(story);
  return out;
}

}  // namespace newswatch::daemon
