// SPDX-License-Identifier: MIT
#pragma once
// Compiles a query into a matcher program: terms are normalised (rules/normalizer.hpp) and
// interned in a shared TermTable, list references expand to an OR of the list's terms, field
// scopes are pushed down into the leaves. The loader compiles every rule against one ListTable
// and one TermTable, which then become the RuleSet's term dictionary.
// Not thread-safe while compiling (the tables are mutated); the result is immutable.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/ast.hpp"
#include "rules/field.hpp"
#include "rules/query_error.hpp"

namespace newswatch::rules {

// A normalised term: one token is a word, more are a phrase (consecutive tokens). When prefix
// is set, the last token matches any token that starts with it.
struct Term {
  std::vector<std::string> tokens;
  bool prefix = false;
  // Exact case (=NATO): `raw` holds each token's source text as written, NFKC-normalised but
  // not case-folded (normalize_keep_case), and a document token matches only when its source
  // text normalises the same way: full-width "ＮＡＴＯ" matches =NATO, "Nato" does not.
  bool exact = false;
  std::vector<std::string> raw;

  std::string key() const;  // unique text for interning
};

struct TermTable {
  std::vector<Term> terms;
  std::unordered_map<std::string, std::uint32_t> ids;

  std::uint32_t intern(Term term);
};

// A term that a list item excludes (`日本海` in `日本 EXCEPT 日本海`), as written and normalised.
struct ListExclusion {
  std::string written;
  Term term;
};

// A list item as written in a rule file: `Xi Jinping` (a phrase), `"Xi Jinping"`, `Senkaku*`,
// `日本 EXCEPT 日本海` (the term minus its occurrences inside an excluded one).
struct ListTerm {
  std::string written;  // the item; with exclusions, only the term on the left of EXCEPT
  Term term;
  std::vector<ListExclusion> except;
};

struct ListDef {
  std::string name;
  std::vector<ListTerm> terms;
};

using ListTable = std::map<std::string, ListDef, std::less<>>;

// A named query fragment, referenced like a list (`@name`) and expanded in place, inside the
// referencing scope. `root` is null when the macro itself has errors (or is in a cycle).
struct MacroDef {
  std::string name;
  std::shared_ptr<const ast::Node> root;
};

using MacroTable = std::map<std::string, MacroDef, std::less<>>;

// One node of a compiled query.
struct Program {
  // except_: the occurrences of children[0] that no occurrence of a later child overlaps in the
  // same field; the later children look in every field (the first child's scope decides).
  enum class Kind { leaf, all, any, negate, near, at_least, lang, except_ };
  Kind kind = Kind::leaf;
  std::uint32_t term = 0;       // leaf: index into TermTable::terms
  FieldMask fields = 0;         // leaf: where to look
  std::string written;          // leaf: the term as written (a list item for list references)
  int distance = 0;             // near; at_least: the count k
  bool ordered = false;         // near: ONEAR, the first child must come first
  std::string language;         // lang: the tag, lower case
  std::string label;            // "@name" when the node is a list or macro expansion (explain)
  std::vector<Program> children;

  // True when the node cannot be true without at least one of its leaves having a hit: the
  // condition for evaluating a rule only when one of its terms occurs (presearch).
  bool needs_hit() const;
  // The terms of leaves that are not under a NOT: a program that needs_hit() can be true only
  // when one of these occurs.
  void collect_positive_terms(std::set<std::uint32_t>& out) const;
};

struct CompileResult {
  std::optional<Program> program;
  std::optional<QueryError> error;
  std::vector<std::string> used_lists;  // lists and macros referenced, directly or through macros
};

// Parses and compiles `query`. Errors carry the offset within the query. A macro fragment
// (`as_macro`) may be only negative, e.g. an exclusion list `NOT (football OR rugby)`.
CompileResult compile_query(std::string_view query, const ListTable& lists, TermTable& terms,
                            const MacroTable& macros = {}, bool as_macro = false);
// The same for an already parsed query.
CompileResult compile_ast(const ast::Node& root, const ListTable& lists, TermTable& terms,
                          const MacroTable& macros = {}, bool as_macro = false);

// Turns one list item into a term, with the terms it excludes when it is `a EXCEPT b EXCEPT c`
// (upper-case EXCEPT between spaces, outside quotes); the error message is the reason (for
// msg::kListTermBad).
struct TermParse {
  std::optional<Term> term;
  std::string written;  // the term's own text when there are exclusions, else the whole item
  std::vector<ListExclusion> except;
  std::string error;
};
TermParse parse_list_term(std::string_view written);

}  // namespace newswatch::rules
