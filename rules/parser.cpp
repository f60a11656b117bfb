// SPDX-License-Identifier: MIT
#include "rules/parser.hpp"

#include <fmt/format.h>

#include "rules/detail/messages.hpp"
#include "rules/lexer.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;
using K = QueryToken::Kind;

// Thrown inside the parser only, caught in parse_query.
struct Failure {
  QueryError error;
};

[[noreturn]] void fail(std::string message, std::size_t offset) {
  throw Failure{QueryError{std::move(message), offset}};
}

bool starts_operand(K k) {
  return k == K::word || k == K::prefix || k == K::phrase || k == K::list || k == K::lparen ||
         k == K::not_ || k == K::field || k == K::lang || k == K::at_least;
}

bool near_operand(const ast::Node& n, const ast::Node** bad) {
  switch (n.kind) {
    case ast::Kind::word:
    case ast::Kind::prefix:
    case ast::Kind::phrase:
    case ast::Kind::list:
      return true;
    case ast::Kind::except_:  // its operands were checked when it was parsed
      return true;
    case ast::Kind::near:
    case ast::Kind::or_:
    case ast::Kind::scope:
      for (const auto& c : n.children) {
        if (!near_operand(*c, bad)) return false;
      }
      return true;
    case ast::Kind::and_:
    case ast::Kind::not_:
    case ast::Kind::at_least:
    case ast::Kind::lang:
      *bad = &n;
      return false;
  }
  return false;
}

// What EXCEPT's operands may be: terms, phrases, prefixes, lists, other EXCEPTs, or a
// parenthesised OR of those; a scope only on the left (`title:日本 EXCEPT 日本海`). On error,
// `bad` is the offending node.
bool except_operand(const ast::Node& n, bool right, const ast::Node** bad) {
  switch (n.kind) {
    case ast::Kind::word:
    case ast::Kind::prefix:
    case ast::Kind::phrase:
    case ast::Kind::list:
    case ast::Kind::except_:  // checked when it was parsed
      return true;
    case ast::Kind::scope:
      if (right) {
        *bad = &n;
        return false;
      }
      [[fallthrough]];
    case ast::Kind::or_:
      for (const auto& c : n.children) {
        if (!except_operand(*c, right, bad)) return false;
      }
      return true;
    case ast::Kind::and_:
    case ast::Kind::not_:
    case ast::Kind::near:
    case ast::Kind::at_least:
    case ast::Kind::lang:
      *bad = &n;
      return false;
  }
  return false;
}

const char* operator_name(const ast::Node& n) {
  switch (n.kind) {
    case ast::Kind::not_: return "NOT";
    case ast::Kind::at_least: return "AT_LEAST";
    case ast::Kind::lang: return "lang:";
    case ast::Kind::near: return n.ordered ? "ONEAR" : "NEAR";
    default: return "AND";
  }
}

class Parser {
 public:
  explicit Parser(std::vector<QueryToken> tokens) : tokens_(std::move(tokens)) {}

  ast::NodePtr parse() {
    if (peek().kind == K::end) fail(std::string(msg::kEmptyQuery), 0);
    auto root = or_expr();
    if (peek().kind == K::rparen) fail(std::string(msg::kUnopenedParen), peek().offset);
    if (peek().kind != K::end) {
      fail(fmt::format(fmt::runtime(msg::kUnexpectedToken), peek().text), peek().offset);
    }
    return root;
  }

 private:
  const QueryToken& peek() const { return tokens_[pos_]; }
  const QueryToken& take() { return tokens_[pos_++]; }

  static ast::NodePtr binary(ast::Kind kind, const QueryToken& op, ast::NodePtr left, ast::NodePtr right) {
    // Flatten chains of the same operator: a AND b AND c has three children.
    if (left->kind == kind && kind != ast::Kind::near) {
      left->children.push_back(std::move(right));
      return left;
    }
    auto n = std::make_unique<ast::Node>();
    n->kind = kind;
    n->offset = left->offset;
    n->op_offset = op.offset;
    n->text = op.text;
    n->distance = op.distance;
    n->ordered = op.ordered;
    n->children.push_back(std::move(left));
    n->children.push_back(std::move(right));
    return n;
  }

  ast::NodePtr or_expr() {
    auto left = and_expr();
    while (peek().kind == K::or_) {
      const auto& op = take();
      left = binary(ast::Kind::or_, op, std::move(left), operand_after(op, &Parser::and_expr));
    }
    return left;
  }

  ast::NodePtr and_expr() {
    auto left = near_expr();
    while (true) {
      if (peek().kind == K::and_) {
        const auto& op = take();
        left = binary(ast::Kind::and_, op, std::move(left), operand_after(op, &Parser::near_expr));
      } else if (starts_operand(peek().kind)) {
        const QueryToken implicit{K::and_, "AND", peek().offset};
        left = binary(ast::Kind::and_, implicit, std::move(left), near_expr());
      } else {
        return left;
      }
    }
  }

  ast::NodePtr near_expr() {
    auto left = unary();
    while (peek().kind == K::near) {
      const auto& op = take();
      check_near_operand(*left);
      auto right = operand_after(op, &Parser::unary);
      check_near_operand(*right);
      left = binary(ast::Kind::near, op, std::move(left), std::move(right));
    }
    return left;
  }

  static void check_near_operand(const ast::Node& n) {
    const ast::Node* bad = nullptr;
    if (!near_operand(n, &bad)) {
      fail(fmt::format(fmt::runtime(msg::kNearOperand), operator_name(*bad)),
           bad->kind == ast::Kind::and_ ? bad->op_offset : bad->offset);
    }
  }

  // The right operand of a binary or prefix operator: a missing one is reported at the operator.
  ast::NodePtr operand_after(const QueryToken& op, ast::NodePtr (Parser::*next)()) {
    if (!starts_operand(peek().kind)) {
      fail(fmt::format(fmt::runtime(msg::kMissingRightOperand), op.text), op.offset);
    }
    return (this->*next)();
  }

  void enter(std::size_t offset) {
    if (++depth_ > kMaxQueryDepth) {
      fail(fmt::format(fmt::runtime(msg::kTooDeep), kMaxQueryDepth), offset);
    }
  }

  ast::NodePtr unary() {
    if (peek().kind != K::not_) return except_expr();
    const auto& op = take();
    enter(op.offset);
    auto n = std::make_unique<ast::Node>();
    n->kind = ast::Kind::not_;
    n->offset = op.offset;
    n->op_offset = op.offset;
    n->children.push_back(operand_after(op, &Parser::unary));
    --depth_;
    return n;
  }

  // primary { EXCEPT primary }: a chain is one node, its first child minus all the others.
  ast::NodePtr except_expr() {
    auto left = primary();
    if (peek().kind != K::except_) return left;
    check_except_operand(*left, false);
    auto n = std::make_unique<ast::Node>();
    n->kind = ast::Kind::except_;
    n->offset = left->offset;
    n->op_offset = peek().offset;
    n->text = peek().text;
    n->children.push_back(std::move(left));
    while (peek().kind == K::except_) {
      const auto& op = take();
      const auto& next = peek();
      if (!starts_operand(next.kind)) {
        fail(fmt::format(fmt::runtime(msg::kMissingRightOperand), op.text), op.offset);
      }
      // Name what cannot be excluded at its own token, before primary() reads it.
      if (next.kind == K::field) fail(std::string(msg::kExceptScope), next.offset);
      if (next.kind == K::not_ || next.kind == K::lang || next.kind == K::at_least) {
        fail(fmt::format(fmt::runtime(msg::kExceptOperand), next.kind == K::lang ? "lang:" : next.text), next.offset);
      }
      auto right = primary();
      check_except_operand(*right, true);
      n->children.push_back(std::move(right));
    }
    return n;
  }

  static void check_except_operand(const ast::Node& n, bool right) {
    const ast::Node* bad = nullptr;
    if (except_operand(n, right, &bad)) return;
    if (bad->kind == ast::Kind::scope) fail(std::string(msg::kExceptScope), bad->offset);
    const bool infix = bad->kind == ast::Kind::and_ || bad->kind == ast::Kind::near;
    fail(fmt::format(fmt::runtime(msg::kExceptOperand), operator_name(*bad)), infix ? bad->op_offset : bad->offset);
  }

  ast::NodePtr primary() {
    const auto& t = peek();
    switch (t.kind) {
      case K::word:
      case K::prefix:
      case K::phrase:
      case K::list: {
        take();
        auto n = std::make_unique<ast::Node>();
        n->kind = t.kind == K::word     ? ast::Kind::word
                  : t.kind == K::prefix ? ast::Kind::prefix
                  : t.kind == K::phrase ? ast::Kind::phrase
                                        : ast::Kind::list;
        n->text = t.text;
        n->offset = t.offset;
        n->prefix = t.prefix;
        n->exact = t.exact;
        return n;
      }
      case K::lang: {
        take();
        auto n = std::make_unique<ast::Node>();
        n->kind = ast::Kind::lang;
        n->text = t.text;
        n->offset = t.offset;
        n->op_offset = t.offset;
        return n;
      }
      case K::at_least:
        return at_least();
      case K::lparen: {
        take();
        enter(t.offset);
        if (peek().kind == K::rparen) fail(std::string(msg::kEmptyParens), t.offset);
        if (peek().kind == K::end) fail(std::string(msg::kUnclosedParen), t.offset);
        auto inner = or_expr();
        if (peek().kind != K::rparen) {
          if (peek().kind == K::end) fail(std::string(msg::kUnclosedParen), t.offset);
          fail(fmt::format(fmt::runtime(msg::kUnexpectedToken), peek().text), peek().offset);
        }
        take();
        --depth_;
        return inner;
      }
      case K::field: {
        take();
        if (in_scope_) fail(std::string(msg::kNestedScope), t.offset);
        const auto k = peek().kind;
        if (k != K::word && k != K::prefix && k != K::phrase && k != K::list && k != K::lparen) {
          fail(fmt::format(fmt::runtime(msg::kScopeNeedsOperand), t.text), t.offset);
        }
        enter(t.offset);
        in_scope_ = true;
        auto n = std::make_unique<ast::Node>();
        n->kind = ast::Kind::scope;
        n->field = t.field;
        n->text = t.text;
        n->offset = t.offset;
        n->op_offset = t.offset;
        n->children.push_back(primary());
        in_scope_ = false;
        --depth_;
        return n;
      }
      case K::rparen:
        fail(std::string(msg::kUnopenedParen), t.offset);
      default:
        // AND, OR or NEAR where an operand should start: nothing on its left.
        fail(fmt::format(fmt::runtime(msg::kMissingLeftOperand), t.text), t.offset);
    }
  }

  // AT_LEAST ( k , operand { , operand } ): the lexer made ',' a token only inside these parens.
  ast::NodePtr at_least() {
    const auto& op = take();
    enter(op.offset);
    if (peek().kind != K::lparen) fail(std::string(msg::kAtLeastSyntax), op.offset);
    take();
    const auto& count = peek();
    long k = 0;
    bool digits = count.kind == K::word && !count.text.empty() && count.text.size() <= 4;
    for (const char c : count.text) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) k = k * 10 + (c - '0');
    }
    if (!digits) fail(std::string(msg::kAtLeastSyntax), count.kind == K::end ? op.offset : count.offset);
    take();
    auto n = std::make_unique<ast::Node>();
    n->kind = ast::Kind::at_least;
    n->offset = op.offset;
    n->op_offset = op.offset;
    n->text = op.text;
    while (peek().kind == K::comma) {
      const auto& comma = take();
      n->children.push_back(operand_after(comma, &Parser::or_expr));
    }
    if (peek().kind == K::end) fail(std::string(msg::kUnclosedParen), op.offset);
    if (peek().kind != K::rparen) fail(fmt::format(fmt::runtime(msg::kUnexpectedToken), peek().text), peek().offset);
    take();
    if (n->children.size() < 2) fail(std::string(msg::kAtLeastSyntax), op.offset);
    if (k < 1 || static_cast<std::size_t>(k) > n->children.size()) {
      fail(fmt::format(fmt::runtime(msg::kAtLeastCount), n->children.size()), count.offset);
    }
    n->distance = static_cast<int>(k);
    --depth_;
    return n;
  }

  std::vector<QueryToken> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  bool in_scope_ = false;
};

}  // namespace

ParseResult parse_query(std::string_view query) {
  ParseResult out;
  auto lexed = lex_query(query);
  if (lexed.error) {
    out.error = std::move(lexed.error);
    return out;
  }
  try {
    out.root = Parser(std::move(lexed.tokens)).parse();
  } catch (const Failure& f) {
    out.error = f.error;
  }
  return out;
}

}  // namespace newswatch::rules
