// SPDX-License-Identifier: MIT
#pragma once
// A small asynchronous HTTP/1.1 server (Boost.Beast) for the daemon's /healthz, /metrics and
// /api endpoint and for the demo's loopback feed server. Keep-alive, HEAD, a deadline on every
// read and write, a body limit (413), a connection cap, and a handler that throws becomes a 500.
//
// Threads: everything, including the Handler, runs on the thread that runs `io`; call listen(),
// port() and stop() from that thread, or while `io` is not running. `io` must outlive the server.
// Shutdown: stop() closes the acceptor and every open connection; once their cancelled handlers
// have run, no work of the server is left on `io`, so run() returns when nothing else is pending.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace newswatch::daemon {
namespace detail {
struct HttpServerState;
}  // namespace detail

struct HttpServerRequest {
  std::string method;  // "GET", "HEAD", "POST", … as sent
  std::string target;  // the raw request target, "/api/v1/feeds?x=1"
  std::string path;    // the target up to '?', not percent-decoded
  std::string query;   // after '?', without it; "" when there is none
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // The first header of that (lower-case) name, or "".
  std::string header(std::string_view lower_name) const;
};

struct HttpServerResponse {
  int status = 200;  // 100..599; anything else is sent as 500
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;  // not sent for HEAD, but counted in Content-Length
  // Extra headers. Content-Length, Transfer-Encoding and Connection are the server's; a header
  // whose name or value contains CR or LF is dropped.
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpServerOptions {
  std::chrono::seconds idle_timeout{30};  // deadline for each read and each write
  std::size_t max_body_bytes = 1 << 20;   // larger request bodies get 413
  std::size_t max_connections = 256;      // connections past this are closed at once
};

class HttpServer {
 public:
  // Runs on the io thread for each complete request; may throw (the client gets a 500).
  using Handler = std::function<HttpServerResponse(const HttpServerRequest&)>;

  HttpServer(boost::asio::io_context& io, Handler handler, HttpServerOptions options = {});
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. `host_port` is "127.0.0.1:9470", "[::1]:9470", "localhost:0"
  // (port 0 = ephemeral; see port()). Returns "" on success, otherwise one line such as
  // "cannot listen on 127.0.0.1:9470: Address already in use". Listening twice is an error.
  std::string listen(std::string_view host_port);

  // The bound port, 0 when not listening.
  unsigned short port() const;

  // Stops accepting and closes every open connection (a request being handled gets no answer).
  // Idempotent. The server cannot listen again afterwards.
  void stop();

 private:
  // Shared with in-flight handlers, so that none outlives what it uses.
  std::shared_ptr<detail::HttpServerState> state_;
};

}  // namespace newswatch::daemon
