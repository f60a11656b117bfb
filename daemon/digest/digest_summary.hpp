// SPDX-License-Identifier: MIT
#pragma once
// The arithmetic of a digest, before any template: stories grouped by tag and ranked, counts
// against the previous period, and the chart buckets. render_digest() turns it into template
// variables; tests check it directly. Pure; safe on any thread.
//
//   grouping  a story is listed once, under its primary tag (tags[0]; "other" when it has none)
//   groups    by their most severe story, then by size, then by name; "other" last
//   stories   by severity, then number of sources, then first seen (earliest first), then id
//   counts    stories per primary tag, now and in the previous period; tags that had stories
//             only in the previous period are listed with 0
//   chart     stories per primary tag per bucket of the period on the zone's wall clock, a story
//             counted where its first_seen falls (clamped into the period); buckets are hours for
//             periods up to 6 h, 3 hours up to 2 days, days up to 31 days, weeks up to 400 days;
//             no buckets for longer or empty periods

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "daemon/digest/digest_model.hpp"
#include "daemon/digest/time_zone.hpp"

namespace newswatch::daemon {

inline constexpr std::string_view kUntaggedGroup = "other";

// Pointers refer into the DigestInput given to summarize(), which must outlive the summary.
struct DigestGroup {
  std::string tag;
  std::vector<const DigestStory*> stories;  // ranked
};

struct DigestTagCount {
  std::string tag;
  std::size_t count = 0, previous = 0;
};

struct DigestBucket {
  std::chrono::local_seconds start{};       // wall clock in the digest's zone
  std::vector<std::size_t> per_tag;         // parallel to DigestSummary::chart_tags
  std::size_t total = 0;
  std::optional<double> mean_tone;          // over the bucket's stories that have a tone
};

struct DigestSummary {
  TimeZone zone;                            // the input's zone, or UTC when unknown
  std::vector<DigestGroup> groups;
  std::vector<DigestTagCount> tag_counts;   // groups' tags in group order, then previous-only tags
  std::size_t total = 0, previous_total = 0;
  std::optional<double> mean_tone, previous_mean_tone;
  std::vector<std::string> chart_tags;      // the groups' tags, in group order
  std::chrono::seconds bucket_size{};
  std::vector<DigestBucket> buckets;        // empty when there is no chart
};

DigestSummary summarize(const DigestInput& input);

// The tag a story is listed under.
std::string primary_tag(const DigestStory& story);

}  // namespace newswatch::daemon
