// SPDX-License-Identifier: MIT
#pragma once
// The demo's own feed server on 127.0.0.1: serves the embedded sample feeds at /feeds/NAME.xml
// and publishes their items over time, like a live newsroom: at first the older half of each
// feed, then one more item every `reveal_every`, newest last. Answers carry an ETag and honour
// If-None-Match with 304, as good servers do.
//
// Threads: io thread only. The io_context must outlive the server; call stop() before run() can
// return.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace newswatch::daemon {

class HttpServer;

struct DemoFeed {
  std::string name;   // file stem, e.g. "asia-desk": the URL path
  std::string title;  // the channel's <title>, what alerts show as the outlet
  std::string head;  // the document up to its first <item>
  std::vector<std::string> items;  // in document order (newest first)
  std::string tail;  // after the last </item>
};

// Splits an RSS document at its <item> elements (the sample feeds are ours and well formed).
DemoFeed split_demo_feed(std::string name, const std::string& xml);

class DemoFeedServer {
 public:
  DemoFeedServer(boost::asio::io_context& io, std::vector<DemoFeed> feeds, std::chrono::seconds reveal_every);
  ~DemoFeedServer();
  // Binds 127.0.0.1 on an ephemeral port; throws std::runtime_error if it cannot.
  void start();
  void stop();
  // (title, "http://127.0.0.1:PORT/feeds/NAME.xml") for each feed.
  std::vector<std::pair<std::string, std::string>> feed_urls() const;

 private:
  std::string body_of(const DemoFeed& feed) const;

  std::vector<DemoFeed> feeds_;
  std::chrono::seconds reveal_every_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace newswatch::daemon
