// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_smtp.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include <boost/asio/post.hpp>
#include <curl/curl.h>
#include <fmt/format.h>

// The Asio binding of curl's multi interface lives in feeds/ (STYLE §2.6); SMTP transfers ride
// the same code rather than a second copy of it.
#include "feeds/fetch/curl_errors.hpp"
#include "feeds/fetch/curl_multi.hpp"

namespace newswatch::daemon {
namespace {

struct EasyCleanup {
  void operator()(CURL* e) const noexcept { curl_easy_cleanup(e); }
};
struct SlistCleanup {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

constexpr std::size_t kMaxReplyChars = 300;
// Mail servers limit connections per client; when quiet hours end, a backlog of mails queues in
// curl behind these few connections (reused for one message after another) instead.
constexpr long kMaxConnectionsPerServer = 4;

// One message in flight. Owned by Impl::transfers (keyed by its easy handle); curl's callbacks
// get a raw pointer, valid while it is in the map.
struct Transfer {
  std::unique_ptr<CURL, EasyCleanup> easy;
  std::unique_ptr<curl_slist, SlistCleanup> recipients;
  SmtpRequest request;
  SmtpClient::Callback done;
  std::size_t sent = 0;      // bytes of the message handed to curl
  std::string error_reply;   // the server's last 4xx/5xx line
  char errbuf[CURL_ERROR_SIZE] = {};

  static std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    const std::size_t len = std::min(size * n, t->request.message.size() - t->sent);
    std::memcpy(buffer, t->request.message.data() + t->sent, len);
    t->sent += len;
    return len;
  }

  // libcurl hands every server reply line of SMTP to the header callback; we keep the last
  // failing one, so the log shows the server's own words ("550 5.1.1 <x@y>: no such user").
  static std::size_t on_reply(char* data, std::size_t size, std::size_t n, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    const std::size_t len = size * n;
    if (len >= 3 && (data[0] == '4' || data[0] == '5') && std::isdigit(static_cast<unsigned char>(data[1])) &&
        std::isdigit(static_cast<unsigned char>(data[2]))) {
      try {
        std::string line;
        for (std::size_t i = 0; i < len && line.size() < kMaxReplyChars; ++i)
          if (data[i] >= 0x20 && data[i] < 0x7F) line += data[i];
        t->error_reply = std::move(line);
      } catch (...) {
        // Only the log text is lost; the reply code still classifies the failure.
      }
    }
    return len;
  }
};

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
  return text;
}

}  // namespace

struct SmtpClient::Impl {
  explicit Impl(boost::asio::io_context& io_context)
      : io(io_context),
        multi(io_context, [this](CURL* easy, CURLcode rc) { on_done(easy, rc); }, kMaxConnectionsPerServer) {}

  ~Impl() {
    alive.reset();  // completions already posted are dropped
    for (auto& [easy, t] : transfers) multi.remove(easy);
    transfers.clear();
  }

  bool configure(Transfer& t);
  void on_done(CURL* easy, CURLcode rc);
  void complete(std::unique_ptr<Transfer> t, SmtpResult result);

  boost::asio::io_context& io;
  std::shared_ptr<int> alive = std::make_shared<int>(0);
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  feeds::CurlMulti multi;  // last: destroyed first
};

bool SmtpClient::Impl::configure(Transfer& t) {
  t.easy.reset(curl_easy_init());
  if (!t.easy) return false;
  CURL* e = t.easy.get();
  const SmtpRequest& r = t.request;
  for (const auto& rcpt : r.recipients) {
    curl_slist* next = curl_slist_append(t.recipients.get(), ("<" + rcpt + ">").c_str());
    if (!next) return false;
    (void)t.recipients.release();  // append returns the same head after the first item
    t.recipients.reset(next);
  }
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(e, CURLOPT_MAIL_FROM, ("<" + r.mail_from + ">").c_str());  // copied by curl
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, t.recipients.get());
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::on_read);
  curl_easy_setopt(e, CURLOPT_READDATA, &t);
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.message.size()));
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_reply);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  // CURLUSESSL_ALL: STARTTLS or nothing; curl fails before MAIL FROM (and before AUTH) when the
  // server does not offer it. smtps:// is TLS from the start either way.
  curl_easy_setopt(e, CURLOPT_USE_SSL, static_cast<long>(r.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (!r.username.empty()) {
    curl_easy_setopt(e, CURLOPT_USERNAME, r.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, r.password.c_str());
  }
  if (!r.ca_file.empty()) {
    // CAINFO replaces the bundle; keep the system's hashed CA folder so the file adds trust.
    curl_easy_setopt(e, CURLOPT_CAINFO, r.ca_file.c_str());
    std::error_code ec;
    if (std::filesystem::is_directory("/etc/ssl/certs", ec)) curl_easy_setopt(e, CURLOPT_CAPATH, "/etc/ssl/certs");
  }
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
  return true;
}

void SmtpClient::Impl::on_done(CURL* easy, CURLcode rc) {
  auto it = transfers.find(easy);
  if (it == transfers.end()) return;
  std::unique_ptr<Transfer> t = std::move(it->second);
  transfers.erase(it);

  SmtpResult result;
  long code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
  result.reply_code = static_cast<int>(code);
  result.reply = t->error_reply;
  if (rc == CURLE_OK) return complete(std::move(t), std::move(result));

  const std::string detail = one_line(t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
  switch (rc) {
    case CURLE_USE_SSL_FAILED:
      result.failure = SmtpFailure::tls_unavailable;
      result.error = detail.rfind("STARTTLS denied", 0) == 0
                         ? fmt::format("the server refused STARTTLS ({}); nothing was sent in clear text", detail)
                         : std::string("the server does not offer STARTTLS; nothing was sent in clear text");
      break;
    case CURLE_LOGIN_DENIED:
      result.failure = SmtpFailure::auth;
      result.error = "authentication failed";
      break;
    default:
      if (feeds::is_tls_failure(rc)) {
        result.failure = SmtpFailure::tls;
        result.error = "TLS: " + detail;
        break;
      }
      // MAIL, RCPT, DATA or the end of data answered 4xx/5xx: curl reports a send error or a
      // weird reply, the code tells which.
      result.failure = result.reply_code >= 400 ? SmtpFailure::rejected : SmtpFailure::network;
      result.error = detail;
  }
  if (!result.reply.empty()) result.error += " (server: " + result.reply + ")";
  else if (result.failure == SmtpFailure::rejected || result.failure == SmtpFailure::auth)
    result.error += fmt::format(" (server: {})", result.reply_code);
  complete(std::move(t), std::move(result));
}

void SmtpClient::Impl::complete(std::unique_ptr<Transfer> t, SmtpResult result) {
  // Posted, so callers never re-enter the client from inside a curl drain.
  boost::asio::post(io, [alive_token = std::weak_ptr<int>(alive), done = std::move(t->done),
                         result = std::move(result)]() mutable {
    if (alive_token.expired() || !done) return;
    done(std::move(result));
  });
}

SmtpClient::SmtpClient(boost::asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}

SmtpClient::~SmtpClient() = default;

void SmtpClient::send(SmtpRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  if (!impl_->configure(*t))
    return impl_->complete(std::move(t), {.failure = SmtpFailure::network, .error = "out of memory"});
  CURL* easy = t->easy.get();
  auto [it, inserted] = impl_->transfers.emplace(easy, std::move(t));
  (void)inserted;
  if (const CURLMcode mc = impl_->multi.add(easy); mc != CURLM_OK) {
    std::unique_ptr<Transfer> failed = std::move(it->second);
    impl_->transfers.erase(it);
    impl_->complete(std::move(failed),
                    {.failure = SmtpFailure::network, .error = std::string("curl multi: ") + curl_multi_strerror(mc)});
  }
}

void SmtpClient::cancel_all() {
  auto all = std::move(impl_->transfers);
  impl_->transfers.clear();
  for (auto& [easy, t] : all) {
    impl_->multi.remove(easy);
    impl_->complete(std::move(t), {.failure = SmtpFailure::cancelled, .error = "cancelled"});
  }
}

std::size_t SmtpClient::in_flight() const { return impl_->transfers.size(); }

}  // namespace newswatch::daemon
