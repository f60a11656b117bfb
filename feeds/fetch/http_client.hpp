// SPDX-License-Identifier: MIT
#pragma once
// Asynchronous HTTP(S) client: libcurl's multi interface driven by the caller's io_context
// (socket waits on stream_descriptors, one steady_timer; no thread per transfer, nothing blocks).
//
// Threads: construct, call and destroy on the io thread only. Completions are posted to the
// io_context, never run inside a curl callback. The io_context must outlive the client.
// Every transfer completes exactly once: with a response, a transport error, or "cancelled"
// after cancel_all(). Destroying the client cancels what is in flight without calling back.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "feeds/fetch/fetch_error.hpp"

namespace newswatch::feeds {

struct HttpRequest {
  std::string method = "GET";  // GET, POST or HEAD; anything else fails with bad_request
  std::string url;             // only http:// and https:// are allowed, also after redirects
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent for POST
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  std::size_t max_body_bytes = 16u << 20;  // larger responses fail with an error
  bool follow_redirects = true;            // at most kMaxRedirects, http/https targets only
  // Abort when fewer than low_speed_bytes per second arrive for low_speed_time (0 disables).
  std::size_t low_speed_bytes = 1;
  std::chrono::seconds low_speed_time{30};
  // libcurl's receive buffer per transfer (CURLOPT_BUFFERSIZE, 1024..512 KiB); 0 keeps its
  // default of 16 KiB. Smaller saves memory with many concurrent transfers.
  std::size_t receive_buffer_bytes = 0;
  // PEM file of the CA certificates to trust for https, in place of the system bundle
  // (CURLOPT_CAINFO): for a feed or hook behind a private CA. "" uses the system's. Certificate
  // and host name checks are never turned off; a peer they reject fails with fetch_errc::tls.
  std::string ca_file;
};

inline constexpr int kMaxRedirects = 5;

struct HttpResponse {
  int status = 0;            // HTTP status; 0 when none arrived (may be set along with `error`)
  std::string error;         // transport error (timeout, refused, too large, cancelled); empty if none
  boost::system::error_code code;  // the same as a fetch_errc (for metrics); clear if none
  std::string effective_url; // after redirects
  std::string permanent_redirect;  // effective_url when every redirect was a 301 or 308, else ""
  std::string body;          // decoded (gzip/deflate/br/zstd) body; empty when `error` is set
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, last response only

  bool transport_ok() const { return error.empty(); }
  // The value of the last header with this (lower-case) name, or "".
  std::string header(std::string_view lower_name) const;
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse)>;

  // At most `max_connections_per_host` connections to one host at a time (0: no cap); the rest
  // queue. Politeness toward the sites we poll.
  HttpClient(boost::asio::io_context& io, std::string user_agent, long max_connections_per_host = 0);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts a transfer; `done` runs later on the io thread.
  void start(HttpRequest request, Callback done);
  // Aborts every transfer in flight; each completes (posted, never inline) with error
  // "cancelled" and code fetch_errc::cancelled. The client stays usable.
  void cancel_all();
  // Transfers started and not yet finished; a finished one's completion may still be queued.
  std::size_t in_flight() const;
  // Exceptions contained inside curl callbacks, Asio handlers or completion callbacks (which
  // must not throw); a metric that should stay 0.
  std::uint64_t internal_errors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch::feeds
