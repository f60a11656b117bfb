// SPDX-License-Identifier: MIT
#pragma once
// How libcurl's result codes group for our error reports. Shared by feed fetching (HTTP) and
// the SMTP receiver, so a TLS failure reads the same in both. Pure; any thread.

#include <curl/curl.h>

namespace newswatch::feeds {

// True for the codes that mean the TLS handshake or the peer's certificate failed (as opposed
// to the network or the server's answer): the operator must fix a certificate or a CA file.
bool is_tls_failure(CURLcode code);

}  // namespace newswatch::feeds
