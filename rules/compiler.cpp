// SPDX-License-Identifier: MIT
#include "rules/compiler.hpp"

#include <fmt/format.h>

#include "rules/ast.hpp"
#include "rules/detail/messages.hpp"
#include "rules/detail/suggest.hpp"
#include "rules/lexer.hpp"
#include "rules/normalizer.hpp"
#include "rules/parser.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;

// The operator a program node came from, for "NEAR joins ..., not 'X'" and the like.
const char* operator_name(const Program& p) {
  switch (p.kind) {
    case Program::Kind::negate: return "NOT";
    case Program::Kind::at_least: return "AT_LEAST";
    case Program::Kind::lang: return "lang:";
    case Program::Kind::near: return p.ordered ? "ONEAR" : "NEAR";
    default: return "AND";
  }
}

Term make_term(std::string_view text, bool prefix, bool exact = false) {
  Term t;
  for (auto& tok : tokenize(text)) {
    if (exact) t.raw.push_back(normalize_keep_case(text.substr(tok.begin, tok.end - tok.begin)));
    t.tokens.push_back(std::move(tok.text));
  }
  t.prefix = prefix && !t.tokens.empty();
  t.exact = exact;
  return t;
}

class Compiler {
 public:
  Compiler(const ListTable& lists, TermTable& terms, const MacroTable& macros)
      : lists_(lists), terms_(terms), macros_(macros) {}

  Program compile(const ast::Node& n, FieldMask scope) {
    switch (n.kind) {
      case ast::Kind::word:
      case ast::Kind::prefix:
      case ast::Kind::phrase: {
        Term t = make_term(n.text, n.kind == ast::Kind::prefix || n.prefix, n.exact);
        if (t.tokens.empty()) {
          throw QueryError{fmt::format(fmt::runtime(msg::kNoSearchableText), n.text), n.offset};
        }
        std::string written = n.kind == ast::Kind::phrase ? '"' + n.text + (n.prefix ? "*\"" : "\"")
                              : n.kind == ast::Kind::prefix ? n.text + '*'
                                                            : n.text;
        if (n.exact) written = '=' + written;
        return leaf(std::move(t), scope, std::move(written));
      }
      case ast::Kind::list: {
        const auto it = lists_.find(n.text);
        if (it == lists_.end()) {
          if (const auto macro = macros_.find(n.text); macro != macros_.end()) return expand(n, macro->second, scope);
          std::vector<std::string_view> names;
          for (const auto& [name, def] : lists_) names.push_back(name);
          for (const auto& [name, def] : macros_) names.push_back(name);
          const auto hint = detail::closest(n.text, names);
          throw QueryError{hint ? fmt::format(fmt::runtime(msg::kUnknownListSuggest), n.text, *hint)
                                : fmt::format(fmt::runtime(msg::kUnknownList), n.text),
                           n.offset};
        }
        used_.push_back(n.text);
        Program any;
        any.kind = Program::Kind::any;
        for (const auto& item : it->second.terms) {
          if (item.except.empty()) {
            any.children.push_back(leaf(item.term, scope, item.written));
            continue;
          }
          Program except;
          except.kind = Program::Kind::except_;
          except.children.push_back(leaf(item.term, scope, item.written));
          for (const auto& x : item.except) except.children.push_back(leaf(x.term, kAllFields, x.written));
          any.children.push_back(std::move(except));
        }
        any.label = '@' + n.text;
        return any;
      }
      case ast::Kind::scope:
        return compile(*n.children.front(), bit(n.field));
      case ast::Kind::lang: {
        Program p;
        p.kind = Program::Kind::lang;
        p.language = n.text;
        p.written = "lang:" + n.text;
        return p;
      }
      case ast::Kind::at_least: {
        Program p;
        p.kind = Program::Kind::at_least;
        p.distance = n.distance;
        for (const auto& c : n.children) p.children.push_back(compile(*c, scope));
        return p;
      }
      case ast::Kind::except_: {
        Program p;
        p.kind = Program::Kind::except_;
        for (std::size_t k = 0; k < n.children.size(); ++k) {
          const auto& c = *n.children[k];
          // What is excluded is looked for in every field: it only ever removes occurrences of
          // the first child, in their own field, whatever the scopes around.
          p.children.push_back(compile(c, k == 0 ? scope : kAllFields));
          // The parser checked the operands, except what a macro expands to.
          if (!occurrences(p.children.back())) {
            throw QueryError{fmt::format(fmt::runtime(msg::kExceptOperand), operator_name(p.children.back())),
                             c.offset};
          }
        }
        return p;
      }
      case ast::Kind::and_:
      case ast::Kind::or_:
      case ast::Kind::not_:
      case ast::Kind::near: {
        Program p;
        p.kind = n.kind == ast::Kind::and_   ? Program::Kind::all
                 : n.kind == ast::Kind::or_  ? Program::Kind::any
                 : n.kind == ast::Kind::not_ ? Program::Kind::negate
                                             : Program::Kind::near;
        p.distance = n.distance;
        p.ordered = n.ordered;
        for (const auto& c : n.children) {
          p.children.push_back(compile(*c, scope));
          // The parser checked NEAR's operands, except what a macro expands to.
          if (p.kind == Program::Kind::near && !positional(p.children.back())) {
            throw QueryError{fmt::format(fmt::runtime(msg::kNearOperand), operator_name(p.children.back())),
                             c->offset};
          }
        }
        return p;
      }
    }
    return {};
  }

  std::vector<std::string> used_;

 private:
  static bool positional(const Program& p) {
    if (p.kind == Program::Kind::leaf || p.kind == Program::Kind::except_) return true;
    if (p.kind != Program::Kind::any && p.kind != Program::Kind::near) return false;
    for (const auto& c : p.children) {
      if (!positional(c)) return false;
    }
    return true;
  }

  // What EXCEPT takes: leaves, EXCEPTs, and ORs of those (lists).
  static bool occurrences(const Program& p) {
    if (p.kind == Program::Kind::leaf || p.kind == Program::Kind::except_) return true;
    if (p.kind != Program::Kind::any) return false;
    for (const auto& c : p.children) {
      if (!occurrences(c)) return false;
    }
    return true;
  }

  Program expand(const ast::Node& ref, const MacroDef& macro, FieldMask scope) {
    used_.push_back(macro.name);
    if (!macro.root) throw QueryError{fmt::format(fmt::runtime(msg::kMacroBroken), macro.name), ref.offset};
    // The loader rejects cycles before compiling; this guards the recursion anyway.
    if (++expansions_ > kMaxQueryDepth) {
      throw QueryError{fmt::format(fmt::runtime(msg::kMacroCycle), macro.name), ref.offset};
    }
    try {
      Program p = compile(*macro.root, scope);
      --expansions_;
      if (p.label.empty()) p.label = '@' + macro.name;
      return p;
    } catch (const QueryError&) {
      // Errors inside the macro are reported at its definition; here, name the reference.
      throw QueryError{fmt::format(fmt::runtime(msg::kMacroBroken), macro.name), ref.offset};
    }
  }

  Program leaf(Term t, FieldMask scope, std::string written) {
    Program p;
    p.kind = Program::Kind::leaf;
    p.term = terms_.intern(std::move(t));
    p.fields = scope;
    p.written = std::move(written);
    return p;
  }

  const ListTable& lists_;
  TermTable& terms_;
  const MacroTable& macros_;
  int expansions_ = 0;
};

}  // namespace

std::string Term::key() const {
  std::string k = prefix ? "P" : "T";
  for (const auto& t : exact ? raw : tokens) {
    k += exact ? '\x1e' : '\x1f';
    k += t;
  }
  return k;
}

std::uint32_t TermTable::intern(Term term) {
  auto key = term.key();
  const auto it = ids.find(key);
  if (it != ids.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(terms.size());
  terms.push_back(std::move(term));
  ids.emplace(std::move(key), id);
  return id;
}

bool Program::needs_hit() const {
  switch (kind) {
    case Kind::leaf:
    case Kind::near:
    case Kind::except_:  // its first child must occur
      return true;
    case Kind::negate:
    case Kind::lang:
      return false;
    case Kind::at_least: {
      // True needs k true children; at most (children - k) of them may be ones without a hit.
      std::size_t without = 0;
      for (const auto& c : children) without += !c.needs_hit();
      return without < static_cast<std::size_t>(distance);
    }
    case Kind::all:
      for (const auto& c : children) {
        if (c.needs_hit()) return true;
      }
      return false;
    case Kind::any:
      for (const auto& c : children) {
        if (!c.needs_hit()) return false;
      }
      return true;
  }
  return true;
}

void Program::collect_positive_terms(std::set<std::uint32_t>& out) const {
  if (kind == Kind::leaf) out.insert(term);
  if (kind == Kind::negate) return;
  if (kind == Kind::except_) {
    children.front().collect_positive_terms(out);  // the excluded terms are not required
    return;
  }
  for (const auto& c : children) c.collect_positive_terms(out);
}

CompileResult compile_ast(const ast::Node& root, const ListTable& lists, TermTable& terms, const MacroTable& macros,
                          bool as_macro) {
  CompileResult out;
  Compiler compiler(lists, terms, macros);
  try {
    Program p = compiler.compile(root, kDefaultFields);
    if (!as_macro && !p.needs_hit()) {
      out.error = QueryError{std::string(msg::kOnlyNegative), 0};
    } else {
      out.program = std::move(p);
    }
  } catch (const QueryError& e) {
    out.error = e;
  }
  out.used_lists = std::move(compiler.used_);
  return out;
}

CompileResult compile_query(std::string_view query, const ListTable& lists, TermTable& terms, const MacroTable& macros,
                            bool as_macro) {
  auto parsed = parse_query(query);
  if (parsed.error) {
    CompileResult out;
    out.error = std::move(parsed.error);
    return out;
  }
  return compile_ast(*parsed.root, lists, terms, macros, as_macro);
}

namespace {

// One term of a list item: a word, phrase, prefix or exact-case term, without EXCEPT.
TermParse parse_one_term(std::string_view written) {
  TermParse out;
  std::string_view text = written;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  out.written = std::string(text);
  const bool quoted = text.size() >= 2 && text.front() == '"' && text.back() == '"';
  if (quoted) text = text.substr(1, text.size() - 2);
  auto wildcard = parse_wildcard(text, quoted);
  if (wildcard.error) {
    out.error = wildcard.error->message;
    return out;
  }
  const bool prefix = wildcard.prefix;
  text = wildcard.text;
  // =JAL, ="Japan Airlines": exact case, as in queries.
  bool exact = false;
  std::string_view body = text;
  if (!body.empty() && body.front() == '=') {
    exact = true;
    body.remove_prefix(1);
    if (body.size() >= 2 && body.front() == '"' && body.back() == '"') body = body.substr(1, body.size() - 2);
    if (prefix) {
      out.error = std::string(msg::kExactPrefix);
      return out;
    }
  }
  Term t = make_term(body, prefix, exact);
  if (t.tokens.empty()) {
    out.error = fmt::format(fmt::runtime(msg::kNoSearchableText), written);
    return out;
  }
  out.term = std::move(t);
  return out;
}

// "a EXCEPT b EXCEPT c" → {a, b, c}: splits at the upper-case word EXCEPT outside quotes.
std::vector<std::string_view> split_except(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  constexpr std::string_view kExcept = "EXCEPT";
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (quoted || text.substr(i, kExcept.size()) != kExcept) continue;
    const std::size_t end = i + kExcept.size();
    if ((i > 0 && !space(text[i - 1])) || (end < text.size() && !space(text[end]))) continue;
    parts.push_back(text.substr(begin, i - begin));
    begin = end;
    i = end - 1;
  }
  parts.push_back(text.substr(begin));
  return parts;
}

}  // namespace

TermParse parse_list_term(std::string_view written) {
  const auto parts = split_except(written);
  if (parts.size() == 1) {
    auto out = parse_one_term(written);
    out.written = std::string(written);  // as before EXCEPT existed: the item exactly as written
    return out;
  }
  TermParse out;
  for (const auto part : parts) {
    if (part.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      out.error = std::string(msg::kExceptListSides);
      return out;
    }
  }
  out = parse_one_term(parts.front());
  if (!out.term) return out;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    auto excluded = parse_one_term(parts[k]);
    if (!excluded.term) {
      out.term.reset();
      out.error = std::move(excluded.error);
      return out;
    }
    out.except.push_back(ListExclusion{std::move(excluded.written), std::move(*excluded.term)});
  }
  return out;
}

}  // namespace newswatch::rules
