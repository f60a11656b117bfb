// SPDX-License-Identifier: MIT
#include "daemon/store/sqlite_store.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <sqlite3.h>

#include "daemon/stories/story_json.hpp"

namespace newswatch::daemon {
namespace {

constexpr const char* kSchema = R"sql(
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  CREATE TABLE IF NOT EXISTS seen_items (
    feed TEXT NOT NULL, item_id TEXT NOT NULL, first_seen INTEGER NOT NULL,
    PRIMARY KEY (feed, item_id)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS seen_items_first_seen ON seen_items (first_seen);
  CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    failures INTEGER NOT NULL, last_error TEXT NOT NULL, last_success INTEGER,
    moved_to TEXT NOT NULL DEFAULT '');
  CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, receiver TEXT NOT NULL,
    payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,
    next_attempt INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending', last_error TEXT,
    UNIQUE (event_id, receiver));
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt);
  CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS stories_last_seen ON stories (last_seen);
)sql";

std::int64_t to_unix(Seconds t) { return t.time_since_epoch().count(); }
Seconds from_unix(std::int64_t s) { return Seconds(std::chrono::seconds(s)); }

// A prepared statement, finalized on scope exit; errors carry SQLite's message.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      throw StoreError(fmt::format("store: {}", sqlite3_errmsg(db)));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& bind_null(int index) {
    check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(fmt::format("store: {}", sqlite3_errmsg(db_)));
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw StoreError(fmt::format("store: {}", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StoreError(fmt::format("store: {}", message));
  }
}

// BEGIN IMMEDIATE … COMMIT, rolled back if the scope is left by an exception.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace

void SqliteStore::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

SqliteStore::SqliteStore(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw StoreError(fmt::format("cannot open {}: {}", file.string(), raw ? sqlite3_errmsg(raw) : "out of memory"));
  // Another process (e.g. a second daemon by mistake) may hold the lock briefly.
  sqlite3_busy_timeout(db_.get(), 5000);
  try {
    exec(db_.get(), kSchema);
    // Databases made before feed_state.moved_to existed get the column; "duplicate column" is fine.
    sqlite3_exec(db_.get(), "ALTER TABLE feed_state ADD COLUMN moved_to TEXT NOT NULL DEFAULT ''", nullptr, nullptr,
                 nullptr);
  } catch (const StoreError& e) {
    throw StoreError(fmt::format("cannot use {}: {}", file.string(), e.what()));
  }
}

SqliteStore::~SqliteStore() = default;

std::vector<std::string> SqliteStore::unseen(std::string_view feed, const std::vector<std::string>& ids) {
  Statement query(db_.get(), "SELECT 1 FROM seen_items WHERE feed = ?1 AND item_id = ?2");
  std::vector<std::string> out;
  for (const auto& id : ids) {
    query.reset();
    query.bind(1, feed).bind(2, id);
    if (!query.step()) out.push_back(id);
  }
  return out;
}

void SqliteStore::record(std::string_view feed, const std::vector<std::string>& item_ids,
                         const std::vector<OutboxEntry>& alerts, const std::vector<Story>& stories) {
  Transaction transaction(db_.get());
  const auto now = to_unix(std::chrono::floor<std::chrono::seconds>(Clock::now()));
  Statement seen(db_.get(), "INSERT OR IGNORE INTO seen_items (feed, item_id, first_seen) VALUES (?1, ?2, ?3)");
  for (const auto& id : item_ids) {
    seen.reset();
    seen.bind(1, feed).bind(2, id).bind(3, now);
    seen.step();
  }
  // OR IGNORE: the same event for the same receiver is queued once, whatever happens upstream.
  Statement queue(db_.get(),
                  "INSERT OR IGNORE INTO outbox (event_id, receiver, payload, created, next_attempt) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto& alert : alerts) {
    queue.reset();
    queue.bind(1, alert.event_id).bind(2, alert.receiver).bind(3, alert.payload).bind(4, now)
        .bind(5, std::max(now, to_unix(alert.next_attempt)));
    queue.step();
  }
  Statement save(db_.get(),
                 "INSERT INTO stories (id, first_seen, last_seen, body) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (id) DO UPDATE SET first_seen = ?2, last_seen = ?3, body = ?4");
  for (const auto& story : stories) {
    save.reset();
    save.bind(1, story.id).bind(2, to_unix(story.first_seen)).bind(3, to_unix(story.last_seen))
        .bind(4, story_to_json(story));
    save.step();
  }
  transaction.commit();
}

std::vector<Story> SqliteStore::stories_since(Seconds since) {
  Statement query(db_.get(), "SELECT body FROM stories WHERE last_seen >= ?1 ORDER BY first_seen, id");
  query.bind(1, to_unix(since));
  std::vector<Story> out;
  while (query.step())
    if (auto story = story_from_json(query.text(0))) out.push_back(std::move(*story));
  return out;
}

std::optional<Story> SqliteStore::story(std::string_view id) {
  Statement query(db_.get(), "SELECT body FROM stories WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return story_from_json(query.text(0));
}

void SqliteStore::update_payload(std::int64_t seq, std::string_view payload) {
  Statement update(db_.get(), "UPDATE outbox SET payload = ?2 WHERE seq = ?1");
  update.bind(1, seq).bind(2, payload);
  update.step();
}

std::size_t SqliteStore::prune_stories(Seconds cutoff) {
  Statement prune(db_.get(), "DELETE FROM stories WHERE last_seen < ?1");
  prune.bind(1, to_unix(cutoff));
  prune.step();
  return static_cast<std::size_t>(sqlite3_changes(db_.get()));
}

std::size_t SqliteStore::prune_seen(Seconds cutoff) {
  Statement prune(db_.get(), "DELETE FROM seen_items WHERE first_seen < ?1");
  prune.bind(1, to_unix(cutoff));
  prune.step();
  return static_cast<std::size_t>(sqlite3_changes(db_.get()));
}

std::optional<FeedState> SqliteStore::feed_state(std::string_view url) {
  Statement query(db_.get(),
                  "SELECT etag, last_modified, failures, last_error, last_success, moved_to FROM feed_state "
                  "WHERE url = ?1");
  query.bind(1, url);
  if (!query.step()) return std::nullopt;
  FeedState state;
  state.url = std::string(url);
  state.etag = query.text(0);
  state.last_modified = query.text(1);
  state.failures = static_cast<int>(query.integer(2));
  state.last_error = query.text(3);
  if (!query.is_null(4)) state.last_success = from_unix(query.integer(4));
  state.moved_to = query.text(5);
  return state;
}

void SqliteStore::save_feed_state(const FeedState& state) {
  Statement upsert(db_.get(),
                   "INSERT INTO feed_state (url, etag, last_modified, failures, last_error, last_success, moved_to) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (url) DO UPDATE SET etag = ?2, "
                   "last_modified = ?3, failures = ?4, last_error = ?5, last_success = ?6, moved_to = ?7");
  upsert.bind(1, state.url).bind(2, state.etag).bind(3, state.last_modified).bind(4, state.failures)
      .bind(5, state.last_error);
  if (state.last_success) upsert.bind(6, to_unix(*state.last_success));
  else upsert.bind_null(6);
  upsert.bind(7, state.moved_to);
  upsert.step();
}

std::vector<OutboxEntry> SqliteStore::due_outbox(Seconds now, std::size_t limit) {
  Statement query(db_.get(),
                  "SELECT seq, event_id, receiver, payload, attempts, created, next_attempt FROM outbox "
                  "WHERE state = 'pending' AND next_attempt <= ?1 ORDER BY seq LIMIT ?2");
  query.bind(1, to_unix(now)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  while (query.step()) {
    OutboxEntry entry;
    entry.seq = query.integer(0);
    entry.event_id = query.text(1);
    entry.receiver = query.text(2);
    entry.payload = query.text(3);
    entry.attempts = static_cast<int>(query.integer(4));
    entry.created = from_unix(query.integer(5));
    entry.next_attempt = from_unix(query.integer(6));
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<Seconds> SqliteStore::next_outbox_due() {
  Statement query(db_.get(), "SELECT MIN(next_attempt) FROM outbox WHERE state = 'pending'");
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return from_unix(query.integer(0));
}

void SqliteStore::mark_delivered(std::int64_t seq) {
  Statement update(db_.get(), "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = NULL WHERE seq = ?1");
  update.bind(1, seq);
  update.step();
}

void SqliteStore::mark_retry(std::int64_t seq, Seconds next_attempt, std::string_view error) {
  Statement update(db_.get(),
                   "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?2, last_error = ?3 WHERE seq = ?1");
  update.bind(1, seq).bind(2, to_unix(next_attempt)).bind(3, error);
  update.step();
}

void SqliteStore::defer(std::int64_t seq, Seconds next_attempt, std::string_view reason) {
  Statement update(db_.get(), "UPDATE outbox SET next_attempt = ?2, last_error = ?3 WHERE seq = ?1");
  update.bind(1, seq).bind(2, to_unix(next_attempt)).bind(3, reason);
  update.step();
}

void SqliteStore::mark_dead(std::int64_t seq, std::string_view error) {
  Statement update(db_.get(),
                   "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?2 WHERE seq = ?1");
  update.bind(1, seq).bind(2, error);
  update.step();
}

std::size_t SqliteStore::pending_count() {
  Statement query(db_.get(), "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  query.step();
  return static_cast<std::size_t>(query.integer(0));
}

std::size_t SqliteStore::dead_count() {
  Statement query(db_.get(), "SELECT COUNT(*) FROM outbox WHERE state = 'dead'");
  query.step();
  return static_cast<std::size_t>(query.integer(0));
}

}  // namespace newswatch::daemon
