// SPDX-License-Identifier: MIT
#pragma once
// The daemon's counters, exposed at /metrics in the Prometheus text format. Io thread only.

#include <cstdint>
#include <string>

namespace newswatch::daemon {

struct Metrics {
  std::uint64_t polls = 0;               // fetch attempts
  std::uint64_t polls_not_modified = 0;  // 304s
  std::uint64_t poll_failures = 0;       // transport or HTTP errors
  std::uint64_t parse_failures = 0;      // bodies that were not a feed
  std::uint64_t feed_warnings = 0;       // recoverable problems inside feeds
  std::uint64_t items_new = 0;
  std::uint64_t items_too_old = 0;       // new to us but published before max_item_age
  std::uint64_t matches = 0;
  std::uint64_t alerts_queued = 0;       // outbox rows written (one per receiver)
  std::uint64_t alerts_silenced = 0;     // matches muted by a configured silence
  std::uint64_t stories_new = 0;         // matched items that started a story
  std::uint64_t stories_joined = 0;      // matched items that joined an existing story
  std::uint64_t story_updates = 0;       // story_update outbox rows
  std::uint64_t alerts_throttled = 0;    // story_updates held back by a receiver's repeat_interval
  std::uint64_t digests_queued = 0;      // digest outbox rows (one per receiver)
  std::uint64_t deliveries_ok = 0;
  std::uint64_t delivery_failures = 0;   // failed attempts (retried or not)
  std::uint64_t dead_letters = 0;
  std::uint64_t rule_reloads = 0;
  std::uint64_t rule_reload_failures = 0;
  std::uint64_t internal_errors = 0;     // exceptions caught in handlers (store failures, ...)
};

struct Gauges {
  std::uint64_t feeds = 0;
  std::uint64_t feeds_failing = 0;
  std::uint64_t rules = 0;
  std::uint64_t outbox_pending = 0;
  std::uint64_t outbox_dead = 0;
  std::uint64_t stories_active = 0;
};

std::string to_prometheus(const Metrics& metrics, const Gauges& gauges);

}  // namespace newswatch::daemon
