// SPDX-License-Identifier: MIT
#include "daemon/digest/detail/safe_link.hpp"

#include <boost/url/parse.hpp>

namespace newswatch::daemon::detail {

std::string safe_link(std::string_view link) {
  const auto first = link.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  link = link.substr(first, link.find_last_not_of(" \t\r\n") - first + 1);
  // The parser rejects spaces, controls and quotes, so what passes cannot break out of href="".
  const auto url = boost::urls::parse_absolute_uri(link);
  if (!url) return {};
  const auto scheme = url->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) return {};
  if (!url->has_authority() || url->host().empty()) return {};
  return std::string(link);
}

}  // namespace newswatch::daemon::detail
