// SPDX-License-Identifier: MIT
#include "daemon/receivers/webhook_receiver.hpp"

#include <chrono>
#include <ctime>
#include <string>

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

// Expected values from RFC 4231 (HMAC-SHA256 test vectors), not from our code.
TEST(WebhookSignatureTest, Rfc4231TestCase2) {
  EXPECT_EQ(signature_header("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignatureTest, Rfc4231TestCase1) {
  EXPECT_EQ(signature_header(std::string(20, '\x0b'), "Hi There"),
            "sha256=b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(WebhookSignatureTest, DependsOnSecretAndBody) {
  const auto a = signature_header("s3cret", R"({"id":"evt-1"})");
  EXPECT_EQ(a.size(), 7u + 64u);
  EXPECT_NE(a, signature_header("s3cret", R"({"id":"evt-2"})"));
  EXPECT_NE(a, signature_header("other", R"({"id":"evt-1"})"));
}

feeds::HttpResponse response(int status, std::string retry_after = "") {
  feeds::HttpResponse r;
  r.status = status;
  if (!retry_after.empty()) r.headers.emplace_back("retry-after", retry_after);
  return r;
}

TEST(ClassifyHttpDeliveryTest, TwoHundredsAreDelivered) {
  for (int status : {200, 201, 202, 204, 299}) {
    const auto o = classify_http_delivery(response(status));
    EXPECT_TRUE(o.ok) << status;
    EXPECT_FALSE(o.permanent) << status;
  }
}

TEST(ClassifyHttpDeliveryTest, ServerErrorsAreRetried) {
  for (int status : {500, 502, 503, 504}) {
    const auto o = classify_http_delivery(response(status));
    EXPECT_FALSE(o.ok) << status;
    EXPECT_FALSE(o.permanent) << status;
    EXPECT_EQ(o.error, "HTTP " + std::to_string(status));
    EXPECT_FALSE(o.retry_after.has_value());
  }
  const auto o = classify_http_delivery(response(503, "30"));
  EXPECT_FALSE(o.permanent);
  ASSERT_TRUE(o.retry_after.has_value());
  EXPECT_EQ(*o.retry_after, 30s);
}

TEST(ClassifyHttpDeliveryTest, TimeoutAndTooManyRequestsAreRetriedWithRetryAfter) {
  auto o = classify_http_delivery(response(429, "120"));
  EXPECT_FALSE(o.ok);
  EXPECT_FALSE(o.permanent);
  ASSERT_TRUE(o.retry_after.has_value());
  EXPECT_EQ(*o.retry_after, 120s);

  o = classify_http_delivery(response(408, "7"));
  EXPECT_FALSE(o.ok);
  EXPECT_FALSE(o.permanent);
  ASSERT_TRUE(o.retry_after.has_value());
  EXPECT_EQ(*o.retry_after, 7s);

  // The HTTP-date form: the wait until then; a date in the past is no wait.
  const auto in_ten_minutes = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + 600s);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&in_ten_minutes));
  o = classify_http_delivery(response(429, date));
  EXPECT_FALSE(o.permanent);
  ASSERT_TRUE(o.retry_after.has_value());
  EXPECT_GE(*o.retry_after, 598s);
  EXPECT_LE(*o.retry_after, 600s);
  o = classify_http_delivery(response(503, "Wed, 21 Oct 2015 07:28:00 GMT"));
  ASSERT_TRUE(o.retry_after.has_value());
  EXPECT_EQ(*o.retry_after, 0s);
  o = classify_http_delivery(response(429, "-5"));
  EXPECT_FALSE(o.retry_after.has_value());
}

TEST(ClassifyHttpDeliveryTest, OtherClientErrorsArePermanent) {
  for (int status : {400, 401, 403, 404, 410, 422}) {
    const auto o = classify_http_delivery(response(status));
    EXPECT_FALSE(o.ok) << status;
    EXPECT_TRUE(o.permanent) << status;
    EXPECT_EQ(o.error, "HTTP " + std::to_string(status));
  }
}

TEST(ClassifyHttpDeliveryTest, TransportErrorIsRetried) {
  feeds::HttpResponse r;
  r.error = "connection refused";
  const auto o = classify_http_delivery(r);
  EXPECT_FALSE(o.ok);
  EXPECT_FALSE(o.permanent);
  EXPECT_EQ(o.error, "connection refused");
}

}  // namespace
}  // namespace newswatch::daemon
