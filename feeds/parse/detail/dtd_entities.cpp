// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/dtd_entities.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace newswatch::feeds::detail {
namespace {

constexpr std::size_t kMaxEntities = 64;
constexpr std::size_t kExtraBytes = 64 * 1024;

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

struct Entity {
  std::string_view name;
  std::string_view value;
};

// The <!DOCTYPE's internal subset [begin, end) and the offset just past the whole declaration,
// or {0, 0, 0} when the prolog has no DOCTYPE with an internal subset.
struct Subset {
  std::size_t begin = 0, end = 0, after = 0;
};

Subset find_subset(std::string_view s) {
  std::size_t i = 0;
  if (s.starts_with("\xEF\xBB\xBF")) i = 3;
  for (;;) {
    i = skip_spaces(s, i);
    if (s.compare(i, 2, "<?") == 0) {
      const auto end = s.find("?>", i + 2);
      if (end == std::string_view::npos) return {};
      i = end + 2;
    } else if (s.compare(i, 4, "<!--") == 0) {
      const auto end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return {};
      i = end + 3;
    } else {
      break;
    }
  }
  if (s.compare(i, 9, "<!DOCTYPE") != 0) return {};
  // The internal subset opens with the first '[' before the declaration's '>' (quoted system and
  // public identifiers hold neither).
  std::size_t k = i + 9;
  char quote = 0;
  for (; k < s.size(); ++k) {
    const char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      break;
    } else if (c == '>') {
      return {};
    }
  }
  if (k >= s.size()) return {};
  Subset subset;
  subset.begin = k + 1;
  // It ends at the first ']' outside a quoted literal or a comment.
  quote = 0;
  for (k = subset.begin; k < s.size(); ++k) {
    const char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (s.compare(k, 4, "<!--") == 0) {
      const auto end = s.find("-->", k + 4);
      if (end == std::string_view::npos) return {};
      k = end + 2;
    } else if (c == ']') {
      break;
    }
  }
  if (k >= s.size()) return {};
  subset.end = k;
  const auto close = skip_spaces(s, k + 1);
  if (close >= s.size() || s[close] != '>') return {};
  subset.after = close + 1;
  return subset;
}

std::vector<Entity> read_entities(std::string_view subset) {
  std::vector<Entity> entities;
  for (auto at = subset.find("<!ENTITY");
       at != std::string_view::npos && entities.size() < kMaxEntities;
       at = subset.find("<!ENTITY", at + 8)) {
    std::size_t i = skip_spaces(subset, at + 8);
    if (i == at + 8 || i >= subset.size() || subset[i] == '%') continue;  // a parameter entity
    const std::size_t name_begin = i;
    while (i < subset.size() && is_name_char(subset[i])) ++i;
    const auto name = subset.substr(name_begin, i - name_begin);
    i = skip_spaces(subset, i);
    // No quoted value: an external entity (SYSTEM or PUBLIC).
    if (name.empty() || i >= subset.size() || (subset[i] != '"' && subset[i] != '\'')) continue;
    const auto end = subset.find(subset[i], i + 1);
    if (end == std::string_view::npos) break;
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") continue;
    bool seen = false;  // the first declaration binds (XML 1.0 §4.2)
    for (const auto& e : entities) seen = seen || e.name == name;
    if (!seen) entities.push_back({name, subset.substr(i + 1, end - i - 1)});
  }
  return entities;
}

}  // namespace

std::size_t expand_internal_entities(std::string& utf8) {
  const std::string_view s = utf8;
  const auto subset = find_subset(s);
  if (subset.after == 0) return 0;
  const auto entities = read_entities(s.substr(subset.begin, subset.end - subset.begin));
  if (entities.empty()) return 0;
  std::string out(s.substr(0, subset.after));
  out.reserve(s.size() + 256);
  const std::size_t budget = s.size() * 2 + kExtraBytes;
  std::size_t replaced = 0;
  std::size_t copied = subset.after;
  for (auto amp = s.find('&', subset.after); amp != std::string_view::npos;
       amp = s.find('&', amp + 1)) {
    std::size_t i = amp + 1;
    while (i < s.size() && is_name_char(s[i])) ++i;
    if (i >= s.size() || s[i] != ';' || i == amp + 1) continue;
    const auto name = s.substr(amp + 1, i - amp - 1);
    for (const auto& e : entities) {
      if (e.name != name) continue;
      // The whole result (with the rest of the document as it is) stays within the budget.
      if (out.size() + (amp - copied) + e.value.size() + (s.size() - i - 1) > budget) break;
      out.append(s.substr(copied, amp - copied));
      out.append(e.value);
      copied = i + 1;
      ++replaced;
      break;
    }
  }
  if (replaced == 0) return 0;
  out.append(s.substr(copied));
  utf8 = std::move(out);
  return replaced;
}

}  // namespace newswatch::feeds::detail
