// SPDX-License-Identifier: MIT
// Quiet hours in the outbox (issue 7): an entry a receiver defers waits until the time it names,
// is not a failure, and is never dead-lettered for it, even past max_age.
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include "daemon/service/outbox_dispatcher.hpp"
#include "daemon/store/sqlite_store.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

Seconds now_s() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

// Defers the first `defer_count` deliveries to `defer_by` from now, then delivers.
class QuietReceiver final : public Receiver {
 public:
  QuietReceiver(boost::asio::io_context& io, int defer_count, std::chrono::seconds defer_by)
      : io_(io), defer_count_(defer_count), defer_by_(defer_by) {}
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override {
    calls.push_back(entry);
    DeliveryOutcome outcome{.ok = true};
    if (static_cast<int>(calls.size()) <= defer_count_)
      outcome = {.error = "quiet hours until later", .deferred_until = now_s() + defer_by_};
    boost::asio::post(io_, [done = std::move(done), outcome] { done(outcome); });
  }
  std::vector<OutboxEntry> calls;

 private:
  boost::asio::io_context& io_;
  std::string name_ = "mail";
  int defer_count_;
  std::chrono::seconds defer_by_;
};

class EmailDeferralTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("newswatch-deferral-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>(dir_ / "state.db");
    OutboxEntry e;
    e.event_id = "evt-1";
    e.receiver = "mail";
    e.payload = R"({"version":1,"id":"evt-1"})";
    store_->record("https://feed.example/rss", {"evt-1"}, {e});
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
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_one_for(20ms);
    }
    return done();
  }
  OutboxDispatcher& make_dispatcher(OutboxOptions options) {
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_, *store_, metrics_, options, [] {});
    return *dispatcher_;
  }

  boost::asio::io_context io_;
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  Metrics metrics_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

TEST_F(EmailDeferralTest, DeferredEntryWaitsUntilTheTimeItNamesWithoutFailing) {
  QuietReceiver mail(io_, 1, 7 * 3600s);
  const auto start = now_s();
  auto& dispatcher = make_dispatcher({.first_retry = 1s});
  dispatcher.add_receiver(mail);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return !mail.calls.empty() && dispatcher.idle(); }, 2s));
  run_until([] { return false; }, 200ms);
  EXPECT_EQ(mail.calls.size(), 1u);
  EXPECT_EQ(metrics_.delivery_failures, 0u);
  EXPECT_EQ(metrics_.dead_letters, 0u);
  EXPECT_EQ(store_->pending_count(), 1u);
  const auto next = store_->next_outbox_due();
  ASSERT_TRUE(next);
  EXPECT_GE(*next, start + 7 * 3600s);  // no jitter, no backoff: the end of the quiet period
  EXPECT_LE(*next, start + 7 * 3600s + 2s);
}

TEST_F(EmailDeferralTest, DeferralIsNeverDeadLetteredEvenPastMaxAge) {
  QuietReceiver mail(io_, 1, 2s);
  // max_age 0: any failure would dead-letter at once; a deferral must not.
  auto& dispatcher = make_dispatcher({.first_retry = 1s, .max_age = 0s});
  dispatcher.add_receiver(mail);
  dispatcher.wake();
  ASSERT_TRUE(run_until([&] { return store_->pending_count() == 0; }, 6s));
  ASSERT_EQ(mail.calls.size(), 2u);  // deferred, then delivered when the period ended
  EXPECT_EQ(store_->dead_count(), 0u);
  EXPECT_EQ(metrics_.deliveries_ok, 1u);
  EXPECT_EQ(metrics_.delivery_failures, 0u);
}

}  // namespace
}  // namespace newswatch::daemon
