// SPDX-License-Identifier: MIT
#pragma once
// An error in a query, at a byte offset within the query text. The loader maps the offset to a
// file line and column (rules/loader.hpp).

#include <cstddef>
#include <string>

namespace newswatch::rules {

struct QueryError {
  std::string message;     // one of rules/detail/messages.hpp, formatted
  std::size_t offset = 0;  // byte offset in the query text
};

}  // namespace newswatch::rules
