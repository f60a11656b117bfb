// SPDX-License-Identifier: MIT
#pragma once
// What the daemon keeps across restarts: which items each feed has already shown, each feed's
// fetch state, the stories, and the outbox of alerts waiting for delivery. An interface, so that a shared
// PostgreSQL backend can replace SQLite later without touching the service (DESIGN.md).
//
// Threads: one owner. The service calls it from the io thread only.
// Errors: a failing database throws StoreError; callers log it and go on (the item is retried
// on the next poll, because nothing was marked seen).

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/stories/story.hpp"

namespace newswatch::daemon {

using Clock = std::chrono::system_clock;
using Seconds = std::chrono::sys_seconds;

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct FeedState {
  std::string url;
  std::string etag;
  std::string last_modified;
  int failures = 0;             // consecutive failed polls; 0 after a success
  std::string last_error;       // one line, empty after a success
  std::optional<Seconds> last_success;
  std::string moved_to;         // where a permanent redirect led; polled instead of `url`
};

// An alert for one receiver, as written to the outbox before any delivery attempt.
struct OutboxEntry {
  std::int64_t seq = 0;   // assigned by the store
  std::string event_id;   // the same for every receiver of one alert; the idempotency key
  std::string receiver;   // receiver name from the config
  std::string payload;    // version-1 JSON (DESIGN.md)
  int attempts = 0;
  Seconds created{};
  Seconds next_attempt{};  // when queued: not before this (a receiver's group_wait); else now
};

class Store {
 public:
  virtual ~Store() = default;

  // The ids of `ids` that this feed has not recorded yet, in the given order.
  virtual std::vector<std::string> unseen(std::string_view feed, const std::vector<std::string>& ids) = 0;
  // In one transaction: records the items as seen, queues the alerts and saves the stories they
  // created or changed. Either all or none.
  virtual void record(std::string_view feed, const std::vector<std::string>& item_ids,
                      const std::vector<OutboxEntry>& alerts, const std::vector<Story>& stories) = 0;
  void record(std::string_view feed, const std::vector<std::string>& item_ids, const std::vector<OutboxEntry>& alerts) {
    record(feed, item_ids, alerts, {});
  }
  // Stories whose latest item is at or after `since`, by first_seen.
  virtual std::vector<Story> stories_since(Seconds since) = 0;
  // Forgets stories whose latest item is before `cutoff`.
  virtual std::size_t prune_stories(Seconds cutoff) = 0;
  virtual std::optional<Story> story(std::string_view id) = 0;
  // Forgets seen items first recorded before `cutoff` (the feed no longer carries them).
  virtual std::size_t prune_seen(Seconds cutoff) = 0;

  virtual std::optional<FeedState> feed_state(std::string_view url) = 0;
  virtual void save_feed_state(const FeedState& state) = 0;

  // Undelivered entries due at `now`, oldest first.
  virtual std::vector<OutboxEntry> due_outbox(Seconds now, std::size_t limit) = 0;
  // The earliest next_attempt of any undelivered entry, if there is one.
  virtual std::optional<Seconds> next_outbox_due() = 0;
  virtual void mark_delivered(std::int64_t seq) = 0;
  // Replaces an entry's payload (before its first attempt: every attempt sends the same bytes).
  virtual void update_payload(std::int64_t seq, std::string_view payload) = 0;
  // A failed attempt: counts it and sets when to try again.
  virtual void mark_retry(std::int64_t seq, Seconds next_attempt, std::string_view error) = 0;
  // Not an attempt (the receiver holds it back, e.g. quiet hours): only moves next_attempt.
  virtual void defer(std::int64_t seq, Seconds next_attempt, std::string_view reason) = 0;
  // Gives up on an entry; it stays in the table, visible, as dead.
  virtual void mark_dead(std::int64_t seq, std::string_view error) = 0;
  virtual std::size_t pending_count() = 0;
  virtual std::size_t dead_count() = 0;
};

}  // namespace newswatch::daemon
