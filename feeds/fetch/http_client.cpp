// SPDX-License-Identifier: MIT
#include "feeds/fetch/http_client.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unordered_map>

#include <boost/asio/post.hpp>
#include <curl/curl.h>

#include "feeds/fetch/curl_errors.hpp"
#include "feeds/fetch/curl_multi.hpp"

namespace newswatch::feeds {

namespace asio = boost::asio;

std::string HttpResponse::header(std::string_view lower_name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == lower_name) return it->second;
  }
  return {};
}

namespace {

// Response headers beyond this (all lines of one response) fail the transfer; curl caps single
// lines itself.
constexpr std::size_t kMaxHeaderBytes = 256u << 10;

struct EasyCleanup {
  void operator()(CURL* e) const noexcept { curl_easy_cleanup(e); }
};
struct SlistCleanup {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + " s";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

bool has_crlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// One request in flight. Owned by Impl::transfers (keyed by its easy handle); curl's callbacks
// get a raw pointer through CURLOPT_WRITEDATA/HEADERDATA/PRIVATE, valid while it is in the map.
struct Transfer {
  std::unique_ptr<CURL, EasyCleanup> easy;
  std::unique_ptr<curl_slist, SlistCleanup> headers;
  HttpRequest request;
  HttpResponse response;
  HttpClient::Callback done;
  std::size_t header_bytes = 0;
  std::vector<int> statuses;  // of every final (non-1xx) response, redirects included
  bool too_large = false;
  bool headers_too_large = false;
  bool out_of_memory = false;
  char errbuf[CURL_ERROR_SIZE] = {};

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    const std::size_t len = size * n;
    if (t->response.body.size() + len > t->request.max_body_bytes) {
      t->too_large = true;
      return 0;  // CURLE_WRITE_ERROR: also stops chunked or compressed bodies without a length
    }
    try {
      t->response.body.append(data, len);
    } catch (...) {
      t->out_of_memory = true;
      return 0;
    }
    return len;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    const std::size_t len = size * n;
    try {
      t->header_bytes += len;
      std::string_view line(data, len);
      if (line.substr(0, 5) == "HTTP/") {
        // A new response (after a redirect or a 1xx): keep only the last one's headers.
        t->response.headers.clear();
        if (const auto space = line.find(' '); space != std::string_view::npos && line.size() >= space + 4) {
          const int status = std::atoi(std::string(line.substr(space + 1, 3)).c_str());
          if (status >= 200) t->statuses.push_back(status);
        }
        t->header_bytes = len;
        return len;
      }
      if (t->header_bytes > kMaxHeaderBytes) {
        t->headers_too_large = true;
        return 0;
      }
      if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        // obs-fold continuation line
        if (!t->response.headers.empty()) {
          auto& v = t->response.headers.back().second;
          v += ' ';
          v += trim(line);
        }
        return len;
      }
      line = trim(line);
      const auto colon = line.find(':');
      if (line.empty() || colon == std::string_view::npos || colon == 0) return len;
      std::string name(trim(line.substr(0, colon)));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      t->response.headers.emplace_back(std::move(name), std::string(trim(line.substr(colon + 1))));
      return len;
    } catch (...) {
      t->out_of_memory = true;
      return 0;
    }
  }
};

}  // namespace

struct HttpClient::Impl {
  Impl(asio::io_context& io_context, std::string agent, long max_connections_per_host)
      : io(io_context),
        user_agent(std::move(agent)),
        multi(io_context, [this](CURL* easy, CURLcode rc) { on_done(easy, rc); }, max_connections_per_host) {}

  ~Impl() {
    alive.reset();  // completions already posted are dropped: the destructor never calls back
    for (auto& [easy, t] : transfers) multi.remove(easy);
    transfers.clear();
  }

  struct Failure {
    fetch_errc code;
    std::string text;
  };
  // Returns why the request cannot start, or nothing when the easy handle is ready to be added.
  std::optional<Failure> configure(Transfer& t);
  void on_done(CURL* easy, CURLcode rc);
  Failure describe(const Transfer& t, CURLcode rc) const;
  void complete(std::unique_ptr<Transfer> t);

  asio::io_context& io;
  std::string user_agent;
  std::shared_ptr<int> alive = std::make_shared<int>(0);
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::uint64_t callback_errors = 0;
  CurlMulti multi;  // last: destroyed first
};

std::optional<HttpClient::Impl::Failure> HttpClient::Impl::configure(Transfer& t) {
  const HttpRequest& r = t.request;
  if (r.method != "GET" && r.method != "POST" && r.method != "HEAD") {
    return Failure{fetch_errc::bad_request, "unsupported method " + r.method};
  }
  t.easy.reset(curl_easy_init());
  if (!t.easy) return Failure{fetch_errc::transport, "curl_easy_init failed"};
  CURL* e = t.easy.get();

  curl_slist* list = nullptr;
  bool has_expect = false;
  for (const auto& [name, value] : r.headers) {
    if (name.empty() || has_crlf(name) || has_crlf(value) || name.find(':') != std::string::npos) {
      return Failure{fetch_errc::bad_request,
                     has_crlf(name) ? "invalid request header name"
                                    : "invalid request header '" + name + "'"};
    }
    // "Name;" is curl's way to send a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (!next) return Failure{fetch_errc::transport, "out of memory"};
    // append returns the same head after the first item: keep ownership without freeing it
    (void)t.headers.release();
    list = next;
    t.headers.reset(list);
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "expect") has_expect = true;
  }
  if (r.method == "POST" && !has_expect) {
    // No "Expect: 100-continue" round trip for small webhook bodies.
    curl_slist* next = curl_slist_append(list, "Expect:");
    if (!next) return Failure{fetch_errc::transport, "out of memory"};
    (void)t.headers.release();
    list = next;
    t.headers.reset(list);
  }

  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  if (r.method == "POST") {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());  // lives in the Transfer
  } else if (r.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  }
  if (list) curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
  if (r.low_speed_bytes > 0 && r.low_speed_time.count() > 0) {
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(r.low_speed_bytes));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(r.low_speed_time.count()));
  }
  if (r.receive_buffer_bytes > 0) {
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, static_cast<long>(r.receive_buffer_bytes));
  }
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes));
  // "": every decoder this libcurl has (Debian's: gzip, deflate, br, zstd); the body is decoded.
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, r.follow_redirects ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(kMaxRedirects));
  // Peer and host verification stay on (curl's default) whatever the CA source.
  if (!r.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, r.ca_file.c_str());  // lives in t
  return std::nullopt;
}

void HttpClient::Impl::on_done(CURL* easy, CURLcode rc) {
  char* priv = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
  auto* raw = reinterpret_cast<Transfer*>(priv);
  auto it = transfers.find(easy);
  if (it == transfers.end() || it->second.get() != raw) return;  // not ours (cannot happen)
  std::unique_ptr<Transfer> t = std::move(it->second);
  transfers.erase(it);

  long code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
  t->response.status = static_cast<int>(code);
  char* url = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) {
    t->response.effective_url = url;
  } else {
    t->response.effective_url = t->request.url;
  }
  // Every hop a 301 or 308: the resource has moved for good, and callers may update their URL.
  if (t->statuses.size() >= 2 &&
      std::all_of(t->statuses.begin(), t->statuses.end() - 1, [](int s) { return s == 301 || s == 308; }))
    t->response.permanent_redirect = t->response.effective_url;
  if (rc != CURLE_OK || t->too_large || t->out_of_memory || t->headers_too_large) {
    Failure f = describe(*t, rc);
    t->response.error = std::move(f.text);
    t->response.code = f.code;
    t->response.body.clear();
    t->response.body.shrink_to_fit();
  }
  complete(std::move(t));
}

HttpClient::Impl::Failure HttpClient::Impl::describe(const Transfer& t, CURLcode rc) const {
  const HttpRequest& r = t.request;
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return {fetch_errc::too_large, "response larger than " + std::to_string(r.max_body_bytes) + " bytes"};
  }
  if (t.headers_too_large) {
    return {fetch_errc::too_large,
            "response headers larger than " + std::to_string(kMaxHeaderBytes) + " bytes"};
  }
  if (t.out_of_memory) return {fetch_errc::transport, "out of memory"};
  std::string detail = t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(rc));
  std::replace(detail.begin(), detail.end(), '\n', ' ');
  while (!detail.empty() && detail.back() == ' ') detail.pop_back();
  if (!detail.empty()) detail[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(detail[0])));
  const std::string connect_timeout =
      "connect timeout after " + seconds_text(std::min(r.connect_timeout, r.total_timeout));
  CURL* e = t.easy.get();
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      if (detail.rfind("operation too slow", 0) == 0) {
        return {fetch_errc::too_slow, "too slow: under " + std::to_string(r.low_speed_bytes) +
                                          " bytes/s for " + std::to_string(r.low_speed_time.count()) +
                                          " s"};
      }
      if (detail.rfind("connection timed out", 0) == 0 || detail.rfind("resolving timed out", 0) == 0) {
        return {fetch_errc::connect_timeout, connect_timeout};
      }
      return {fetch_errc::timeout, "timeout after " + seconds_text(r.total_timeout)};
    case CURLE_COULDNT_CONNECT: {
      long os_errno = 0;
      curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNREFUSED) return {fetch_errc::connection_refused, "connection refused"};
      if (os_errno == ETIMEDOUT) return {fetch_errc::connect_timeout, connect_timeout};
      return {fetch_errc::could_not_connect, detail};
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {fetch_errc::could_not_resolve, detail};
    case CURLE_UNSUPPORTED_PROTOCOL: {
      long redirects = 0;
      curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
      char* location = nullptr;
      curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);
      if (redirects > 0 || (location && *location) || t.response.status / 100 == 3) {
        return {fetch_errc::redirect_refused, "redirect to a non-http(s) URL refused"};
      }
      return {fetch_errc::unsupported_scheme, "unsupported URL scheme (only http and https)"};
    }
    case CURLE_TOO_MANY_REDIRECTS:
      return {fetch_errc::too_many_redirects,
              "too many redirects (more than " + std::to_string(kMaxRedirects) + ")"};
    case CURLE_PARTIAL_FILE:
      return {fetch_errc::partial_body, "connection closed before the body was complete"};
    case CURLE_GOT_NOTHING:
      return {fetch_errc::empty_reply, "empty reply from server"};
    case CURLE_BAD_CONTENT_ENCODING:
      return {fetch_errc::bad_encoding, detail};
    default:
      if (is_tls_failure(rc)) return {fetch_errc::tls, "TLS: " + detail};
      return {fetch_errc::transport, detail};
  }
}

void HttpClient::Impl::complete(std::unique_ptr<Transfer> t) {
  // Posted, so callers never re-enter the client from inside a curl drain, and `done` runs once.
  asio::post(io, [self = this, alive_token = std::weak_ptr<int>(alive), done = std::move(t->done),
                  response = std::move(t->response)]() mutable {
    if (alive_token.expired() || !done) return;
    try {
      done(std::move(response));
    } catch (...) {
      // An exception escaping an Asio handler would leave io_context::run(); contain and count
      // it (the callback may have destroyed the client, hence the second check).
      if (!alive_token.expired()) ++self->callback_errors;
    }
  });
  // t (easy handle, header list) is destroyed here; the handle is already out of the multi.
}

HttpClient::HttpClient(asio::io_context& io, std::string user_agent, long max_connections_per_host)
    : impl_(std::make_unique<Impl>(io, std::move(user_agent), max_connections_per_host)) {}

HttpClient::~HttpClient() = default;

void HttpClient::start(HttpRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  t->response.effective_url = t->request.url;
  if (auto failure = impl_->configure(*t)) {
    t->response.error = std::move(failure->text);
    t->response.code = failure->code;
    impl_->complete(std::move(t));
    return;
  }
  CURL* easy = t->easy.get();
  auto [it, inserted] = impl_->transfers.emplace(easy, std::move(t));
  if (const CURLMcode mc = impl_->multi.add(easy); mc != CURLM_OK) {
    std::unique_ptr<Transfer> failed = std::move(it->second);
    impl_->transfers.erase(it);
    failed->response.error = std::string("curl multi: ") + curl_multi_strerror(mc);
    failed->response.code = fetch_errc::transport;
    impl_->complete(std::move(failed));
  }
  (void)inserted;
}

void HttpClient::cancel_all() {
  auto all = std::move(impl_->transfers);
  impl_->transfers.clear();
  for (auto& [easy, t] : all) {
    impl_->multi.remove(easy);
    t->response = HttpResponse{};
    t->response.effective_url = t->request.url;
    t->response.error = "cancelled";
    t->response.code = fetch_errc::cancelled;
    impl_->complete(std::move(t));
  }
}

std::size_t HttpClient::in_flight() const { return impl_->transfers.size(); }

std::uint64_t HttpClient::internal_errors() const {
  return impl_->callback_errors + impl_->multi.internal_errors();
}

}  // namespace newswatch::feeds
