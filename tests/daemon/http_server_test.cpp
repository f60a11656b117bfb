// SPDX-License-Identifier: MIT
#include "daemon/http/http_server.hpp"

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace newswatch::daemon {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// A blocking client on its own io_context; the server runs on the fixture's io thread.
class Client {
 public:
  explicit Client(unsigned short port) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }

  http::response<http::string_body> send(http::verb verb, std::string target, std::string body = {},
                                         bool keep_alive = true) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Mixed-Case", "Value");
    req.keep_alive(keep_alive);
    if (!body.empty() || verb == http::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    http::write(socket_, req);
    http::response_parser<http::string_body> parser;
    parser.skip(verb == http::verb::head);  // a HEAD response announces a body it does not send
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True when the server has closed (EOF or reset) within `limit`.
  bool closed_within(std::chrono::milliseconds limit) {
    timeval tv{static_cast<time_t>(limit.count() / 1000),
               static_cast<suseconds_t>((limit.count() % 1000) * 1000)};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char c;
    boost::system::error_code ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context io_;
  tcp::socket socket_{io_};
  beast::flat_buffer buffer_;
};

// Echoes what the server parsed, so tests see the request without sharing state across threads.
HttpServerResponse echo(const HttpServerRequest& req) {
  if (req.path == "/missing") return {404, "text/plain; charset=utf-8", "no such thing\n", {}};
  if (req.path == "/boom") throw std::runtime_error("handler exploded");
  HttpServerResponse res;
  res.content_type = "application/json";
  res.headers = {{"X-Seen-Path", req.path},
                 {"X-Seen-Query", req.query},
                 {"X-Seen-Header", req.header("x-mixed-case")},
                 {"X-Bad", "a\r\nInjected: yes"}};
  res.body = req.method + " " + req.target + " " + req.body;
  return res;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServer::Handler handler = echo, HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(io_, std::move(handler), options);
    ASSERT_EQ(server_->listen("127.0.0.1:0"), "");
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    done_ = finished_.get_future();
    thread_ = std::thread([this] {
      io_.run();
      finished_.set_value();
    });
  }

  // Stops the server from the io thread and reports whether run() returned within `limit`.
  bool stop_and_wait(std::chrono::milliseconds limit) {
    asio::post(io_, [this] { server_->stop(); });
    return done_.wait_for(limit) == std::future_status::ready;
  }

  void TearDown() override {
    if (!thread_.joinable()) return;
    if (!stop_and_wait(5s)) io_.stop();  // the test has failed already; do not hang
    thread_.join();
  }

  asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
  std::promise<void> finished_;
  std::future<void> done_;
  std::thread thread_;
};

TEST_F(HttpServerTest, AnswersGetWithBodyAndHeaders) {
  start();
  Client client(port_);
  auto res = client.send(http::verb::get, "/api/v1/feeds?limit=5");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "GET /api/v1/feeds?limit=5 ");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
  EXPECT_EQ(res["X-Seen-Path"], "/api/v1/feeds");
  EXPECT_EQ(res["X-Seen-Query"], "limit=5");
  EXPECT_EQ(res["X-Seen-Header"], "Value");  // looked up by its lower-cased name
  EXPECT_EQ(res.count("X-Bad"), 0u);         // CR/LF in a value would split the header
  EXPECT_EQ(res.count("Injected"), 0u);
  EXPECT_FALSE(res[http::field::date].empty());
}

TEST_F(HttpServerTest, PassesThePostBodyToTheHandler) {
  start();
  Client client(port_);
  auto res = client.send(http::verb::post, "/api/v1/reload", "{\"x\":1}");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "POST /api/v1/reload {\"x\":1}");
}

TEST_F(HttpServerTest, AnswersHeadWithHeadersButNoBody) {
  start();
  Client client(port_);
  auto head = client.send(http::verb::head, "/healthz");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_length],
            std::to_string(std::string("HEAD /healthz ").size()));
  EXPECT_TRUE(head.body().empty());
  // Had a body been sent, this response would be read from its bytes and fail.
  auto get = client.send(http::verb::get, "/healthz");
  EXPECT_EQ(get.result_int(), 200);
  EXPECT_EQ(get.body(), "GET /healthz ");
}

TEST_F(HttpServerTest, SendsTheHandlersNotFound) {
  start();
  Client client(port_);
  auto res = client.send(http::verb::get, "/missing");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res.body(), "no such thing\n");
}

TEST_F(HttpServerTest, SendsNotModifiedWithoutBodyAndKeepsTheConnection) {
  start([](const HttpServerRequest& req) {
    if (req.header("if-none-match") == "\"v1\"") {
      return HttpServerResponse{304, "application/rss+xml", "ignored", {{"ETag", "\"v1\""}}};
    }
    return HttpServerResponse{204, "text/plain", "ignored too", {}};
  });
  Client client(port_);
  http::request<http::string_body> req{http::verb::get, "/feed.xml", 11};
  req.set(http::field::host, "h");
  req.set(http::field::if_none_match, "\"v1\"");
  http::write(client.socket(), req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(client.socket(), buffer, res);
  EXPECT_EQ(res.result_int(), 304);
  EXPECT_EQ(res[http::field::etag], "\"v1\"");
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res.count(http::field::content_length), 0u);
  // The next response parses cleanly, so no stray body bytes were sent.
  auto no_content = client.send(http::verb::get, "/other");
  EXPECT_EQ(no_content.result_int(), 204);
  EXPECT_TRUE(no_content.body().empty());
}

TEST_F(HttpServerTest, SendsAnInvalidStatusAs500) {
  start([](const HttpServerRequest& req) {
    HttpServerResponse res;
    res.status = req.path == "/informational" ? 101 : 42;
    res.headers = {{"Bad Name", "x"}, {"X:Smuggled", "y"}, {"X-Good", "z"}};
    return res;
  });
  Client client(port_);
  auto res = client.send(http::verb::get, "/informational");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(res["X-Good"], "z");
  EXPECT_EQ(res.count("Bad Name"), 0u);
  EXPECT_EQ(res.count("X"), 0u);
  EXPECT_EQ(client.send(http::verb::get, "/small").result_int(), 500);
}

TEST_F(HttpServerTest, KeepsTheConnectionAliveAcrossRequests) {
  start();
  Client client(port_);
  auto first = client.send(http::verb::get, "/one");
  EXPECT_TRUE(first.keep_alive());
  auto second = client.send(http::verb::get, "/two");
  EXPECT_EQ(first.body(), "GET /one ");
  EXPECT_EQ(second.body(), "GET /two ");
}

TEST_F(HttpServerTest, ClosesAfterConnectionClose) {
  start();
  Client client(port_);
  auto res = client.send(http::verb::get, "/bye", {}, /*keep_alive=*/false);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.closed_within(2s));
}

TEST_F(HttpServerTest, RefusesABodyOverTheLimitWith413) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  start(echo, options);
  Client client(port_);
  auto res = client.send(http::verb::post, "/api/v1/upload", std::string(64 * 1024, 'x'));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.closed_within(3s));
  // A body at the limit is fine.
  Client other(port_);
  EXPECT_EQ(other.send(http::verb::post, "/api/v1/upload", std::string(1024, 'x')).result_int(),
            200);
}

TEST_F(HttpServerTest, TurnsAThrowingHandlerInto500AndKeepsServing) {
  start();
  Client client(port_);
  auto res = client.send(http::verb::get, "/boom");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(client.send(http::verb::get, "/after").result_int(), 200);  // same connection
  Client other(port_);
  EXPECT_EQ(other.send(http::verb::get, "/fresh").result_int(), 200);
}

TEST_F(HttpServerTest, AnswersGarbageWith400) {
  start();
  Client client(port_);
  asio::write(client.socket(), asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(client.socket(), buffer, res);
  EXPECT_EQ(res.result_int(), 400);
}

TEST_F(HttpServerTest, AnswersExpectContinueBeforeReadingTheBody) {
  start();
  Client client(port_);
  asio::write(client.socket(),
              asio::buffer(std::string("POST /api/v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
                                       "Expect: 100-continue\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::empty_body> interim;
  http::read(client.socket(), buffer, interim);
  EXPECT_EQ(interim.result_int(), 100);
  asio::write(client.socket(), asio::buffer(std::string("hello")));
  http::response<http::string_body> res;
  http::read(client.socket(), buffer, res);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "POST /api/v1/x hello");
}

TEST_F(HttpServerTest, RefusesAnExpectedBodyOverTheLimitWithoutAskingForIt) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  start(echo, options);
  Client client(port_);
  asio::write(client.socket(),
              asio::buffer(std::string("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 999999\r\n"
                                       "Expect: 100-continue\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(client.socket(), buffer, res);
  EXPECT_EQ(res.result_int(), 413);  // no 100 first
  EXPECT_TRUE(client.closed_within(3s));
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  start();
  Client client(port_);
  asio::write(client.socket(), asio::buffer(std::string("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                                                        "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> first, second;
  http::read(client.socket(), buffer, first);
  http::read(client.socket(), buffer, second);
  EXPECT_EQ(first.body(), "GET /1 ");
  EXPECT_EQ(second.body(), "GET /2 ");
}

TEST_F(HttpServerTest, ServesManyOpenConnections) {
  start();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 50; ++i) clients.push_back(std::make_unique<Client>(port_));
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto target = "/c" + std::to_string(i);
      EXPECT_EQ(clients[i]->send(http::verb::get, target).body(), "GET " + target + " ");
    }
  }
  auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(stop_and_wait(1s));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s);
}

TEST_F(HttpServerTest, StopWithAnIdleKeepAliveClientLetsRunReturnPromptly) {
  start();
  Client client(port_);
  ASSERT_EQ(client.send(http::verb::get, "/hello").result_int(), 200);
  // The client keeps its connection open and idle; the session is waiting in a read.
  auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(stop_and_wait(1s)) << "io_context::run() still has work after stop()";
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s);
  EXPECT_TRUE(client.closed_within(1s));
}

TEST_F(HttpServerTest, ClosesAnIdleConnectionAfterTheTimeout) {
  HttpServerOptions options;
  options.idle_timeout = 1s;
  start(echo, options);
  Client client(port_);
  auto begin = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_within(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 900ms);
}

TEST_F(HttpServerTest, ClosesConnectionsPastTheCap) {
  HttpServerOptions options;
  options.max_connections = 1;
  start(echo, options);
  Client first(port_);
  ASSERT_EQ(first.send(http::verb::get, "/a").result_int(), 200);
  Client second(port_);
  EXPECT_TRUE(second.closed_within(2s));
  EXPECT_EQ(first.send(http::verb::get, "/b").result_int(), 200);
}

TEST(HttpServer, ReportsAPortInUseInOneLine) {
  asio::io_context io;
  HttpServer first(io, echo);
  ASSERT_EQ(first.listen("127.0.0.1:0"), "");
  HttpServer second(io, echo);
  const std::string where = "127.0.0.1:" + std::to_string(first.port());
  auto error = second.listen(where);
  EXPECT_EQ(error.rfind("cannot listen on " + where + ": ", 0), 0u) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_EQ(second.port(), 0);
}

TEST(HttpServer, RejectsAMalformedAddress) {
  asio::io_context io;
  HttpServer server(io, echo);
  EXPECT_NE(server.listen("no-port"), "");
  EXPECT_NE(server.listen("example.org:80"), "");
  EXPECT_NE(server.listen("127.0.0.1:99999"), "");
}

TEST(HttpServer, LeavesNoWorkAfterStopWithoutAnyConnection) {
  asio::io_context io;
  HttpServer server(io, echo);
  ASSERT_EQ(server.listen("localhost:0"), "");
  server.stop();
  io.run();  // returns at once: the aborted accept was the only work
  EXPECT_EQ(server.port(), 0);
}

}  // namespace
}  // namespace newswatch::daemon
