// SPDX-License-Identifier: MIT
#include "feeds/fetch/curl_multi.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>

#include <boost/asio/error.hpp>

namespace newswatch::feeds {

namespace asio = boost::asio;

namespace {

void global_init_once() {
  // A function-local static is initialised exactly once, thread-safely (C++11 magic statics).
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    throw std::runtime_error(std::string("curl_global_init failed: ") + curl_easy_strerror(rc));
  }
}

}  // namespace

CurlMulti::SocketWatch::~SocketWatch() {
  // Safety net: a stream_descriptor closes its fd on destruction, and curl owns this fd.
  if (fd.is_open()) fd.release();
}

CurlMulti::CurlMulti(asio::io_context& io, DoneHandler on_done, long max_host_connections)
    : io_(io), on_done_(std::move(on_done)), timer_(io) {
  global_init_once();
  multi_.reset(curl_multi_init());
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
  CURLM* m = multi_.get();
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &CurlMulti::socket_trampoline);
  curl_multi_setopt(m, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &CurlMulti::timer_trampoline);
  curl_multi_setopt(m, CURLMOPT_TIMERDATA, this);
  if (max_host_connections > 0) curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, max_host_connections);
}

CurlMulti::~CurlMulti() {
  // Cleanup first: it may call the socket and timer callbacks, which need the members below.
  multi_.reset();
  for (auto& [s, w] : watches_) {
    w->removed = true;  // pending waits see this and return without touching `this`
    if (w->fd.is_open()) w->fd.release();
  }
  watches_.clear();
  timer_.cancel();
  alive_.reset();
}

CURLMcode CurlMulti::add(CURL* easy) { return curl_multi_add_handle(multi_.get(), easy); }

CURLMcode CurlMulti::remove(CURL* easy) { return curl_multi_remove_handle(multi_.get(), easy); }

int CurlMulti::socket_trampoline(CURL*, curl_socket_t s, int what, void* userp, void*) noexcept {
  auto* self = static_cast<CurlMulti*>(userp);
  try {
    return self->on_socket(s, what);
  } catch (...) {
    ++self->internal_errors_;
    return 0;  // -1 would abort every transfer; the affected one will time out instead
  }
}

int CurlMulti::timer_trampoline(CURLM*, long timeout_ms, void* userp) noexcept {
  auto* self = static_cast<CurlMulti*>(userp);
  try {
    self->on_timer_request(timeout_ms);
    return 0;
  } catch (...) {
    ++self->internal_errors_;
    return -1;  // without a timer the multi handle cannot make progress
  }
}

int CurlMulti::on_socket(curl_socket_t s, int what) {
  if (what == CURL_POLL_REMOVE) {
    auto it = watches_.find(s);
    if (it != watches_.end()) {
      auto& w = it->second;
      w->removed = true;
      // release() deregisters from epoll and aborts pending waits; it never closes: curl does.
      if (w->fd.is_open()) w->fd.release();
      watches_.erase(it);
    }
    return 0;
  }
  auto& w = watches_[s];
  if (!w) {
    auto fresh = std::make_shared<SocketWatch>(io_);
    boost::system::error_code ec;
    fresh->fd.assign(s, ec);
    if (ec) {
      watches_.erase(s);
      ++internal_errors_;
      return 0;
    }
    fresh->socket = s;
    w = std::move(fresh);
  }
  // A wait pending for a direction curl no longer wants is left alone: Asio cannot cancel one
  // direction, and when it fires on_ready hands curl the event once and does not re-arm it.
  w->wanted = what;
  if ((what & CURL_POLL_IN) && !w->reading) arm(w, true);
  if ((what & CURL_POLL_OUT) && !w->writing) arm(w, false);
  return 0;
}

void CurlMulti::on_timer_request(long timeout_ms) {
  if (timeout_ms < 0) {
    timer_.cancel();
    return;
  }
  // 0 ms means "as soon as possible, but not inside this callback": async_wait never runs the
  // handler inline, so an already-expired timer fires on the next turn of the loop. libcurl
  // resumes a transfer that stopped reading early only through this timer.
  timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  timer_.async_wait([alive = std::weak_ptr<int>(alive_), this](const boost::system::error_code& ec) {
    if (ec == asio::error::operation_aborted) return;
    if (!alive.lock()) return;
    try {
      on_timeout();
    } catch (...) {
      ++internal_errors_;
    }
  });
}

void CurlMulti::on_timeout() {
  int running = 0;
  curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
  drain();
}

void CurlMulti::arm(const std::shared_ptr<SocketWatch>& w, bool read) {
  (read ? w->reading : w->writing) = true;
  w->fd.async_wait(read ? asio::posix::descriptor_base::wait_read
                        : asio::posix::descriptor_base::wait_write,
                   [this, w, read](const boost::system::error_code& ec) {
                     (read ? w->reading : w->writing) = false;
                     // `removed` is set for every watch before CurlMulti goes away, so `this`
                     // is only used while it is alive.
                     if (w->removed || ec == asio::error::operation_aborted) return;
                     try {
                       on_ready(w, read, ec);
                     } catch (...) {
                       ++internal_errors_;
                     }
                   });
}

void CurlMulti::on_ready(const std::shared_ptr<SocketWatch>& w, bool read,
                         const boost::system::error_code& ec) {
  const int flags = ec ? CURL_CSELECT_ERR : (read ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
  int running = 0;
  curl_multi_socket_action(multi_.get(), w->socket, flags, &running);
  drain();
  // Asio waits are one-shot while curl expects continuous monitoring (curl #1191): re-arm, but
  // only a direction curl still wants, on a watch it has not removed (the fd may even have come
  // back as a new watch during socket_action), and not after an error (that would spin).
  if (w->removed || ec) return;
  if ((w->wanted & CURL_POLL_IN) && !w->reading) arm(w, true);
  if ((w->wanted & CURL_POLL_OUT) && !w->writing) arm(w, false);
}

void CurlMulti::drain() {
  int pending = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &pending)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // Copy out: the message dies with remove_handle.
    CURL* easy = msg->easy_handle;
    const CURLcode result = msg->data.result;
    curl_multi_remove_handle(multi_.get(), easy);
    try {
      if (on_done_) on_done_(easy, result);
    } catch (...) {
      ++internal_errors_;  // keep draining: the other finished transfers must complete too
    }
  }
}

}  // namespace newswatch::feeds
