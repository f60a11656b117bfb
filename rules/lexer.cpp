// SPDX-License-Identifier: MIT
#include "rules/lexer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rules/detail/messages.hpp"

namespace newswatch::rules {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_word(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }
bool is_list_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

QueryError error(std::string_view message, std::size_t offset) {
  return QueryError{std::string(message), offset};
}

}  // namespace

LexResult lex_query(std::string_view q) {
  namespace msg = detail::msg;
  using K = QueryToken::Kind;
  LexResult out;
  std::size_t i = 0;
  // For each open '(': whether it opened AT_LEAST's arguments, where ',' separates.
  std::vector<bool> parens;
  bool exact = false;  // the previous character was a '=' that starts an exact-case term
  std::size_t exact_at = 0;
  while (true) {
    while (i < q.size() && is_space(q[i]) && !exact) ++i;
    if (i >= q.size()) break;
    const std::size_t start = exact ? exact_at : i;
    const char c = q[i];
    if (exact && (is_space(c) || c == '(' || c == ')' || c == '@' || c == '=' ||
                  (c == ',' && !parens.empty() && parens.back()))) {
      out.error = error(msg::kExactPlacement, exact_at);
      return out;
    }
    if (c == '=' && !exact) {
      exact = true;
      exact_at = i;
      ++i;
      if (i >= q.size()) {
        out.error = error(msg::kExactPlacement, exact_at);
        return out;
      }
      continue;
    }
    if (c == '(' || c == ')') {
      if (c == '(') {
        parens.push_back(!out.tokens.empty() && out.tokens.back().kind == K::at_least &&
                         out.tokens.back().offset + out.tokens.back().text.size() == i);
      } else if (!parens.empty()) {
        parens.pop_back();
      }
      out.tokens.push_back({c == '(' ? K::lparen : K::rparen, std::string(1, c), start});
      ++i;
      continue;
    }
    const bool in_args = !parens.empty() && parens.back();
    if (c == ',' && in_args) {
      out.tokens.push_back({K::comma, ",", start});
      ++i;
      continue;
    }
    if (c == '"') {
      const auto close = q.find('"', i + 1);
      if (close == std::string_view::npos) {
        out.error = error(msg::kUnterminatedPhrase, start);
        return out;
      }
      const auto content = q.substr(i + 1, close - i - 1);
      auto wildcard = parse_wildcard(content, true);
      if (wildcard.error) {
        wildcard.error->offset += i + 1;
        out.error = std::move(wildcard.error);
        return out;
      }
      if (content.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        out.error = error(msg::kEmptyPhrase, start);
        return out;
      }
      QueryToken t{K::phrase, std::move(wildcard.text), start};
      t.prefix = wildcard.prefix;
      t.exact = exact;
      if (exact && t.prefix) {
        out.error = error(msg::kExactPrefix, exact_at);
        return out;
      }
      exact = false;
      out.tokens.push_back(std::move(t));
      i = close + 1;
      continue;
    }
    if (c == '@') {
      std::size_t j = i + 1;
      while (j < q.size() && is_list_char(q[j])) ++j;
      if (j == i + 1) {
        out.error = error(msg::kBareAt, start);
        return out;
      }
      out.tokens.push_back({K::list, std::string(q.substr(i + 1, j - i - 1)), start});
      i = j;
      continue;
    }
    // A bare run: operator, field scope or word.
    std::size_t j = i;
    while (j < q.size() && !ends_word(q[j]) && !(in_args && q[j] == ',')) ++j;
    const auto run = q.substr(i, j - i);
    if (exact) {
      auto wildcard = parse_wildcard(run, false);
      if (wildcard.error || wildcard.prefix) {
        out.error = wildcard.error ? QueryError{wildcard.error->message, wildcard.error->offset + i}
                                   : error(msg::kExactPrefix, exact_at);
        return out;
      }
      QueryToken t{K::word, std::move(wildcard.text), start};
      t.exact = true;
      exact = false;
      out.tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    if (run == "AT_LEAST" && j < q.size() && q[j] == '(') {
      out.tokens.push_back({K::at_least, std::string(run), start});
      i = j;
      continue;
    }

    std::size_t letters = 0;
    while (letters < run.size() && std::isalpha(static_cast<unsigned char>(run[letters]))) ++letters;
    if (letters > 0 && letters < run.size() && run[letters] == ':' &&
        run.substr(letters, 3) != "://") {
      const auto name = run.substr(0, letters);
      if (name.size() == 4 && std::tolower(static_cast<unsigned char>(name[0])) == 'l' &&
          std::tolower(static_cast<unsigned char>(name[1])) == 'a' &&
          std::tolower(static_cast<unsigned char>(name[2])) == 'n' &&
          std::tolower(static_cast<unsigned char>(name[3])) == 'g') {
        const auto tag = run.substr(letters + 1);
        const bool good = !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
        });
        if (!good) {
          out.error = error(msg::kLangValue, start);
          return out;
        }
        std::string lower(tag);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::replace(lower.begin(), lower.end(), '_', '-');
        out.tokens.push_back({K::lang, std::move(lower), start});
        i = j;
        continue;
      }
      const auto field = parse_field(name);
      if (!field) {
        out.error = QueryError{fmt::format(fmt::runtime(msg::kUnknownField), name), start};
        return out;
      }
      QueryToken t{K::field, std::string(name), start};
      t.field = *field;
      out.tokens.push_back(std::move(t));
      i += letters + 1;
      continue;
    }
    if (run == "AND" || run == "OR" || run == "NOT" || run == "EXCEPT") {
      const auto kind = run == "AND" ? K::and_ : run == "OR" ? K::or_ : run == "NOT" ? K::not_ : K::except_;
      out.tokens.push_back({kind, std::string(run), start});
      i = j;
      continue;
    }
    const bool ordered = run == "ONEAR" || run.starts_with("ONEAR/");
    if (ordered || run == "NEAR" || run.starts_with("NEAR/")) {
      const std::size_t slash = ordered ? 5 : 4;
      const auto syntax = ordered ? msg::kOnearSyntax : msg::kNearSyntax;
      if (run.size() < slash + 2 || run[slash] != '/') {
        out.error = error(syntax, start);
        return out;
      }
      const auto digits = run.substr(slash + 1);
      long n = 0;
      for (const char d : digits) {
        if (!std::isdigit(static_cast<unsigned char>(d))) {
          out.error = error(syntax, start);
          return out;
        }
        n = n * 10 + (d - '0');
        if (n > 100000) break;
      }
      if (n < 1 || n > kMaxNearDistance) {
        out.error = QueryError{fmt::format(fmt::runtime(msg::kNearDistance), kMaxNearDistance), start + slash + 1};
        return out;
      }
      QueryToken t{K::near, std::string(run), start};
      t.distance = static_cast<int>(n);
      t.ordered = ordered;
      out.tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    auto wildcard = parse_wildcard(run, false);
    if (wildcard.error) {
      wildcard.error->offset += start;
      out.error = std::move(wildcard.error);
      return out;
    }
    out.tokens.push_back({wildcard.prefix ? K::prefix : K::word, std::move(wildcard.text), start});
    i = j;
  }
  out.tokens.push_back({K::end, "", q.size()});
  return out;
}

Wildcard parse_wildcard(std::string_view text, bool phrase) {
  namespace msg = detail::msg;
  Wildcard out;
  const auto star = text.find('*');
  if (star == std::string_view::npos) {
    out.text = std::string(text);
    return out;
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  const bool after_word = star > 0 && !is_space(text[star - 1]);
  if (star != last || !after_word) {
    out.error = error(phrase ? msg::kWildcardInPhrase : msg::kWildcardPlacement, star);
    return out;
  }
  auto word_start = text.find_last_of(" \t\r\n", star);
  word_start = word_start == std::string_view::npos ? 0 : word_start + 1;
  if (count_code_points(text.substr(word_start, star - word_start)) < 2) {
    out.error = error(msg::kWildcardTooShort, star);
    return out;
  }
  out.text = std::string(text.substr(0, star));
  out.prefix = true;
  return out;
}

}  // namespace newswatch::rules
