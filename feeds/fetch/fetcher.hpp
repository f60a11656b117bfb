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
#include <string>

#include <boost/asio/io_context.hpp>

namespace newswatch::feeds {

class HttpClient;

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
  std::string error;          // for failed: one line, e.g. "HTTP 503" or "timeout after 30 s"
};

struct FetchOptions {
  std::string user_agent;  // e.g. "newswatch/0.1.0 (+https://github.com/newswatch)"
  std::size_t max_body_bytes = 16u << 20;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
};

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
