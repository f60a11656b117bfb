// SPDX-License-Identifier: MIT
#pragma once
// Error codes of fetching, as a boost::system error category (STYLE §2.4), so metrics and logs
// can count failures by kind while HttpResponse/FetchResult keep a readable one-line `error`.
//
// Threads: any. The category is a function-local static.

#include <string>
#include <type_traits>

#include <boost/system/error_code.hpp>

namespace newswatch::feeds {

enum class fetch_errc {
  cancelled = 1,        // cancel_all()
  timeout,              // total timeout
  connect_timeout,      // connect (or resolve) phase timed out
  too_slow,             // low-speed limit
  connection_refused,
  could_not_resolve,
  could_not_connect,    // other connect failures (unreachable, ...)
  tls,                  // handshake or certificate problem
  too_large,            // body past max_body_bytes (or headers past their cap)
  partial_body,         // connection closed before the body was complete
  empty_reply,
  redirect_refused,     // redirect to a scheme other than http/https
  too_many_redirects,
  unsupported_scheme,   // the request URL itself is not http/https
  bad_request,          // invalid method/header in the HttpRequest
  bad_encoding,         // Content-Encoding could not be decoded
  transport,            // any other libcurl error
  http_status,          // the server answered, but not with 200/203/304 (FetchResult only)
  not_a_feed,           // for the caller: the body did not parse as a feed
};

const boost::system::error_category& fetch_category() noexcept;

inline boost::system::error_code make_error_code(fetch_errc e) noexcept {
  return {static_cast<int>(e), fetch_category()};
}

}  // namespace newswatch::feeds

template <>
struct boost::system::is_error_code_enum<newswatch::feeds::fetch_errc> : std::true_type {};
