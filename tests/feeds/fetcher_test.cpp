// SPDX-License-Identifier: MIT
// Fetcher: conditional GET and classification, against a real loopback server.
#include "feeds/fetch/fetcher.hpp"

#include <chrono>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

#include <map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "feeds/fetch/http_client.hpp"
#include "tests/feeds/support/test_http_server.hpp"

namespace newswatch::feeds {
namespace {

using namespace std::chrono_literals;
using newswatch::test::TestHttpServer;
using newswatch::test::TestReply;
using newswatch::test::TestRequest;
using Clock = std::chrono::steady_clock;

std::string http_date(std::time_t t) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

class FetcherTest : public ::testing::Test {
 protected:
  FetchResult fetch(FetchRequest req, Fetcher* f = nullptr) {
    Fetcher& fetcher = f ? *f : fetcher_;
    std::optional<FetchResult> out;
    fetcher.fetch(std::move(req), [&out](FetchResult r) { out = std::move(r); });
    const auto deadline = Clock::now() + 10s;
    while (!out && Clock::now() < deadline) {
      io_.run_one_for(20ms);
      if (io_.stopped()) io_.restart();
    }
    EXPECT_TRUE(out.has_value()) << "no completion";
    return out.value_or(FetchResult{});
  }
  FetchRequest request(const std::string& path) {
    FetchRequest r;
    r.url = server_.url(path);
    return r;
  }

  TestHttpServer server_;
  boost::asio::io_context io_;
  Fetcher fetcher_{io_, FetchOptions{}};
};

// A feed server with validators: 304 when either validator matches, as real servers do.
void serve_feed_with_validators(TestHttpServer& server) {
  server.on("/feed.xml", [](const TestRequest& r) {
    const std::string etag = "\"rev-7\"";
    const std::string lm = "Tue, 12 Nov 2024 08:00:00 GMT";
    if (r.header("if-none-match") == etag) return TestReply::text(304, "", {{"ETag", etag}});
    return TestReply::text(200, "<rss version=\"2.0\"/>",
                           {{"Content-Type", "application/rss+xml; charset=UTF-8"},
                            {"ETag", etag},
                            {"Last-Modified", lm}});
  });
}

TEST_F(FetcherTest, ContentCarriesNewValidatorsAndContentType) {
  serve_feed_with_validators(server_);
  const FetchResult r = fetch(request("/feed.xml"));
  EXPECT_EQ(r.kind, FetchResult::Kind::content) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<rss version=\"2.0\"/>");
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=UTF-8");
  EXPECT_EQ(r.etag, "\"rev-7\"");
  EXPECT_EQ(r.last_modified, "Tue, 12 Nov 2024 08:00:00 GMT");
  EXPECT_EQ(r.effective_url, server_.url("/feed.xml"));
  EXPECT_TRUE(r.error.empty());
  EXPECT_FALSE(r.code);
  EXPECT_FALSE(r.retry_after.has_value());
  const auto seen = server_.last_request("/feed.xml");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->header("if-none-match"), "");
  EXPECT_EQ(seen->header("if-modified-since"), "");
  EXPECT_NE(seen->header("accept").find("application/rss+xml"), std::string::npos);
  EXPECT_NE(seen->header("accept-encoding").find("gzip"), std::string::npos);
}

TEST_F(FetcherTest, SecondPollWithValidatorsIsNotModified) {
  serve_feed_with_validators(server_);
  const FetchResult first = fetch(request("/feed.xml"));
  ASSERT_EQ(first.kind, FetchResult::Kind::content) << first.error;

  FetchRequest again = request("/feed.xml");
  again.etag = first.etag;
  again.last_modified = first.last_modified;
  const FetchResult second = fetch(again);
  EXPECT_EQ(second.kind, FetchResult::Kind::not_modified) << second.error;
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(second.etag, first.etag);
  EXPECT_EQ(second.last_modified, first.last_modified);  // kept from the request
  const auto seen = server_.last_request("/feed.xml");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->header("if-none-match"), "\"rev-7\"");
  EXPECT_EQ(seen->header("if-modified-since"), "Tue, 12 Nov 2024 08:00:00 GMT");
  EXPECT_EQ(server_.hits("/feed.xml"), 2u);
}

TEST_F(FetcherTest, GzipFeedIsDecoded) {
  const std::string xml = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
  server_.on("/gz.xml", [xml](const TestRequest&) {
    auto r = TestReply::text(200, xml, {{"Content-Type", "application/xml"}});
    r.gzip = true;
    return r;
  });
  const FetchResult r = fetch(request("/gz.xml"));
  EXPECT_EQ(r.kind, FetchResult::Kind::content) << r.error;
  EXPECT_EQ(r.body, xml);
}

TEST_F(FetcherTest, ServerErrorFailsWithStatusAndRetryAfterSeconds) {
  server_.on("/busy", TestReply::text(503, "busy", {{"Retry-After", "120"}}));
  const FetchResult r = fetch(request("/busy"));
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error, "HTTP 503");
  EXPECT_EQ(r.code, fetch_errc::http_status);
  EXPECT_TRUE(r.body.empty());
  ASSERT_TRUE(r.retry_after.has_value());
  EXPECT_EQ(*r.retry_after, 120s);
}

TEST_F(FetcherTest, RetryAfterAsHttpDateBecomesADelay) {
  const std::string when = http_date(std::time(nullptr) + 90);
  server_.on("/slow-down", TestReply::text(429, "", {{"Retry-After", when}}));
  const FetchResult r = fetch(request("/slow-down"));
  EXPECT_EQ(r.error, "HTTP 429");
  ASSERT_TRUE(r.retry_after.has_value());
  EXPECT_GE(r.retry_after->count(), 85);
  EXPECT_LE(r.retry_after->count(), 91);
}

TEST_F(FetcherTest, NotFoundKeepsTheRequestValidators) {
  FetchRequest req = request("/missing");
  req.etag = "\"old\"";
  req.last_modified = "Mon, 11 Nov 2024 00:00:00 GMT";
  const FetchResult r = fetch(req);
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.error, "HTTP 404");
  EXPECT_EQ(r.etag, "\"old\"");
  EXPECT_EQ(r.last_modified, "Mon, 11 Nov 2024 00:00:00 GMT");
}

TEST_F(FetcherTest, FollowsRedirectAndReportsEffectiveUrl) {
  server_.on("/old.xml", TestReply::redirect(301, "/new.xml"));
  server_.on("/new.xml", TestReply::text(200, "<feed/>", {{"Content-Type", "application/atom+xml"}}));
  const FetchResult r = fetch(request("/old.xml"));
  EXPECT_EQ(r.kind, FetchResult::Kind::content) << r.error;
  EXPECT_EQ(r.effective_url, server_.url("/new.xml"));
  EXPECT_EQ(r.content_type, "application/atom+xml");
}

TEST_F(FetcherTest, TimeoutIsOneLine) {
  TestReply hang;
  hang.never_answer = true;
  server_.on("/hang", hang);
  FetchOptions opts;
  opts.total_timeout = 1000ms;
  Fetcher fetcher(io_, opts);
  const FetchResult r = fetch(request("/hang"), &fetcher);
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.error, "timeout after 1 s");
  EXPECT_EQ(r.code, fetch_errc::timeout);
}

TEST_F(FetcherTest, ConnectionRefusedIsOneLine) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  FetchRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/feed";
  const FetchResult r = fetch(req);
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_EQ(r.code, fetch_errc::connection_refused);
}

TEST_F(FetcherTest, OversizedFeedFails) {
  server_.on("/huge", TestReply::text(200, std::string(3000, 'x')));
  FetchOptions opts;
  opts.max_body_bytes = 1000;
  Fetcher fetcher(io_, opts);
  const FetchResult r = fetch(request("/huge"), &fetcher);
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.error, "response larger than 1000 bytes");
  EXPECT_EQ(r.code, fetch_errc::too_large);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(FetcherTest, SendsTheDefaultUserAgent) {
  server_.on("/ua", TestReply::text(200, "ok"));
  fetch(request("/ua"));
  const auto seen = server_.last_request("/ua");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->header("user-agent"), default_user_agent());
  EXPECT_EQ(default_user_agent(),
            std::string("newswatch/") + NEWSWATCH_VERSION + " (+https://github.com/newswatch/newswatch)");
}

TEST_F(FetcherTest, CancelAllFailsEachFetchOnceWithCancelled) {
  TestReply hang;
  hang.never_answer = true;
  server_.on("/hang", hang);
  std::vector<int> calls(8, 0);
  std::vector<FetchResult> results(8);
  for (int i = 0; i < 8; ++i) {
    fetcher_.fetch(request("/hang"), [&, i](FetchResult r) {
      ++calls[i];
      results[i] = std::move(r);
    });
  }
  EXPECT_EQ(fetcher_.in_flight(), 8u);
  const auto until = Clock::now() + 200ms;
  while (Clock::now() < until) io_.run_one_for(10ms);
  fetcher_.cancel_all();
  EXPECT_EQ(fetcher_.in_flight(), 0u);
  const auto after = Clock::now() + 200ms;
  while (Clock::now() < after) {
    io_.run_one_for(10ms);
    if (io_.stopped()) io_.restart();
  }
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(calls[i], 1);
    EXPECT_EQ(results[i].kind, FetchResult::Kind::failed);
    EXPECT_EQ(results[i].error, "cancelled");
    EXPECT_EQ(results[i].code, fetch_errc::cancelled);
  }
}

TEST(FetcherClassify, TransportErrorPassesThrough) {
  FetchRequest req;
  req.url = "http://127.0.0.1/x";
  req.etag = "\"e\"";
  HttpResponse resp;
  resp.error = "connection refused";
  const FetchResult r = classify_response(req, resp);
  EXPECT_EQ(r.kind, FetchResult::Kind::failed);
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_EQ(r.etag, "\"e\"");
  EXPECT_EQ(r.effective_url, "http://127.0.0.1/x");
}

TEST(FetcherClassify, NotModifiedPrefersAnUpdatedEtag) {
  FetchRequest req;
  req.etag = "\"old\"";
  req.last_modified = "Mon, 11 Nov 2024 00:00:00 GMT";
  HttpResponse resp;
  resp.status = 304;
  resp.headers = {{"etag", "\"new\""}};
  const FetchResult r = classify_response(req, resp);
  EXPECT_EQ(r.kind, FetchResult::Kind::not_modified);
  EXPECT_EQ(r.etag, "\"new\"");
  EXPECT_EQ(r.last_modified, "Mon, 11 Nov 2024 00:00:00 GMT");
}

TEST(FetcherClassify, IgnoresMalformedRetryAfter) {
  HttpResponse resp;
  resp.status = 503;
  resp.headers = {{"retry-after", "soon-ish"}};
  EXPECT_FALSE(classify_response({}, resp).retry_after.has_value());
  resp.headers = {{"retry-after", "12abc"}};
  EXPECT_FALSE(classify_response({}, resp).retry_after.has_value());
  resp.headers = {{"retry-after", " 0 "}};
  EXPECT_EQ(classify_response({}, resp).retry_after, std::chrono::seconds(0));
}

}  // namespace
}  // namespace newswatch::feeds

namespace newswatch::feeds {
namespace {

// Politeness (issue 3): many feeds on one host share at most max_connections_per_host connections.
TEST(FetcherPoliteness, CapsConnectionsPerHost) {
  test::TestHttpServer server;
  test::TestReply slow = test::TestReply::text(200, std::string(4096, 'x'));
  slow.drip_bytes = 1024;
  slow.drip_every = std::chrono::milliseconds(30);
  server.on("/slow.xml", slow);
  boost::asio::io_context io;
  FetchOptions options;
  options.max_connections_per_host = 2;
  Fetcher fetcher(io, options);
  int done = 0;
  for (int i = 0; i < 8; ++i)
    fetcher.fetch({server.url("/slow.xml") + "?n=" + std::to_string(i), "", ""}, [&done](FetchResult r) {
      EXPECT_EQ(r.kind, FetchResult::Kind::content) << r.error;
      ++done;
    });
  io.run_for(std::chrono::seconds(15));
  EXPECT_EQ(done, 8);
  EXPECT_EQ(server.hits("/slow.xml"), 8u);
  EXPECT_LE(server.peak_connections(), 2u);
}

}  // namespace
}  // namespace newswatch::feeds

namespace newswatch::feeds {
namespace {

// Issue 3: a permanent redirect updates the stored URL; a temporary one does not.
TEST(FetcherRedirects, PermanentChainsReportTheNewUrlTemporaryOnesDoNot) {
  test::TestHttpServer server;
  server.on("/old.xml", test::TestReply::redirect(301, "/older.xml"));
  server.on("/older.xml", test::TestReply::redirect(308, "/new.xml"));
  server.on("/temp.xml", test::TestReply::redirect(302, "/new.xml"));
  server.on("/mixed.xml", test::TestReply::redirect(301, "/temp.xml"));
  server.on("/new.xml", test::TestReply::text(200, "<rss version=\"2.0\"/>"));
  boost::asio::io_context io;
  Fetcher fetcher(io, FetchOptions{});
  std::map<std::string, FetchResult> results;
  for (const std::string path : {"/old.xml", "/temp.xml", "/mixed.xml", "/new.xml"})
    fetcher.fetch({server.url(path), "", ""}, [&results, path](FetchResult r) { results[path] = std::move(r); });
  io.run_for(std::chrono::seconds(10));
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results["/old.xml"].kind, FetchResult::Kind::content) << results["/old.xml"].error;
  EXPECT_EQ(results["/old.xml"].moved_permanently_to, server.url("/new.xml"));
  EXPECT_EQ(results["/temp.xml"].moved_permanently_to, "");
  EXPECT_EQ(results["/mixed.xml"].moved_permanently_to, "");
  EXPECT_EQ(results["/new.xml"].moved_permanently_to, "");
}

}  // namespace
}  // namespace newswatch::feeds

namespace newswatch::feeds {
namespace {

TEST(FetcherMaxAge, ReadsMaxAgeAndIgnoresOtherDirectives) {
  EXPECT_EQ(parse_max_age("max-age=600"), std::chrono::seconds(600));
  EXPECT_EQ(parse_max_age("public, max-age=120, must-revalidate"), std::chrono::seconds(120));
  EXPECT_EQ(parse_max_age("s-maxage=900, max-age=60"), std::chrono::seconds(60));
  EXPECT_FALSE(parse_max_age("s-maxage=900"));
  EXPECT_FALSE(parse_max_age("no-cache"));
  EXPECT_FALSE(parse_max_age("max-age=0"));
  EXPECT_FALSE(parse_max_age("max-age=soon"));
  EXPECT_FALSE(parse_max_age(""));
}

}  // namespace
}  // namespace newswatch::feeds
