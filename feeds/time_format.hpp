// SPDX-License-Identifier: MIT
#pragma once
// RFC 3339 UTC formatting shared by every JSON writer: "2024-11-15T09:30:00Z".

#include <string>

#include "feeds/item.hpp"

namespace newswatch::feeds {

std::string to_rfc3339(TimePoint t);

}  // namespace newswatch::feeds
