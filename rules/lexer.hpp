// SPDX-License-Identifier: MIT
#pragma once
// Splits a query into tokens (the grammar is in rules/parser.hpp).
//   - AND, OR, NOT, EXCEPT and NEAR/n are operators only in upper case; `and`, `near`,
//     `except` are words.
//   - "..." is a phrase; a '*' right after its last word makes that word a prefix
//     ("export control*" matches "export controls"); a '*' anywhere else is an error.
//   - @name is a list reference (name: letters, digits, '_' and '-').
//   - name: at the start of a bare word is a field scope when name is a field (any case);
//     an unknown name followed by ':' is an error unless "://" follows (URLs stay words).
//   - Anything else up to whitespace, '(', ')' or '"' is a word; a trailing '*' makes it a
//     prefix wildcard (at least 2 characters before it).
//   - ONEAR/n is the ordered NEAR; AT_LEAST followed by '(' opens an argument list in which
//     ',' separates arguments (elsewhere a comma is part of a word).
//   - =word and ="a phrase" are exact-case terms (acronyms: =US is not "us").
//   - lang:TAG (any case of "lang") is a language test; TAG is letters, digits, '-' and '_'.
// Pure function; thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/field.hpp"
#include "rules/query_error.hpp"

namespace newswatch::rules {

inline constexpr int kMaxNearDistance = 100;

struct QueryToken {
  enum class Kind {
    word, prefix, phrase, list, lparen, rparen, and_, or_, not_, except_, near, field, lang, at_least, comma,
    end
  };
  Kind kind = Kind::end;
  std::string text;        // word/prefix/phrase (without '*' and quotes), list name; operators as written
  std::size_t offset = 0;  // byte offset of the token's first character
  int distance = 0;        // NEAR/n
  Field field = Field::title;
  bool prefix = false;     // phrase: its last word ends with '*'
  bool ordered = false;    // ONEAR
  bool exact = false;      // =word, ="phrase"
};

struct LexResult {
  std::vector<QueryToken> tokens;  // ends with Kind::end unless there is an error
  std::optional<QueryError> error;
};

LexResult lex_query(std::string_view query);

// The wildcard rule shared by query words, phrases and list items: at most one '*', at the
// very end, after at least 2 characters of the last word. On success `text` has the '*'
// removed; an error's offset is relative to the start of `text`.
struct Wildcard {
  std::string text;
  bool prefix = false;
  std::optional<QueryError> error;
};
Wildcard parse_wildcard(std::string_view text, bool phrase);

}  // namespace newswatch::rules
