// SPDX-License-Identifier: MIT
#include "daemon/digest/digest_summary.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace newswatch::daemon {
namespace {

using namespace std::chrono;

std::optional<double> mean_tone(const std::vector<const DigestStory*>& stories) {
  double sum = 0;
  std::size_t count = 0;
  for (const auto* story : stories) {
    if (!story->tone) continue;
    sum += *story->tone;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::vector<const DigestStory*> pointers(const std::vector<DigestStory>& stories) {
  std::vector<const DigestStory*> out;
  out.reserve(stories.size());
  for (const auto& story : stories) out.push_back(&story);
  return out;
}

bool ranks_before(const DigestStory* a, const DigestStory* b) {
  // Higher severity and more sources first; then the earlier story; the id keeps the order total.
  const auto a_sources = a->sources.size();
  const auto b_sources = b->sources.size();
  return std::tie(b->severity, b_sources, a->first_seen, a->id) < std::tie(a->severity, a_sources, b->first_seen, b->id);
}

std::vector<DigestGroup> group_and_rank(const std::vector<DigestStory>& stories) {
  std::map<std::string, std::vector<const DigestStory*>> by_tag;
  for (const auto& story : stories) by_tag[primary_tag(story)].push_back(&story);
  std::vector<DigestGroup> groups;
  for (auto& [tag, members] : by_tag) {
    std::ranges::sort(members, ranks_before);
    groups.push_back({tag, std::move(members)});
  }
  std::ranges::stable_sort(groups, [](const DigestGroup& a, const DigestGroup& b) {
    const bool a_other = a.tag == kUntaggedGroup;
    const bool b_other = b.tag == kUntaggedGroup;
    if (a_other != b_other) return b_other;
    // Members are ranked, so front() is the group's most severe story.
    if (a.stories.front()->severity != b.stories.front()->severity)
      return a.stories.front()->severity > b.stories.front()->severity;
    return a.stories.size() > b.stories.size();  // names are already in order (std::map)
  });
  return groups;
}

seconds choose_bucket_size(seconds span) {
  if (span <= hours(6)) return hours(1);
  if (span <= hours(48)) return hours(3);
  if (span <= days(31)) return days(1);
  return days(7);
}

}  // namespace

std::string primary_tag(const DigestStory& story) {
  for (const auto& tag : story.tags) {
    if (!tag.empty()) return tag;
  }
  return std::string(kUntaggedGroup);
}

DigestSummary summarize(const DigestInput& input) {
  DigestSummary summary{TimeZone::find(input.zone).value_or(TimeZone::utc())};
  summary.groups = group_and_rank(input.stories);
  summary.total = input.stories.size();
  summary.previous_total = input.previous_stories.size();
  summary.mean_tone = mean_tone(pointers(input.stories));
  summary.previous_mean_tone = mean_tone(pointers(input.previous_stories));

  std::map<std::string, std::size_t> previous_counts;
  for (const auto& story : input.previous_stories) ++previous_counts[primary_tag(story)];
  for (const auto& group : summary.groups) {
    summary.chart_tags.push_back(group.tag);
    const auto previous = previous_counts.find(group.tag);
    summary.tag_counts.push_back(
        {group.tag, group.stories.size(), previous == previous_counts.end() ? 0 : previous->second});
    if (previous != previous_counts.end()) previous_counts.erase(previous);
  }
  for (const auto& [tag, count] : previous_counts) summary.tag_counts.push_back({tag, 0, count});

  // No chart for an empty period, nor for one so long (a caller's mistake) that it would be noise.
  if (input.period_end <= input.period_start || input.period_end - input.period_start > days(400)) return summary;
  // Buckets are aligned on the wall clock (days start at local midnight, 3-hour buckets at
  // 00:00, 03:00, ...), which is how a reader thinks of "Tuesday" or "the morning".
  summary.bucket_size = choose_bucket_size(input.period_end - input.period_start);
  const auto local_start = summary.zone.to_local(input.period_start);
  const auto local_last = summary.zone.to_local(input.period_end - seconds(1));
  const auto align = [&](local_seconds t) {
    if (summary.bucket_size == days(7)) return local_seconds(floor<days>(t));  // weeks start on the first day
    const auto size = summary.bucket_size.count();
    const auto count = t.time_since_epoch().count();
    return local_seconds(seconds(count - ((count % size) + size) % size));
  };
  const auto first_start = align(local_start);
  for (auto start = first_start; start <= local_last; start += summary.bucket_size) {
    summary.buckets.push_back({start, std::vector<std::size_t>(summary.chart_tags.size(), 0), 0, std::nullopt});
  }
  std::vector<std::vector<const DigestStory*>> bucket_stories(summary.buckets.size());
  for (std::size_t tag_index = 0; tag_index < summary.groups.size(); ++tag_index) {
    for (const auto* story : summary.groups[tag_index].stories) {
      const auto when = std::clamp(story->first_seen, input.period_start, input.period_end - seconds(1));
      const auto offset = summary.zone.to_local(when) - first_start;
      // A fall-back hour can put a later instant on an earlier wall-clock time: clamp.
      auto index = offset < seconds(0) ? 0 : static_cast<std::size_t>(offset / summary.bucket_size);
      index = std::min(index, summary.buckets.size() - 1);
      ++summary.buckets[index].per_tag[tag_index];
      ++summary.buckets[index].total;
      bucket_stories[index].push_back(story);
    }
  }
  for (std::size_t i = 0; i < summary.buckets.size(); ++i) summary.buckets[i].mean_tone = mean_tone(bucket_stories[i]);
  return summary;
}

}  // namespace newswatch::daemon
