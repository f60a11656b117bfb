// SPDX-License-Identifier: MIT
#pragma once
// The parse tree of a query (rules/parser.hpp builds it, rules/compiler.hpp compiles it).
// Terms keep their text as written; nothing is normalised or resolved yet. Every node keeps
// the byte offset of its first character in the query, for error messages.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "rules/field.hpp"

namespace newswatch::rules::ast {

enum class Kind {
  word,    // japan
  prefix,  // diplom*   (text without the '*')
  phrase,  // "met with" (text without the quotes and a final '*')
  list,    // @japan    (text is the name)
  and_,    // children: 2 or more
  or_,     // children: 2 or more
  not_,    // children: 1
  near,      // children: 2; distance; ordered for ONEAR
  scope,     // children: 1; field
  at_least,  // children: 2 or more; distance is the count k
  lang,      // text: the language tag, lower case ("ja", "zh-tw")
  except_,   // children: 2 or more; the first minus its occurrences that any other overlaps
};

struct Node {
  Kind kind = Kind::word;
  std::string text;
  std::size_t offset = 0;     // first byte of the node in the query
  std::size_t op_offset = 0;  // for operators: where the operator keyword is
  int distance = 0;           // NEAR/n
  Field field = Field::title; // scope
  bool prefix = false;        // phrase: the last word is a prefix ("export control*")
  bool ordered = false;       // ONEAR: the left side comes first
  bool exact = false;         // =word, ="phrase": exact case
  std::vector<std::unique_ptr<Node>> children;
};

using NodePtr = std::unique_ptr<Node>;

}  // namespace newswatch::rules::ast
