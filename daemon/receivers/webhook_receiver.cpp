// SPDX-License-Identifier: MIT
#include "daemon/receivers/webhook_receiver.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include <fmt/format.h>

#include "daemon/receivers/webhook_format.hpp"
#include "feeds/fetch/retry_after.hpp"

namespace newswatch::daemon {

std::string signature_header(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string out = "sha256=";
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

DeliveryOutcome classify_http_delivery(const feeds::HttpResponse& response) {
  DeliveryOutcome outcome;
  if (!response.transport_ok()) {
    outcome.error = response.error;
    return outcome;
  }
  const int status = response.status;
  if (status >= 200 && status < 300) {
    outcome.ok = true;
    return outcome;
  }
  outcome.error = fmt::format("HTTP {}", status);
  // Redirects are not followed for deliveries (a moved endpoint is a config error): final, like a 4xx.
  if (status >= 300 && status < 400) outcome.error += " (redirect not followed; fix the receiver's url)";
  outcome.permanent = (status >= 300 && status < 500) && status != 408 && status != 429;
  // Retry-After in seconds or as an HTTP-date; a day at most (then the alert is dead anyway).
  if (auto wait = feeds::parse_retry_after(response.header("retry-after")))
    outcome.retry_after = std::min(*wait, std::chrono::seconds(24 * 3600));
  return outcome;
}

WebhookReceiver::WebhookReceiver(std::string name, std::string url, std::string format, std::string secret,
                                 std::chrono::milliseconds timeout, feeds::HttpClient& http)
    : name_(std::move(name)),
      url_(std::move(url)),
      format_(std::move(format)),
      secret_(std::move(secret)),
      timeout_(timeout),
      http_(http) {}

void WebhookReceiver::deliver(const OutboxEntry& entry, Done done) {
  feeds::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.body = render_webhook_body(format_, entry.payload);
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Newswatch-Event", entry.event_id},
                     {"Idempotency-Key", entry.event_id}};
  if (!secret_.empty()) request.headers.emplace_back("X-Newswatch-Signature", signature_header(secret_, request.body));
  request.connect_timeout = std::min(timeout_, std::chrono::milliseconds(10'000));
  request.total_timeout = timeout_;
  request.max_body_bytes = 64 * 1024;  // we only read the status; keep answers small
  request.follow_redirects = false;    // a redirected POST is a misconfiguration, not a delivery
  http_.start(std::move(request), [done = std::move(done)](feeds::HttpResponse response) {
    done(classify_http_delivery(response));
  });
}

}  // namespace newswatch::daemon
