// SPDX-License-Identifier: MIT
#pragma once
// POSTs the version-1 JSON payload (or a chat preset's message, `format:`) to a URL. Headers: Content-Type, X-Newswatch-Event (the event
// id), Idempotency-Key (the same id, so receivers can drop repeats of an at-least-once delivery)
// and, when a secret is set, X-Newswatch-Signature: sha256=<hex HMAC-SHA256 of the body>.
// 2xx is delivered; 408, 429 and 5xx are retried (honouring Retry-After); any other 4xx is
// permanent. Io thread only; the HttpClient must outlive the receiver.

#include <chrono>
#include <string>

#include "daemon/receivers/receiver.hpp"
#include "feeds/fetch/http_client.hpp"

namespace newswatch::daemon {

class WebhookReceiver final : public Receiver {
 public:
  // `format`: "json" (the payload) or a chat preset (daemon/receivers/webhook_format.hpp).
  WebhookReceiver(std::string name, std::string url, std::string format, std::string secret,
                  std::chrono::milliseconds timeout, feeds::HttpClient& http);
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override;

 private:
  std::string name_;
  std::string url_;
  std::string format_;
  std::string secret_;
  std::chrono::milliseconds timeout_;
  feeds::HttpClient& http_;
};

// "sha256=<lower-case hex HMAC-SHA256(secret, body)>".
std::string signature_header(const std::string& secret, const std::string& body);

// How an HTTP answer to a delivery counts (shared by every HTTP receiver).
DeliveryOutcome classify_http_delivery(const feeds::HttpResponse& response);

}  // namespace newswatch::daemon
