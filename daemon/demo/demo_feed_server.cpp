// SPDX-License-Identifier: MIT
#include "daemon/demo/demo_feed_server.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "daemon/alerts/alert.hpp"
#include "daemon/http/http_server.hpp"

namespace newswatch::daemon {

DemoFeed split_demo_feed(std::string name, const std::string& xml) {
  DemoFeed feed;
  feed.name = std::move(name);
  std::size_t at = xml.find("<item>");
  if (at == std::string::npos) {
    feed.head = xml;
    return feed;
  }
  feed.head = xml.substr(0, at);
  if (const auto open = feed.head.find("<title>"), close = feed.head.find("</title>");
      open != std::string::npos && close != std::string::npos && close > open)
    feed.title = feed.head.substr(open + 7, close - open - 7);
  std::size_t end = at;  // just past the last complete item
  while (at != std::string::npos) {
    const auto close = xml.find("</item>", at);
    if (close == std::string::npos) break;  // an unclosed item goes to the tail, unsplit
    end = close + 7;
    feed.items.push_back(xml.substr(at, end - at));
    at = xml.find("<item>", end);
  }
  feed.tail = xml.substr(end);
  return feed;
}

DemoFeedServer::DemoFeedServer(boost::asio::io_context& io, std::vector<DemoFeed> feeds,
                               std::chrono::seconds reveal_every)
    : feeds_(std::move(feeds)), reveal_every_(reveal_every) {
  server_ = std::make_unique<HttpServer>(io, [this](const HttpServerRequest& request) {
    for (const auto& feed : feeds_) {
      if (request.path != "/feeds/" + feed.name + ".xml") continue;
      HttpServerResponse response;
      response.body = body_of(feed);
      const auto etag = "\"" + stable_id({response.body}) + "\"";
      if (request.header("if-none-match") == etag) return HttpServerResponse{.status = 304, .headers = {{"ETag", etag}}};
      response.content_type = "application/rss+xml; charset=utf-8";
      response.headers = {{"ETag", etag}};
      return response;
    }
    return HttpServerResponse{.status = 404, .body = "no such feed\n"};
  });
}

DemoFeedServer::~DemoFeedServer() = default;

void DemoFeedServer::start() {
  started_ = std::chrono::steady_clock::now();
  if (auto error = server_->listen("127.0.0.1:0"); !error.empty()) throw std::runtime_error(error);
}

void DemoFeedServer::stop() { server_->stop(); }

std::vector<std::pair<std::string, std::string>> DemoFeedServer::feed_urls() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& feed : feeds_)
    out.emplace_back(feed.title.empty() ? feed.name : feed.title,
                     fmt::format("http://127.0.0.1:{}/feeds/{}.xml", server_->port(), feed.name));
  return out;
}

std::string DemoFeedServer::body_of(const DemoFeed& feed) const {
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  const auto n = feed.items.size();
  const auto revealed = std::min<std::size_t>(
      n, (n + 1) / 2 + static_cast<std::size_t>(elapsed / reveal_every_));
  std::string body = feed.head;
  for (std::size_t i = n - revealed; i < n; ++i) body += feed.items[i];
  body += feed.tail;
  return body;
}

}  // namespace newswatch::daemon
