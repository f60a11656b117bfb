// SPDX-License-Identifier: MIT
#pragma once
// Feed fetching on top of HttpClient: conditional GET with the validators of the last poll,
// classifying the answer as new content, not modified, or failure.
//
// Threads: io thread only, like HttpClient. The io_context must outlive the Fetcher.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "feeds/fetch/fetch_error.hpp"

namespace newswatch::feeds {

class HttpClient;
struct HttpResponse;

struct FetchRequest {
  std::string url;
  std::string etag;           // from the previous 200, sent as If-None-Match
  std::string last_modified;  // from the previous 200, sent as If-Modified-Since
};

struct FetchResult {
  enum class Kind { content, not_modified, failed };
  Kind kind = Kind::failed;
  int status = 0;
  std::string body;           // for content
  std::string content_type;   // Content-Type header, for the parser's charset rules
  std::string etag;           // new validators (content), else the request's
  std::string last_modified;
  std::string effective_url;
  std::string moved_permanently_to;
  std::optional<std::chrono::seconds> max_age;  // Cache-Control: max-age of a 200 or 304  // set when only 301/308 redirects led here: poll this from now on
  std::string error;          // for failed: one line, e.g. "HTTP 503" or "timeout after 30 s"
  boost::system::error_code code;  // for failed: a fetch_errc (http_status for "HTTP 503")
  // Retry-After of the answer (delta-seconds or an HTTP-date, as a delay from now), if any;
  // mostly sent with 429 and 503. The scheduler uses it as the minimum delay of the next poll.
  std::optional<std::chrono::seconds> retry_after;
};

// "newswatch/<version> (+https://github.com/newswatch/newswatch)"
std::string_view default_user_agent();

struct FetchOptions {
  std::string user_agent;  // empty: default_user_agent()
  std::size_t max_body_bytes = 16u << 20;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  // Abort when fewer than low_speed_bytes per second arrive for low_speed_time (0 disables).
  std::size_t low_speed_bytes = 1;
  std::chrono::seconds low_speed_time{30};
  // Politeness: connections open to one host at a time; further fetches to it wait their turn.
  long max_connections_per_host = 2;
};

// Classifies a finished HTTP exchange (exposed for tests): 200/203 -> content, 304 ->
// not_modified with the request's validators, anything else -> failed with a one-line error.
FetchResult classify_response(const FetchRequest& request, const HttpResponse& response);
// The max-age of a Cache-Control header value, if it has a positive one (capped at a year).
std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control);

class Fetcher {
 public:
  using Callback = std::function<void(FetchResult)>;

  Fetcher(boost::asio::io_context& io, FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void fetch(FetchRequest request, Callback done);
  void cancel_all();
  std::size_t in_flight() const;
  // The shared client, for other HTTP users on the same loop (e.g. webhook delivery).
  HttpClient& http();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch::feeds
