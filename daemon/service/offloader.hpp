// SPDX-License-Identifier: MIT
#pragma once
// Runs CPU work (parse, match, rule loading) on a small thread pool and brings the result back
// to the io thread (STYLE §2.5.1). While a job is out, a work guard keeps io_context::run() from
// returning, so shutdown waits for it; `pending()` says how many are out.
//
// Threads: offload() and pending() on the io thread only. `work` runs on a pool thread and must
// only touch what it captured by value (immutable inputs: shared_ptr<const ...>); `then` runs on
// the io thread. The Offloader must outlive run(); its destructor joins the pool.

#include <cstddef>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace newswatch::daemon {

class Offloader {
 public:
  Offloader(boost::asio::io_context& io, std::size_t threads) : io_(io), pool_(threads) {}
  ~Offloader() { pool_.join(); }
  Offloader(const Offloader&) = delete;
  Offloader& operator=(const Offloader&) = delete;

  template <typename Work, typename Then>
  void offload(Work work, Then then) {
    ++pending_;
    boost::asio::post(pool_, [this, guard = boost::asio::make_work_guard(io_), work = std::move(work),
                              then = std::move(then)]() mutable {
      auto result = work();
      boost::asio::post(io_, [this, result = std::move(result), then = std::move(then)]() mutable {
        --pending_;
        then(std::move(result));
      });
    });
  }

  std::size_t pending() const { return pending_; }

 private:
  boost::asio::io_context& io_;
  boost::asio::thread_pool pool_;
  std::size_t pending_ = 0;
};

}  // namespace newswatch::daemon
