// SPDX-License-Identifier: MIT
#pragma once
// Sends one message over SMTP with libcurl, on the same Asio binding of curl's multi interface
// that fetching uses (feeds::CurlMulti): socket waits and one timer on the caller's
// io_context, so a slow or silent mail server never blocks the io thread.
//
// Threads: construct, call and destroy on the io thread only; the io_context must outlive the
// client. Every send completes exactly once, posted (never inside a curl callback): sent, failed,
// or "cancelled" after cancel_all(). Destroying the client drops what is in flight without
// calling back. TLS certificates are always verified; there is no option to skip that.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace newswatch::daemon {

struct SmtpRequest {
  std::string url;                      // smtp://host[:port] or smtps://host[:port]
  std::string mail_from;                // envelope sender (MAIL FROM), an address
  std::vector<std::string> recipients;  // envelope recipients (RCPT TO); one rejection fails all
  std::string message;                  // RFC 5322 text with CRLF line ends (DATA)
  bool require_tls = true;  // smtp://: STARTTLS or fail before anything is sent; false: plain text
  std::string username;     // AUTH (the best mechanism the server offers) when set
  std::string password;
  std::string ca_file;      // PEM trust anchor in addition to the system's; "" for none
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};
};

enum class SmtpFailure {
  none,             // sent: the server accepted the message
  tls_unavailable,  // TLS required, but the server offers no STARTTLS (or refused it)
  tls,              // handshake or certificate verification failed
  auth,             // AUTH failed or no mechanism in common
  rejected,         // the server answered a command with 4xx or 5xx (see reply_code)
  network,          // connect, resolve, timeout, connection lost
  cancelled,
};

struct SmtpResult {
  SmtpFailure failure = SmtpFailure::none;
  int reply_code = 0;   // the server's last reply code (250, 451, 550, ...); 0 if none came
  std::string reply;    // the server's last 4xx/5xx reply line, as sent (printable ASCII)
  std::string error;    // one line for logs; empty when sent
  bool sent() const { return failure == SmtpFailure::none; }
};

class SmtpClient {
 public:
  using Callback = std::function<void(SmtpResult)>;

  explicit SmtpClient(boost::asio::io_context& io);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  void send(SmtpRequest request, Callback done);
  // Aborts every send in flight; each completes (posted) with SmtpFailure::cancelled.
  void cancel_all();
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch::daemon
