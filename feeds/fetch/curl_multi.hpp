// SPDX-License-Identifier: MIT
#pragma once
// libcurl's multi interface driven by an Asio io_context: curl's docs/examples/multi-uv.c ported to
// posix::stream_descriptor (socket waits) and one steady_timer (curl's timeout), see STYLE §2.6.
// Public because the daemon's SMTP receiver runs its transfers on it too (CURL* is the interface).
//
// Threads: io thread only (construct, call, destroy). The io_context must outlive the CurlMulti.
// Ownership: the caller owns the easy handles; CurlMulti only adds/removes them. It never closes a
// descriptor: curl owns every socket it reports, CurlMulti only watches it.
// Completion: when curl reports CURLMSG_DONE, the handle is removed from the multi and `on_done`
// runs synchronously on the io thread, outside any curl callback; it may add or remove handles,
// but it should post user-visible completions (HttpClient does) so that user code never runs
// in the middle of a drain.

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <curl/curl.h>

namespace newswatch::feeds {

class CurlMulti {
 public:
  // Runs once per finished easy handle, after curl_multi_remove_handle.
  using DoneHandler = std::function<void(CURL* easy, CURLcode result)>;

  // Calls curl_global_init once per process (thread-safe). Throws std::runtime_error if the multi
  // handle cannot be created (startup failure, not an input path).
  // `max_host_connections` caps connections to one host (0: no cap); transfers beyond it wait
  // in curl's queue, so a feed list with many URLs on one site never hammers it.
  CurlMulti(boost::asio::io_context& io, DoneHandler on_done, long max_host_connections = 0);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Adds a configured easy handle; the transfer starts from the next timer tick (never inline).
  CURLMcode add(CURL* easy);
  // Removes a handle without running on_done (cancellation). Harmless for unknown handles.
  CURLMcode remove(CURL* easy);

  // Introspection for tests and metrics.
  std::size_t watched_sockets() const { return watches_.size(); }
  // Exceptions caught in curl callbacks or handlers (should stay 0).
  std::uint64_t internal_errors() const { return internal_errors_; }

 private:
  // One descriptor curl asked us to watch. Waits are one-shot in Asio; `reading`/`writing` say
  // which waits are pending, `wanted` what curl wants (CURL_POLL_IN/OUT/INOUT).
  struct SocketWatch {
    explicit SocketWatch(boost::asio::io_context& io) : fd(io) {}
    ~SocketWatch();
    boost::asio::posix::stream_descriptor fd;
    curl_socket_t socket = CURL_SOCKET_BAD;
    int wanted = 0;
    bool reading = false;
    bool writing = false;
    bool removed = false;  // curl said REMOVE (or we are shutting down): never touch curl for it
  };
  struct MultiCleanup {
    void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
  };

  static int socket_trampoline(CURL* easy, curl_socket_t s, int what, void* userp,
                               void* socketp) noexcept;
  static int timer_trampoline(CURLM* multi, long timeout_ms, void* userp) noexcept;
  int on_socket(curl_socket_t s, int what);
  void on_timer_request(long timeout_ms);

  void arm(const std::shared_ptr<SocketWatch>& w, bool read);
  void on_ready(const std::shared_ptr<SocketWatch>& w, bool read,
                const boost::system::error_code& ec);
  void on_timeout();
  void drain();  // curl_multi_info_read loop

  boost::asio::io_context& io_;
  DoneHandler on_done_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // timer handlers hold a weak_ptr
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> watches_;
  std::uint64_t internal_errors_ = 0;
  // Last: destroyed first, since curl_multi_cleanup may still call the socket callback.
  std::unique_ptr<CURLM, MultiCleanup> multi_;
};

}  // namespace newswatch::feeds
