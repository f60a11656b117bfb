// SPDX-License-Identifier: MIT
#pragma once
// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for fetch tests, after newsboat's
// HttpTestServer: per-path scripted replies (status, headers, body, gzip or brotli, slow drip,
// never answering, closing mid-body), hit counts and the last request seen per path. Given a
// certificate and key (TlsIdentity, e.g. from self_signed_cert.hpp) it speaks HTTPS instead.
//
// Header-only so that tests/CMakeLists.txt's *_test.cpp glob needs no extra source.
// Threads: the server runs its own io_context on its own thread; on(), hits(), last_request()
// and open_connections() may be called from any thread. Handlers run on the server thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>
#include <brotli/encode.h>

namespace newswatch::test {

struct TestRequest {
  std::string method;
  std::string target;  // path and query
  std::string path;    // target without the query
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased

  std::string header(std::string_view lower_name) const {
    for (const auto& [n, v] : headers)
      if (n == lower_name) return v;
    return {};
  }
};

struct TestReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool gzip = false;                     // send the body gzip-encoded (Content-Encoding: gzip)
  bool brotli = false;                   // send the body brotli-encoded (Content-Encoding: br)
  bool chunked = false;                  // Transfer-Encoding: chunked instead of Content-Length
  std::size_t drip_bytes = 0;            // >0: chunked, this many bytes per chunk ...
  std::chrono::milliseconds drip_every{0};  // ... one chunk per interval
  bool never_answer = false;             // read the request, never reply (until the peer closes)
  bool close_mid_body = false;           // announce the full length, send half, close

  static TestReply text(int status, std::string body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    TestReply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  static TestReply redirect(int status, std::string location) {
    TestReply r;
    r.status = status;
    r.headers.emplace_back("Location", std::move(location));
    return r;
  }
};

inline std::string gzip_encode(std::string_view in) {
  namespace zlib = boost::beast::zlib;
  zlib::deflate_stream ds;
  ds.reset(6, 15, 8, zlib::Strategy::normal);
  std::string deflated(ds.upper_bound(in.size()) + 64, '\0');
  zlib::z_params zs;
  zs.next_in = in.data();
  zs.avail_in = in.size();
  zs.next_out = deflated.data();
  zs.avail_out = deflated.size();
  boost::system::error_code ec;
  ds.write(zs, zlib::Flush::finish, ec);  // end_of_stream when done
  deflated.resize(zs.total_out);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);  // gzip header, OS unix
  out += deflated;
  boost::crc_32_type crc;
  crc.process_bytes(in.data(), in.size());
  const auto put32 = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put32(crc.checksum());
  put32(static_cast<std::uint32_t>(in.size()));
  return out;
}

inline std::string brotli_encode(std::string_view in) {
  std::string out(BrotliEncoderMaxCompressedSize(in.size()), '\0');
  std::size_t size = out.size();
  const bool ok = BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                                        in.size(), reinterpret_cast<const std::uint8_t*>(in.data()),
                                        &size, reinterpret_cast<std::uint8_t*>(out.data()));
  if (!ok) throw std::runtime_error("BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

// PEM files of the server's certificate (chain) and private key.
struct TlsIdentity {
  std::string cert_file;
  std::string key_file;
};

class TestHttpServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;

  // Plain HTTP, or HTTPS with `tls`.
  explicit TestHttpServer(std::optional<TlsIdentity> tls = std::nullopt) : acceptor_(io_) {
    namespace ip = boost::asio::ip;
    if (tls) {
      namespace ssl = boost::asio::ssl;
      tls_ = std::make_unique<ssl::context>(ssl::context::tls_server);
      tls_->use_certificate_chain_file(tls->cert_file);
      tls_->use_private_key_file(tls->key_file, ssl::context::pem);
    }
    const ip::tcp::endpoint ep(ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(1024);
    port_ = acceptor_.local_endpoint().port();
    do_accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~TestHttpServer() {
    boost::asio::post(io_, [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
    });
    io_.stop();  // test support: forced stop is fine; sessions die with io_
    if (thread_.joinable()) thread_.join();
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view path) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
           std::string(path);
  }

  void on(std::string path, Handler handler) {
    std::lock_guard lock(mutex_);
    handlers_[std::move(path)] = std::move(handler);
  }
  void on(std::string path, TestReply reply) {
    on(std::move(path), [reply](const TestRequest&) { return reply; });
  }

  std::size_t hits(const std::string& path) const {
    std::lock_guard lock(mutex_);
    auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }
  std::optional<TestRequest> last_request(const std::string& path) const {
    std::lock_guard lock(mutex_);
    auto it = last_.find(path);
    if (it == last_.end()) return std::nullopt;
    return it->second;
  }
  std::size_t open_connections() const { return open_connections_.load(); }
  // The most connections that were ever open at once.
  std::size_t peak_connections() const { return peak_connections_.load(); }

  // Polls until no connection is open (clients closed theirs and the server noticed).
  bool wait_idle(std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (open_connections() != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return open_connections() == 0;
  }

 private:
  using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

  // One connection; Stream is a tcp::socket or a TlsStream over one.
  template <class Stream>
  class Session : public std::enable_shared_from_this<Session<Stream>> {
   public:
    Session(TestHttpServer& server, Stream stream)
        : server_(server), socket_(std::move(stream)), timer_(socket_.get_executor()) {
      const auto now_open = ++server_.open_connections_;
      for (auto peak = server_.peak_connections_.load(); now_open > peak &&
                                                         !server_.peak_connections_.compare_exchange_weak(peak, now_open);) {
      }
    }
    ~Session() { --server_.open_connections_; }

    void start() {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        socket_.async_handshake(boost::asio::ssl::stream_base::server,
                                [self = this->shared_from_this()](boost::system::error_code ec) {
                                  if (!ec) self->do_read();  // a client that refused us: done
                                });
      } else {
        do_read();
      }
    }

   private:
    void do_read() {
      req_ = {};
      boost::beast::http::async_read(
          socket_, buffer_, req_,
          [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
            self->on_read(ec);
          });
    }

    void on_read(boost::system::error_code ec) {
      if (ec) return;  // EOF, reset, or shutdown: the session ends
      TestRequest r;
      r.method = std::string(req_.method_string());
      r.target = std::string(req_.target());
      r.path = r.target.substr(0, r.target.find('?'));
      r.body = req_.body();
      for (const auto& f : req_) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      keep_alive_ = req_.keep_alive();
      reply_ = server_.dispatch(r);
      if (reply_.never_answer) return do_read();  // wait for the peer to give up

      std::string body = reply_.gzip     ? gzip_encode(reply_.body)
                         : reply_.brotli ? brotli_encode(reply_.body)
                                         : reply_.body;
      const bool drip = reply_.drip_bytes > 0;
      const bool chunked = drip || reply_.chunked;
      std::string head = "HTTP/1.1 " + std::to_string(reply_.status) + " " +
                         std::string(boost::beast::http::obsolete_reason(
                             boost::beast::http::int_to_status(reply_.status))) +
                         "\r\n";
      for (const auto& [n, v] : reply_.headers) head += n + ": " + v + "\r\n";
      if (reply_.gzip) head += "Content-Encoding: gzip\r\n";
      if (reply_.brotli && !reply_.gzip) head += "Content-Encoding: br\r\n";
      const bool no_body = reply_.status == 204 || reply_.status == 304 || r.method == "HEAD" ||
                           reply_.status / 100 == 1;
      if (!no_body) {
        if (chunked) {
          head += "Transfer-Encoding: chunked\r\n";
        } else {
          head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        }
      }
      if (!keep_alive_ || reply_.close_mid_body) head += "Connection: close\r\n";
      head += "\r\n";
      if (no_body) body.clear();

      if (reply_.close_mid_body) {
        out_ = head + body.substr(0, body.size() / 2);
        return write([](Session& s) { s.close(); });
      }
      if (drip) {
        pending_ = std::move(body);
        out_ = std::move(head);
        return write([](Session& s) { s.drip(); });
      }
      if (chunked && !body.empty()) {
        out_ = head + chunk(body) + "0\r\n\r\n";
      } else if (chunked) {
        out_ = head + "0\r\n\r\n";
      } else {
        out_ = head + body;
      }
      write([](Session& s) { s.finish(); });
    }

    static std::string chunk(std::string_view data) {
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      return std::string(size) + std::string(data) + "\r\n";
    }

    void drip() {
      if (pending_.empty()) {
        out_ = "0\r\n\r\n";
        return write([](Session& s) { s.finish(); });
      }
      timer_.expires_after(reply_.drip_every);
      timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
        if (ec) return;
        const std::size_t n = std::min(self->reply_.drip_bytes, self->pending_.size());
        self->out_ = chunk(std::string_view(self->pending_).substr(0, n));
        self->pending_.erase(0, n);
        self->write([](Session& s) { s.drip(); });
      });
    }

    template <class Next>
    void write(Next next) {
      boost::asio::async_write(socket_, boost::asio::buffer(out_),
                               [self = this->shared_from_this(), next](boost::system::error_code ec,
                                                                 std::size_t) {
                                 if (ec) return;
                                 next(*self);
                               });
    }

    void finish() {
      if (keep_alive_) return do_read();
      close();
    }

    void close() {
      boost::system::error_code ec;
      auto& tcp = socket_.lowest_layer();
      tcp.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
      tcp.close(ec);
    }

    TestHttpServer& server_;
    Stream socket_;
    boost::asio::steady_timer timer_;
    boost::beast::flat_buffer buffer_;
    boost::beast::http::request<boost::beast::http::string_body> req_;
    TestReply reply_;
    std::string out_;
    std::string pending_;
    bool keep_alive_ = true;
  };

  void do_accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec && tls_) {
        std::make_shared<Session<TlsStream>>(*this, TlsStream(std::move(s), *tls_))->start();
      } else if (!ec) {
        std::make_shared<Session<boost::asio::ip::tcp::socket>>(*this, std::move(s))->start();
      }
      do_accept();
    });
  }

  TestReply dispatch(const TestRequest& r) {
    Handler h;
    {
      std::lock_guard lock(mutex_);
      ++hits_[r.path];
      last_[r.path] = r;
      auto it = handlers_.find(r.path);
      if (it != handlers_.end()) h = it->second;
    }
    if (!h) return TestReply::text(404, "not found\n");
    return h(r);
  }

  boost::asio::io_context io_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, std::size_t> hits_;
  std::map<std::string, TestRequest> last_;
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<std::size_t> peak_connections_{0};
  std::thread thread_;
};

}  // namespace newswatch::test
