// SPDX-License-Identifier: MIT
#pragma once
// The Store on SQLite 3 in WAL mode: one file, `state.db` in the state dir. Opening creates the
// schema if needed; a file that is not a newswatch database is an error at open, not later.
//
// Threads: one owner (the io thread); the connection is not shared.

#include <filesystem>
#include <memory>

#include "daemon/store/store.hpp"

struct sqlite3;

namespace newswatch::daemon {

class SqliteStore final : public Store {
 public:
  // Throws StoreError with the path and SQLite's message when the database cannot be opened.
  explicit SqliteStore(const std::filesystem::path& file);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::vector<std::string> unseen(std::string_view feed, const std::vector<std::string>& ids) override;
  using Store::record;
  void record(std::string_view feed, const std::vector<std::string>& item_ids,
              const std::vector<OutboxEntry>& alerts, const std::vector<Story>& stories) override;
  std::vector<Story> stories_since(Seconds since) override;
  std::size_t prune_stories(Seconds cutoff) override;
  std::optional<Story> story(std::string_view id) override;
  void update_payload(std::int64_t seq, std::string_view payload) override;
  std::size_t prune_seen(Seconds cutoff) override;
  std::optional<FeedState> feed_state(std::string_view url) override;
  void save_feed_state(const FeedState& state) override;
  std::vector<OutboxEntry> due_outbox(Seconds now, std::size_t limit) override;
  std::optional<Seconds> next_outbox_due() override;
  void mark_delivered(std::int64_t seq) override;
  void mark_retry(std::int64_t seq, Seconds next_attempt, std::string_view error) override;
  void defer(std::int64_t seq, Seconds next_attempt, std::string_view reason) override;
  void mark_dead(std::int64_t seq, std::string_view error) override;
  std::size_t pending_count() override;
  std::size_t dead_count() override;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace newswatch::daemon
