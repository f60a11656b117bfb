// SPDX-License-Identifier: MIT
#include "daemon/http/http_server.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <exception>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace newswatch::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
// After a refused request (413, 400) the client may still be sending; reading what is left for
// a short while before closing keeps the kernel from answering with RST, which would lose our
// response (the "lingering close" of Apache and nginx).
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 4 << 20;
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_crlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

class Session;

}  // namespace

namespace detail {

// Shared by the HttpServer, the accept loop and every session, so that a handler that runs
// after the HttpServer is gone (with operation_aborted) still finds valid memory.
struct HttpServerState {
  HttpServerState(asio::io_context& io, HttpServer::Handler h, HttpServerOptions o)
      : acceptor(io), retry_timer(io), handler(std::move(h)), options(o) {}

  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;  // backs off after accept errors such as EMFILE
  HttpServer::Handler handler;
  HttpServerOptions options;
  bool listening = false;
  bool stopped = false;
  std::vector<std::weak_ptr<Session>> sessions;

  std::size_t live_sessions() {
    std::erase_if(sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
    return sessions.size();
  }
};

}  // namespace detail

namespace {

using State = detail::HttpServerState;

// One connection: read a request, answer it, repeat while keep-alive. Every handler holds
// `self`, so the session lives exactly as long as an operation of it is pending.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<State> state)
      : stream_(std::move(socket)), state_(std::move(state)) {}

  void start() { do_read(); }

  // Called by HttpServer::stop(): cancels whatever is pending; the handlers see
  // operation_aborted and drop the last reference.
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  void do_read() {
    // A fresh parser per request: Beast requires it, and the body limit is per request.
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(state_->options.max_body_bytes);
    stream_.expires_after(state_->options.idle_timeout);
    // The header first, so that a body over the limit is refused before the client sends it
    // and "Expect: 100-continue" can be answered.
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (state_->stopped) return;
    const auto& req = parser_->get();
    if (req.version() >= 11 && beast::iequals(req[http::field::expect], "100-continue")) {
      return do_continue();
    }
    do_read_body();
  }

  void do_continue() {
    continue_ = {http::status::continue_, parser_->get().version()};
    stream_.expires_after(state_->options.idle_timeout);
    http::async_write(stream_, continue_,
                      beast::bind_front_handler(&Session::on_continue, shared_from_this()));
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec || state_->stopped) return;  // aborted, timed out or reset: nothing left to say
    do_read_body();
  }

  void do_read_body() {
    if (parser_->is_done()) return handle(parser_->release());  // no body
    stream_.expires_after(state_->options.idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (state_->stopped) return;
    handle(parser_->release());
  }

  void on_read_error(beast::error_code ec) {
    if (ec == asio::error::operation_aborted || state_->stopped) return;
    if (ec == http::error::end_of_stream) return do_shutdown();
    if (ec == http::error::body_limit) {
      return send_error(http::status::payload_too_large, "request body too large\n");
    }
    if (ec == http::error::header_limit) {
      return send_error(http::status::request_header_fields_too_large,
                        "request header too large\n");
    }
    if (ec == beast::error::timeout) return;  // tcp_stream has closed the socket already
    // A malformed request gets a 400 if the peer is still there; I/O errors just end.
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::partial_message) {
      return send_error(http::status::bad_request, "bad request\n");
    }
  }

  void handle(http::request<http::string_body> req) {
    HttpServerRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    auto q = in.target.find('?');
    in.path = in.target.substr(0, q);
    if (q != std::string::npos) in.query = in.target.substr(q + 1);
    for (const auto& field : req) {
      in.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    }
    in.body = std::move(req.body());

    HttpServerResponse out;
    try {
      out = state_->handler(in);
    } catch (const std::exception& e) {
      spdlog::error("http: handler failed for {} {}: {}", in.method, in.target, e.what());
      out = HttpServerResponse{500, "text/plain; charset=utf-8", "internal server error\n", {}};
    } catch (...) {
      spdlog::error("http: handler failed for {} {}", in.method, in.target);
      out = HttpServerResponse{500, "text/plain; charset=utf-8", "internal server error\n", {}};
    }
    if (state_->stopped) return close();  // the handler stopped the server

    try {
      build_response(req, std::move(out));
    } catch (const std::exception& e) {  // bad_alloc or a Beast invariant: never leave run()
      spdlog::error("http: cannot build the response to {} {}: {}", in.method, in.target, e.what());
      return send_error(http::status::internal_server_error, "internal server error\n");
    }
    do_write();
  }

  void build_response(const http::request<http::string_body>& req, HttpServerResponse out) {
    // 1xx is the server's business; anything outside the status range is the handler's bug.
    const bool valid = out.status >= 200 && out.status <= 599;
    res_ = {};
    res_.version(req.version());
    res_.result(valid ? static_cast<unsigned>(out.status) : 500u);
    res_.set(http::field::server, "newswatch");
    res_.set(http::field::date, http_date());
    if (!has_crlf(out.content_type)) res_.set(http::field::content_type, out.content_type);
    for (auto& [name, value] : out.headers) {
      if (name.empty() || name.find_first_of(" \t:\r\n") != std::string::npos || has_crlf(value)) {
        continue;  // would break the header block, or smuggle another header into it
      }
      auto f = http::string_to_field(name);
      if (f == http::field::content_length || f == http::field::transfer_encoding ||
          f == http::field::connection) {
        continue;
      }
      if (f == http::field::content_type || f == http::field::server || f == http::field::date) {
        res_.set(name, value);
      } else {
        res_.insert(name, value);
      }
    }
    const auto status = res_.result();
    if (status == http::status::no_content || status == http::status::not_modified) {
      // No body and no Content-Length (a 304's would have to be the full entity's).
    } else if (req.method() == http::verb::head) {
      res_.content_length(out.body.size());  // what GET would send, but no body
    } else {
      res_.body() = std::move(out.body);
      res_.prepare_payload();
    }
    res_.keep_alive(req.keep_alive());
  }

  // Answers a request we refuse to read, then closes.
  void send_error(http::status status, std::string_view text) {
    unsigned version = 11;
    if (parser_ && parser_->is_header_done()) version = parser_->get().version();
    res_ = {};
    res_.version(version);
    res_.result(status);
    res_.set(http::field::server, "newswatch");
    res_.set(http::field::date, http_date());
    res_.set(http::field::content_type, "text/plain; charset=utf-8");
    res_.body() = std::string(text);
    res_.prepare_payload();
    res_.keep_alive(false);
    linger_ = true;
    do_write();
  }

  void do_write() {
    stream_.expires_after(state_->options.idle_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec == asio::error::operation_aborted || state_->stopped) return;
    if (ec) return;  // timeout or reset: nothing left to say
    if (linger_) return do_linger();
    if (!res_.keep_alive()) return do_shutdown();
    res_ = {};
    do_read();
  }

  void do_shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // Returning drops the last `self`: the socket closes once the peer has had our FIN.
  }

  void do_linger() {
    do_shutdown();
    stream_.expires_after(kLingerTimeout);
    do_drain();
  }

  void do_drain() {
    stream_.async_read_some(asio::buffer(drain_),
                            beast::bind_front_handler(&Session::on_drain, shared_from_this()));
  }

  void on_drain(beast::error_code ec, std::size_t n) {
    drained_ += n;
    if (ec || state_->stopped || drained_ > kLingerMaxBytes) return;
    do_drain();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;  // owned here: async_write needs it until done
  http::response<http::empty_body> continue_;
  std::shared_ptr<State> state_;
  bool linger_ = false;
  std::size_t drained_ = 0;
  char drain_[4096];
};

// The accept loop: a free function holding the State, so it never touches the HttpServer.
void do_accept(const std::shared_ptr<State>& state);

void on_accept(const std::shared_ptr<State>& state, beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || state->stopped) return;
  if (ec) {
    // EMFILE and friends: retry after a pause instead of spinning on the error.
    spdlog::warn("http: accept failed: {}", ec.message());
    state->retry_timer.expires_after(kAcceptRetryDelay);
    state->retry_timer.async_wait([state](beast::error_code wait_ec) {
      if (wait_ec == asio::error::operation_aborted || state->stopped) return;
      do_accept(state);
    });
    return;
  }
  if (state->live_sessions() >= state->options.max_connections) {
    // Over the cap: close at once rather than queue, so a flood cannot pin memory.
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  } else {
    auto session = std::make_shared<Session>(std::move(socket), state);
    state->sessions.push_back(session);
    session->start();
  }
  do_accept(state);
}

void do_accept(const std::shared_ptr<State>& state) {
  state->acceptor.async_accept([state](beast::error_code ec, tcp::socket socket) {
    on_accept(state, ec, std::move(socket));
  });
}

}  // namespace

std::string HttpServerRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

HttpServer::HttpServer(asio::io_context& io, Handler handler, HttpServerOptions options)
    : state_(std::make_shared<detail::HttpServerState>(io, std::move(handler), options)) {}

HttpServer::~HttpServer() {
  try {
    stop();
  } catch (...) {  // timer cancel() may throw in theory; a destructor must not
  }
}

std::string HttpServer::listen(std::string_view host_port) {
  const std::string where(host_port);
  auto fail = [&](std::string_view why) {
    return "cannot listen on " + where + ": " + std::string(why);
  };
  if (state_->stopped) return fail("server stopped");
  if (state_->listening) return fail("already listening");

  // host:port, with the host in brackets for IPv6 ("[::1]:9470").
  auto colon = host_port.rfind(':');
  if (colon == std::string_view::npos) return fail("expected host:port");
  std::string_view host = host_port.substr(0, colon);
  std::string_view port_text = host_port.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(),
                   [](unsigned char c) { return std::isdigit(c); })) {
    return fail("bad port");
  }
  for (char c : port_text) port = port * 10 + static_cast<unsigned>(c - '0');
  if (port > 65535) return fail("bad port");

  beast::error_code ec;
  asio::ip::address address;
  if (host == "localhost") {
    address = asio::ip::address_v4::loopback();
  } else if (host.empty() || host == "*") {
    address = asio::ip::address_v4::any();
  } else {
    address = asio::ip::make_address(host, ec);
    if (ec) return fail("not an IP address: " + std::string(host));
  }

  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return fail(ec.message());
  }
  state_->listening = true;
  do_accept(state_);
  return {};
}

unsigned short HttpServer::port() const {
  beast::error_code ec;
  if (!state_->acceptor.is_open()) return 0;
  auto endpoint = state_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpServer::stop() {
  if (!state_ || state_->stopped) return;
  state_->stopped = true;
  beast::error_code ignored;
  state_->acceptor.close(ignored);
  state_->retry_timer.cancel();
  // Copy first: closing a session cannot re-enter here, but keep the loop simple and safe.
  auto sessions = std::move(state_->sessions);
  for (auto& weak : sessions) {
    if (auto session = weak.lock()) session->close();
  }
}

}  // namespace newswatch::daemon
