// SPDX-License-Identifier: MIT
#include "feeds/fetch/fetch_error.hpp"

namespace newswatch::feeds {

namespace {

class FetchCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "newswatch.fetch"; }
  std::string message(int ev) const override {
    switch (static_cast<fetch_errc>(ev)) {
      case fetch_errc::cancelled: return "cancelled";
      case fetch_errc::timeout: return "timeout";
      case fetch_errc::connect_timeout: return "connect timeout";
      case fetch_errc::too_slow: return "transfer too slow";
      case fetch_errc::connection_refused: return "connection refused";
      case fetch_errc::could_not_resolve: return "could not resolve host";
      case fetch_errc::could_not_connect: return "could not connect";
      case fetch_errc::tls: return "TLS error";
      case fetch_errc::too_large: return "response too large";
      case fetch_errc::partial_body: return "connection closed mid-body";
      case fetch_errc::empty_reply: return "empty reply";
      case fetch_errc::redirect_refused: return "redirect refused";
      case fetch_errc::too_many_redirects: return "too many redirects";
      case fetch_errc::unsupported_scheme: return "unsupported URL scheme";
      case fetch_errc::bad_request: return "invalid request";
      case fetch_errc::bad_encoding: return "bad content encoding";
      case fetch_errc::transport: return "transport error";
      case fetch_errc::http_status: return "unexpected HTTP status";
      case fetch_errc::not_a_feed: return "not a feed";
    }
    return "unknown fetch error";
  }
};

}  // namespace

const boost::system::error_category& fetch_category() noexcept {
  static const FetchCategory category;
  return category;
}

}  // namespace newswatch::feeds
