// SPDX-License-Identifier: MIT
#include "feeds/fetch/fetcher.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <utility>

#include <curl/curl.h>

#include "feeds/fetch/http_client.hpp"
#include "feeds/fetch/retry_after.hpp"

namespace newswatch::feeds {

namespace {

constexpr std::string_view kAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

}  // namespace

std::string_view default_user_agent() {
  static const std::string agent =
      std::string("newswatch/") + NEWSWATCH_VERSION + " (+https://github.com/newswatch/newswatch)";
  return agent;
}

std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control) {
  // "public, max-age=600" (no-cache / no-store mean nothing for how often we poll).
  for (std::size_t at = cache_control.find("max-age="); at != std::string_view::npos;
       at = cache_control.find("max-age=", at + 1)) {
    if (at > 0 && cache_control[at - 1] != ' ' && cache_control[at - 1] != ',') continue;  // s-maxage etc.
    long seconds = 0;
    const auto* first = cache_control.data() + at + 8;
    const auto* last = cache_control.data() + cache_control.size();
    if (std::from_chars(first, last, seconds).ec == std::errc{} && seconds > 0)
      return std::chrono::seconds(std::min(seconds, 365L * 24 * 3600));
  }
  return std::nullopt;
}

FetchResult classify_response(const FetchRequest& request, const HttpResponse& response) {
  FetchResult r;
  r.status = response.status;
  r.effective_url = response.effective_url.empty() ? request.url : response.effective_url;
  r.moved_permanently_to = response.permanent_redirect;
  if (!response.transport_ok()) {
    r.kind = FetchResult::Kind::failed;
    r.error = response.error;
    r.code = response.code ? response.code : make_error_code(fetch_errc::transport);
    r.etag = request.etag;
    r.last_modified = request.last_modified;
    return r;
  }
  if (auto ra = response.header("retry-after"); !ra.empty()) r.retry_after = parse_retry_after(ra);
  r.max_age = parse_max_age(response.header("cache-control"));
  if (response.status == 200 || response.status == 203) {
    r.kind = FetchResult::Kind::content;
    r.body = response.body;
    r.content_type = response.header("content-type");
    r.etag = response.header("etag");
    r.last_modified = response.header("last-modified");
    return r;
  }
  r.etag = request.etag;
  r.last_modified = request.last_modified;
  if (response.status == 304) {
    r.kind = FetchResult::Kind::not_modified;
    // A 304 may carry an updated ETag (RFC 9110 §15.4.5); prefer it.
    if (auto etag = response.header("etag"); !etag.empty()) r.etag = std::move(etag);
    if (auto lm = response.header("last-modified"); !lm.empty()) r.last_modified = std::move(lm);
    return r;
  }
  r.kind = FetchResult::Kind::failed;
  r.error = "HTTP " + std::to_string(response.status);
  r.code = fetch_errc::http_status;
  return r;
}

struct Fetcher::Impl {
  Impl(boost::asio::io_context& io, FetchOptions opts)
      : options(std::move(opts)),
        client(io, options.user_agent.empty() ? std::string(default_user_agent()) : options.user_agent,
               options.max_connections_per_host) {}
  FetchOptions options;
  HttpClient client;
};

Fetcher::Fetcher(boost::asio::io_context& io, FetchOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(options))) {}

Fetcher::~Fetcher() = default;

void Fetcher::fetch(FetchRequest request, Callback done) {
  HttpRequest http;
  http.url = request.url;
  http.connect_timeout = impl_->options.connect_timeout;
  http.total_timeout = impl_->options.total_timeout;
  http.max_body_bytes = impl_->options.max_body_bytes;
  http.low_speed_bytes = impl_->options.low_speed_bytes;
  http.low_speed_time = impl_->options.low_speed_time;
  http.headers.emplace_back("Accept", std::string(kAccept));
  if (!request.etag.empty()) http.headers.emplace_back("If-None-Match", request.etag);
  if (!request.last_modified.empty()) {
    http.headers.emplace_back("If-Modified-Since", request.last_modified);
  }
  // The callback owns the request; nothing here captures the Fetcher, so a completion can
  // never touch a destroyed one (and the client drops completions once it is destroyed).
  impl_->client.start(std::move(http),
                      [req = std::move(request), cb = std::move(done)](HttpResponse response) {
                        if (cb) cb(classify_response(req, response));
                      });
}

void Fetcher::cancel_all() { impl_->client.cancel_all(); }

std::size_t Fetcher::in_flight() const { return impl_->client.in_flight(); }

HttpClient& Fetcher::http() { return impl_->client; }

}  // namespace newswatch::feeds
