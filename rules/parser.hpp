// SPDX-License-Identifier: MIT
#pragma once
// Parses a query into an AST (rules/ast.hpp). Grammar (EBNF), loosest binding first:
//
//   query     = or_expr END ;
//   or_expr   = and_expr { "OR" and_expr } ;
//   and_expr  = near_expr { [ "AND" ] near_expr } ;     (* adjacent terms: implicit AND *)
//   near_expr = unary { ( NEAR | ONEAR ) "/" n unary } ; (* 1 <= n <= 100 *)
//   unary     = "NOT" unary | except    ;
//   except    = primary { "EXCEPT" primary } ;            (* a chain: first minus all the others *)
//   primary   = word | prefix | phrase | list | "(" or_expr ")" | field ":" primary
//             | exact | at_least | "lang:" tag ;
//   exact     = "=" word | "=" '"' words '"' ;           (* exact case: =NATO, ="Japan Airlines" *)
//   at_least  = "AT_LEAST(" k "," or_expr { "," or_expr } ")" ;  (* 1 <= k <= operands, >= 2 operands *)
//   tag       = letters/digits/'-'/'_' ;                 (* lang:ja matches ja, ja-JP *)
//   word      = letters/digits/...  (lower-case and/or/not/near are words) ;
//   prefix    = word "*" ;                               (* at least 2 characters before '*' *)
//   phrase    = '"' words [ "*" ] '"' ;                  (* "export control*": last word is a prefix *)
//   list      = "@" name ;                               (* a list or a macro *)
//   field     = "title" | "summary" | "content" | "link" | "feed" ;   (* any case *)
//
// Precedence: EXCEPT > NOT > NEAR > AND (explicit or implicit) > OR, so
//   a OR b c NOT d    ==  a OR (b AND c AND (NOT d))
//   a NEAR/3 b OR c   ==  (a NEAR/3 b) OR c
//   a EXCEPT b NEAR/3 c  ==  (a EXCEPT b) NEAR/3 c;   NOT a EXCEPT b  ==  NOT (a EXCEPT b)
//   a EXCEPT b EXCEPT c  ==  a EXCEPT (b OR c)        (one node with three children)
// NEAR's operands must be terms, phrases, prefixes, lists, other NEARs, scopes of those, or a
// parenthesised OR of those: `(summit OR talks) NEAR/5 @japan`. NEAR/n matches when at most n
// other words separate the two operands, in either order, within one field; ONEAR/n only when
// the left operand comes first. AT_LEAST(k, ...) is true when k of its operands are.
// EXCEPT keeps the occurrences of its left operand that no occurrence of a right operand
// overlaps in the same field (`日本 EXCEPT 日本海`), so it is itself a NEAR operand. Its operands
// are terms, phrases, prefixes, lists, other EXCEPTs or a parenthesised OR of those; the left
// one may be a scope (`title:日本 EXCEPT 日本海`), a right one may not.
// A field scope may not contain another scope. Nesting ('(', NOT, scopes) is capped at
// kMaxQueryDepth. The first error stops the parse and carries its offset.
// Pure function; thread-safe.

#include <string_view>
#include <variant>

#include "rules/ast.hpp"
#include "rules/query_error.hpp"

namespace newswatch::rules {

inline constexpr int kMaxQueryDepth = 64;

struct ParseResult {
  ast::NodePtr root;  // null when error is set
  std::optional<QueryError> error;
};

ParseResult parse_query(std::string_view query);

}  // namespace newswatch::rules
