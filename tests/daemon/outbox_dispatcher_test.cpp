// SPDX-License-Identifier: MIT
#include "daemon/service/outbox_dispatcher.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "daemon/store/sqlite_store.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

Seconds now_s() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

// Plays back a script of outcomes, one per delivery; the last one repeats. Completes on the io
// thread after deliver() returns, as a network receiver would.
class ScriptedReceiver final : public Receiver {
 public:
  ScriptedReceiver(boost::asio::io_context& io, std::string name, std::vector<DeliveryOutcome> script)
      : io_(io), name_(std::move(name)), script_(std::move(script)) {}
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override {
    delivered.push_back(entry);
    const auto outcome = script_.at(std::min(delivered.size() - 1, script_.size() - 1));
    boost::asio::post(io_, [done = std::move(done), outcome] { done(outcome); });
  }

  std::vector<OutboxEntry> delivered;

 private:
  boost::asio::io_context& io_;
  std::string name_;
  std::vector<DeliveryOutcome> script_;
};

const DeliveryOutcome kOk{.ok = true};
const DeliveryOutcome kRetry{.ok = false, .error = "HTTP 503"};
const DeliveryOutcome kPermanent{.ok = false, .permanent = true, .error = "HTTP 404"};

class OutboxDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("newswatch-outbox-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>(dir_ / "state.db");
  }
  void TearDown() override {
    if (dispatcher_) {
      dispatcher_->stop();
      run_until([&] { return dispatcher_->idle(); }, 2s);
      dispatcher_.reset();
    }
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  OutboxDispatcher& make_dispatcher(OutboxOptions options) {
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_, *store_, metrics_, options, [this] { ++idle_calls_; });
    return *dispatcher_;
  }

  void queue(std::string event_id, std::string receiver) {
    OutboxEntry e;
    e.event_id = event_id;
    e.receiver = std::move(receiver);
    e.payload = R"({"version":1,"id":")" + event_id + R"("})";
    store_->record("https://feed.example/rss", {event_id}, {e});
  }

  // Runs the io_context until `done` holds or `timeout` passes; returns whether it holds.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_one_for(20ms);
    }
    return done();
  }

  // Runs for a fixed time, for "nothing more happens" checks.
  void run_for(std::chrono::milliseconds time) {
    io_.restart();
    io_.run_for(time);
  }

  boost::asio::io_context io_;
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  Metrics metrics_;
  int idle_calls_ = 0;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

TEST_F(OutboxDispatcherTest, DeliversQueuedEntriesAndMarksThemDelivered) {
  queue("evt-1", "hook");
  queue("evt-2", "hook");
  queue("evt-3", "hook");
  ScriptedReceiver hook(io_, "hook", {kOk});
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return store_->pending_count() == 0; }, 2s));
  run_for(100ms);
  ASSERT_EQ(hook.delivered.size(), 3u);
  EXPECT_EQ(hook.delivered[0].event_id, "evt-1");
  EXPECT_EQ(hook.delivered[1].event_id, "evt-2");
  EXPECT_EQ(hook.delivered[2].event_id, "evt-3");
  EXPECT_EQ(hook.delivered[0].payload, R"({"version":1,"id":"evt-1"})");
  EXPECT_EQ(metrics_.deliveries_ok, 3u);
  EXPECT_EQ(metrics_.delivery_failures, 0u);
  EXPECT_EQ(store_->dead_count(), 0u);
  EXPECT_FALSE(store_->next_outbox_due().has_value());
  EXPECT_TRUE(dispatcher.idle());
  EXPECT_EQ(idle_calls_, 3);
}

TEST_F(OutboxDispatcherTest, PermanentFailureIsDeadLettered) {
  queue("evt-1", "hook");
  ScriptedReceiver hook(io_, "hook", {kPermanent});
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return store_->dead_count() == 1; }, 2s));
  run_for(100ms);
  EXPECT_EQ(hook.delivered.size(), 1u);
  EXPECT_EQ(store_->pending_count(), 0u);
  EXPECT_EQ(metrics_.dead_letters, 1u);
  EXPECT_EQ(metrics_.delivery_failures, 1u);
  EXPECT_EQ(metrics_.deliveries_ok, 0u);
}

TEST_F(OutboxDispatcherTest, RetryableFailureStaysPendingUntilLater) {
  queue("evt-1", "hook");
  ScriptedReceiver hook(io_, "hook", {kRetry});
  const auto start = now_s();
  auto& dispatcher = make_dispatcher({.first_retry = 60s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return metrics_.delivery_failures == 1; }, 2s));
  run_for(200ms);
  EXPECT_EQ(hook.delivered.size(), 1u);  // not retried at once
  EXPECT_EQ(store_->pending_count(), 1u);
  EXPECT_EQ(store_->dead_count(), 0u);
  EXPECT_TRUE(store_->due_outbox(now_s(), 10).empty());
  const auto next = store_->next_outbox_due();
  ASSERT_TRUE(next.has_value());
  // 60 s with ±20 % jitter.
  EXPECT_GE(*next, start + 47s);
  EXPECT_LE(*next, start + 74s);
  const auto later = store_->due_outbox(*next, 10);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].attempts, 1);
}

TEST_F(OutboxDispatcherTest, RetryAfterIsHonoured) {
  queue("evt-1", "hook");
  auto slow_down = kRetry;
  slow_down.retry_after = 600s;
  ScriptedReceiver hook(io_, "hook", {slow_down});
  const auto start = now_s();
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return metrics_.delivery_failures == 1; }, 2s));
  const auto next = store_->next_outbox_due();
  ASSERT_TRUE(next.has_value());
  EXPECT_GE(*next, start + 600s);
  EXPECT_LE(*next, start + 602s);
}

TEST_F(OutboxDispatcherTest, FailThenOkIsRetriedAndDelivered) {
  queue("evt-1", "hook");
  ScriptedReceiver hook(io_, "hook", {kRetry, kOk});
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  // first_retry 1 s (jitter cannot go below one second): the retry lands within about 2 s.
  ASSERT_TRUE(run_until([&] { return store_->pending_count() == 0; }, 4s));
  ASSERT_EQ(hook.delivered.size(), 2u);
  EXPECT_EQ(hook.delivered[0].event_id, "evt-1");
  EXPECT_EQ(hook.delivered[1].event_id, "evt-1");
  EXPECT_EQ(hook.delivered[1].attempts, 1);
  EXPECT_EQ(metrics_.delivery_failures, 1u);
  EXPECT_EQ(metrics_.deliveries_ok, 1u);
  EXPECT_EQ(store_->dead_count(), 0u);
}

TEST_F(OutboxDispatcherTest, RetryableFailureOlderThanMaxAgeIsDeadLettered) {
  queue("evt-1", "hook");
  // Pretend the entry was queued two hours ago, through a second connection.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "state.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE outbox SET created = created - 7200", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  ScriptedReceiver hook(io_, "hook", {kRetry});
  auto& dispatcher = make_dispatcher({.first_retry = 1s, .max_age = 3600s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return store_->dead_count() == 1; }, 2s));
  EXPECT_EQ(hook.delivered.size(), 1u);
  EXPECT_EQ(store_->pending_count(), 0u);
  EXPECT_EQ(metrics_.dead_letters, 1u);
}

TEST_F(OutboxDispatcherTest, UnknownReceiverIsDeadLettered) {
  queue("evt-1", "removed-hook");
  queue("evt-2", "hook");
  ScriptedReceiver hook(io_, "hook", {kOk});
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return store_->dead_count() == 1 && store_->pending_count() == 0; }, 2s));
  ASSERT_EQ(hook.delivered.size(), 1u);
  EXPECT_EQ(hook.delivered[0].event_id, "evt-2");
  EXPECT_EQ(metrics_.dead_letters, 1u);
}

TEST_F(OutboxDispatcherTest, MaxInFlightBoundsConcurrentDeliveries) {
  for (int i = 0; i < 5; ++i) queue("evt-" + std::to_string(i), "hook");
  // Never completes: holds on to the callbacks.
  class Holder final : public Receiver {
   public:
    const std::string& name() const override { return name_; }
    void deliver(const OutboxEntry&, Done done) override { pending.push_back(std::move(done)); }
    std::vector<Done> pending;

   private:
    std::string name_ = "hook";
  } hook;
  auto& dispatcher = make_dispatcher({.max_in_flight = 2, .first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.wake();
  run_for(200ms);
  EXPECT_EQ(hook.pending.size(), 2u);
  EXPECT_FALSE(dispatcher.idle());
  // Completing one lets one more start.
  auto first = std::move(hook.pending.front());
  first(kOk);
  run_for(200ms);
  EXPECT_EQ(hook.pending.size(), 3u);
  EXPECT_EQ(store_->pending_count(), 4u);
  // Finish everything in flight so TearDown sees an idle dispatcher.
  dispatcher.stop();
  for (std::size_t i = 1; i < hook.pending.size(); ++i) hook.pending[i](kOk);
  EXPECT_TRUE(dispatcher.idle());
  EXPECT_EQ(store_->pending_count(), 2u);
}

TEST_F(OutboxDispatcherTest, StoppedDispatcherStartsNothing) {
  queue("evt-1", "hook");
  ScriptedReceiver hook(io_, "hook", {kOk});
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(hook);
  dispatcher.stop();
  dispatcher.wake();
  run_for(200ms);
  EXPECT_TRUE(hook.delivered.empty());
  EXPECT_EQ(store_->pending_count(), 1u);
}

}  // namespace
}  // namespace newswatch::daemon
