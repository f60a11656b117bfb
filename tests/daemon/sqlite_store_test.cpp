// SPDX-License-Identifier: MIT
#include "daemon/store/sqlite_store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

Seconds now_s() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

OutboxEntry entry(std::string event_id, std::string receiver, std::string payload = "{\"version\":1}") {
  OutboxEntry e;
  e.event_id = std::move(event_id);
  e.receiver = std::move(receiver);
  e.payload = std::move(payload);
  return e;
}

// A fresh directory per test under the system temp dir, removed afterwards.
class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("newswatch-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    file_ = dir_ / "state.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
};

TEST_F(SqliteStoreTest, UnseenThenRecordRoundTrip) {
  SqliteStore store(file_);
  const std::vector<std::string> ids = {"urn:item:3", "urn:item:1", "urn:item:2"};
  EXPECT_EQ(store.unseen("https://example.org/a.xml", ids), ids);

  store.record("https://example.org/a.xml", {"urn:item:1"}, {});
  // Order of the input is kept; the recorded one is gone.
  EXPECT_EQ(store.unseen("https://example.org/a.xml", ids),
            (std::vector<std::string>{"urn:item:3", "urn:item:2"}));

  store.record("https://example.org/a.xml", {"urn:item:2", "urn:item:3"}, {});
  EXPECT_TRUE(store.unseen("https://example.org/a.xml", ids).empty());
  EXPECT_TRUE(store.unseen("https://example.org/a.xml", {}).empty());
}

TEST_F(SqliteStoreTest, SeenItemsAreKeyedPerFeed) {
  SqliteStore store(file_);
  store.record("https://one.example/feed", {"shared-guid"}, {});
  EXPECT_TRUE(store.unseen("https://one.example/feed", {"shared-guid"}).empty());
  EXPECT_EQ(store.unseen("https://two.example/feed", {"shared-guid"}),
            (std::vector<std::string>{"shared-guid"}));
}

TEST_F(SqliteStoreTest, RecordQueuesOutboxEntries) {
  SqliteStore store(file_);
  EXPECT_EQ(store.pending_count(), 0u);
  EXPECT_FALSE(store.next_outbox_due().has_value());
  const auto before = now_s();
  store.record("feed", {"i1"}, {entry("evt-1", "hook", "{\"a\":1}"), entry("evt-1", "log", "{\"a\":1}")});
  const auto after = now_s();
  EXPECT_EQ(store.pending_count(), 2u);
  EXPECT_EQ(store.dead_count(), 0u);

  const auto due = store.due_outbox(after, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].event_id, "evt-1");
  EXPECT_EQ(due[0].receiver, "hook");
  EXPECT_EQ(due[0].payload, "{\"a\":1}");
  EXPECT_EQ(due[0].attempts, 0);
  EXPECT_GE(due[0].created, before);
  EXPECT_LE(due[0].created, after);
  EXPECT_EQ(due[0].next_attempt, due[0].created);
  EXPECT_EQ(due[1].receiver, "log");
  EXPECT_LT(due[0].seq, due[1].seq);
  ASSERT_TRUE(store.next_outbox_due().has_value());
  EXPECT_EQ(*store.next_outbox_due(), due[0].created);
  // Nothing is due before it was created.
  EXPECT_TRUE(store.due_outbox(before - 10s, 10).empty());
}

TEST_F(SqliteStoreTest, RecordIsAtomic) {
  SqliteStore store(file_);
  // Make the second outbox insert fail from inside SQLite, through a second connection.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &raw), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(raw,
                              "CREATE TRIGGER fail_on_boom BEFORE INSERT ON outbox WHEN NEW.payload = 'boom' "
                              "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                              nullptr, nullptr, &error);
  ASSERT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_close(raw);

  EXPECT_THROW(store.record("feed", {"guid-a", "guid-b"}, {entry("evt-ok", "hook"), entry("evt-bad", "hook", "boom")}),
               StoreError);
  // Neither the items nor the first alert were kept.
  EXPECT_EQ(store.unseen("feed", {"guid-a", "guid-b"}), (std::vector<std::string>{"guid-a", "guid-b"}));
  EXPECT_EQ(store.pending_count(), 0u);

  // The store still works afterwards.
  store.record("feed", {"guid-a"}, {entry("evt-ok", "hook")});
  EXPECT_TRUE(store.unseen("feed", {"guid-a"}).empty());
  EXPECT_EQ(store.pending_count(), 1u);
}

TEST_F(SqliteStoreTest, DuplicateEventForSameReceiverIsQueuedOnce) {
  SqliteStore store(file_);
  store.record("feed", {"x"}, {entry("evt-7", "hook", "first")});
  store.record("feed", {"x"}, {entry("evt-7", "hook", "second"), entry("evt-7", "hook", "third")});
  EXPECT_EQ(store.pending_count(), 1u);
  const auto due = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].payload, "first");
  // Another receiver of the same event is a separate entry.
  store.record("feed", {}, {entry("evt-7", "log", "first")});
  EXPECT_EQ(store.pending_count(), 2u);
}

TEST_F(SqliteStoreTest, StatePersistsAcrossReopen) {
  const auto success = now_s() - 3600s;
  {
    SqliteStore store(file_);
    store.record("https://feeds.example/news.rss", {"guid-1", "guid-2"}, {entry("evt-a", "hook", "payload-a")});
    FeedState state;
    state.url = "https://feeds.example/news.rss";
    state.etag = "\"abc123\"";
    state.last_modified = "Tue, 12 Nov 2024 08:00:00 GMT";
    state.failures = 2;
    state.last_error = "HTTP 503";
    state.last_success = success;
    store.save_feed_state(state);
  }
  SqliteStore store(file_);
  EXPECT_EQ(store.unseen("https://feeds.example/news.rss", {"guid-1", "guid-2", "guid-3"}),
            (std::vector<std::string>{"guid-3"}));
  const auto state = store.feed_state("https://feeds.example/news.rss");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->url, "https://feeds.example/news.rss");
  EXPECT_EQ(state->etag, "\"abc123\"");
  EXPECT_EQ(state->last_modified, "Tue, 12 Nov 2024 08:00:00 GMT");
  EXPECT_EQ(state->failures, 2);
  EXPECT_EQ(state->last_error, "HTTP 503");
  ASSERT_TRUE(state->last_success.has_value());
  EXPECT_EQ(*state->last_success, success);
  EXPECT_EQ(store.pending_count(), 1u);
  const auto due = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].event_id, "evt-a");
  EXPECT_EQ(due[0].payload, "payload-a");
}

TEST_F(SqliteStoreTest, FeedStateUnknownAndOverwrite) {
  SqliteStore store(file_);
  EXPECT_FALSE(store.feed_state("https://nowhere.example/").has_value());
  FeedState state;
  state.url = "https://feeds.example/x";
  state.etag = "W/\"1\"";
  state.failures = 5;
  state.last_error = "timeout";
  store.save_feed_state(state);
  state.etag = "W/\"2\"";
  state.failures = 0;
  state.last_error.clear();
  store.save_feed_state(state);
  const auto loaded = store.feed_state("https://feeds.example/x");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->etag, "W/\"2\"");
  EXPECT_EQ(loaded->failures, 0);
  EXPECT_EQ(loaded->last_error, "");
  EXPECT_FALSE(loaded->last_success.has_value());
}

TEST_F(SqliteStoreTest, DueOutboxIsOldestFirstAndLimited) {
  SqliteStore store(file_);
  store.record("feed", {}, {entry("evt-1", "hook")});
  store.record("feed", {}, {entry("evt-2", "hook")});
  store.record("feed", {}, {entry("evt-3", "hook")});
  const auto now = now_s() + 1s;
  const auto two = store.due_outbox(now, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].event_id, "evt-1");
  EXPECT_EQ(two[1].event_id, "evt-2");
  const auto all = store.due_outbox(now, 100);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].event_id, "evt-3");
  EXPECT_TRUE(store.due_outbox(now, 0).empty());
}

TEST_F(SqliteStoreTest, MarkRetryMovesNextAttemptAndCountsAttempts) {
  SqliteStore store(file_);
  store.record("feed", {}, {entry("evt-1", "hook"), entry("evt-2", "hook")});
  auto due = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(due.size(), 2u);
  const auto later = now_s() + 600s;
  store.mark_retry(due[0].seq, later, "HTTP 503");
  // Not due now any more; the other one still is.
  due = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].event_id, "evt-2");
  EXPECT_EQ(store.pending_count(), 2u);
  // Due at the new time, with one attempt counted.
  auto at_later = store.due_outbox(later, 10);
  ASSERT_EQ(at_later.size(), 2u);
  EXPECT_EQ(at_later[0].event_id, "evt-1");
  EXPECT_EQ(at_later[0].attempts, 1);
  EXPECT_EQ(at_later[0].next_attempt, later);
  store.mark_retry(at_later[0].seq, later + 60s, "HTTP 503");
  at_later = store.due_outbox(later + 60s, 10);
  ASSERT_FALSE(at_later.empty());
  EXPECT_EQ(at_later[0].attempts, 2);
  // next_outbox_due is the earliest pending one (evt-2).
  ASSERT_TRUE(store.next_outbox_due().has_value());
  EXPECT_LT(*store.next_outbox_due(), later);
}

TEST_F(SqliteStoreTest, MarkDeadAndDelivered) {
  SqliteStore store(file_);
  store.record("feed", {}, {entry("evt-1", "hook"), entry("evt-2", "hook"), entry("evt-3", "hook")});
  const auto due = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(due.size(), 3u);
  store.mark_dead(due[0].seq, "HTTP 404");
  store.mark_delivered(due[1].seq);
  EXPECT_EQ(store.dead_count(), 1u);
  EXPECT_EQ(store.pending_count(), 1u);
  const auto left = store.due_outbox(now_s() + 1s, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_id, "evt-3");
  store.mark_delivered(left[0].seq);
  EXPECT_EQ(store.pending_count(), 0u);
  EXPECT_FALSE(store.next_outbox_due().has_value());
  // Delivered and dead entries still block re-queuing the same event.
  store.record("feed", {}, {entry("evt-1", "hook"), entry("evt-2", "hook")});
  EXPECT_EQ(store.pending_count(), 0u);
  EXPECT_EQ(store.dead_count(), 1u);
}

TEST_F(SqliteStoreTest, PruneSeenForgetsOldItems) {
  SqliteStore store(file_);
  store.record("feed-a", {"a1", "a2"}, {});
  store.record("feed-b", {"b1"}, {});
  EXPECT_EQ(store.prune_seen(now_s() - 3600s), 0u);
  EXPECT_TRUE(store.unseen("feed-a", {"a1", "a2"}).empty());
  EXPECT_EQ(store.prune_seen(now_s() + 3600s), 3u);
  EXPECT_EQ(store.unseen("feed-a", {"a1", "a2"}), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(store.unseen("feed-b", {"b1"}), (std::vector<std::string>{"b1"}));
}

TEST_F(SqliteStoreTest, GarbageFileIsStoreErrorNamingThePath) {
  {
    std::ofstream out(file_, std::ios::binary);
    std::string junk;
    for (int i = 0; i < 256; ++i) junk += "not a database, just some bytes \x01\x02\xff\n";
    out << junk;
  }
  try {
    SqliteStore store(file_);
    FAIL() << "opening a garbage file succeeded";
  } catch (const StoreError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(file_.string()));
  }
}

TEST_F(SqliteStoreTest, UnopenableFileIsStoreErrorNamingThePath) {
  const auto missing = dir_ / "no-such-dir" / "state.db";
  try {
    SqliteStore store(missing);
    FAIL() << "opening in a missing directory succeeded";
  } catch (const StoreError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(missing.string()));
  }
}

}  // namespace
}  // namespace newswatch::daemon
