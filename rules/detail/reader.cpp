// SPDX-License-Identifier: MIT
#include "rules/detail/reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>

#include "rules/detail/messages.hpp"
#include "rules/detail/source_map.hpp"
#include "rules/detail/suggest.hpp"

namespace newswatch::rules::detail {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys = {"lists", "macros", "rules"};
constexpr std::array<std::string_view, 10> kRuleKeys = {"id",   "title", "description", "query",   "severity",
                                                        "tags", "tone",  "enabled",     "override", "tests"};
constexpr std::array<std::string_view, 8> kTestKeys = {"expect", "title", "summary",  "content",
                                                       "link",   "feed",  "language", "tags"};

std::size_t pos_of(const YAML::Node& node) {
  const auto m = node.Mark();
  return m.pos < 0 ? 0 : static_cast<std::size_t>(m.pos);
}

class Reader {
 public:
  Reader(const SourceFile& source, std::size_t file_index, Specs& specs, Diagnostics& diagnostics)
      : source_(source), file_(file_index), specs_(specs), diagnostics_(diagnostics) {}

  void read() {
    YAML::Node root;
    try {
      root = YAML::Load(source_.text);
    } catch (const YAML::ParserException& e) {
      const std::size_t pos = e.mark.pos < 0 ? 0 : static_cast<std::size_t>(e.mark.pos);
      error(pos, fmt::format(fmt::runtime(msg::kYamlSyntax), e.msg));
      return;
    } catch (const YAML::Exception& e) {
      error(0, fmt::format(fmt::runtime(msg::kYamlSyntax), e.msg));
      return;
    }
    if (root.IsNull()) return;  // an empty file is an empty rule file
    if (!root.IsMap()) {
      error(pos_of(root), std::string(msg::kTopNotMapping));
      return;
    }
    for (const auto& kv : root) {
      const auto key = kv.first.as<std::string>("");
      if (key == "lists") {
        read_lists(kv.second);
      } else if (key == "macros") {
        read_macros(kv.second);
      } else if (key == "rules") {
        read_rules(kv.second);
      } else {
        unknown_key(kv.first, key, kTopKeys, {});
      }
    }
  }

 private:
  void add(std::size_t pos, Diagnostic::Level level, std::string message, std::string context) {
    diagnostics_.items.push_back(diagnostic_at(source_, pos, level, std::move(message), std::move(context)));
  }
  void error(std::size_t pos, std::string message, std::string context = {}) {
    add(pos, Diagnostic::Level::error, std::move(message), std::move(context));
  }

  template <std::size_t N>
  void unknown_key(const YAML::Node& key_node, const std::string& key, const std::array<std::string_view, N>& known,
                   std::string context) {
    const auto hint = closest(key, std::vector<std::string_view>(known.begin(), known.end()));
    add(pos_of(key_node), Diagnostic::Level::warning,
        hint ? fmt::format(fmt::runtime(msg::kUnknownKeySuggest), key, *hint)
             : fmt::format(fmt::runtime(msg::kUnknownKey), key),
        std::move(context));
  }

  // A scalar as a string, or an error naming the key.
  std::optional<std::string> scalar(const YAML::Node& node, std::string_view key, const std::string& context) {
    if (!node.IsScalar()) {
      error(pos_of(node), fmt::format(fmt::runtime(msg::kNotScalar), key), context);
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<std::vector<std::string>> strings(const YAML::Node& node, std::string_view key,
                                                  const std::string& context) {
    if (node.IsNull()) return std::vector<std::string>{};
    if (!node.IsSequence()) {
      error(pos_of(node), fmt::format(fmt::runtime(msg::kNotStringSequence), key), context);
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        error(pos_of(item), fmt::format(fmt::runtime(msg::kNotStringSequence), key), context);
        return std::nullopt;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  void read_lists(const YAML::Node& lists) {
    if (lists.IsNull()) return;
    if (!lists.IsMap()) {
      error(pos_of(lists), std::string(msg::kListsNotMapping));
      return;
    }
    for (const auto& kv : lists) {
      ListSpec spec;
      spec.file = file_;
      spec.name = Located{kv.first.as<std::string>(""), pos_of(kv.first)};
      const auto& name = spec.name.value;
      const std::string context = fmt::format("list '{}'", name);
      const bool good = good_name(name);
      if (!good) error(spec.name.pos, fmt::format(fmt::runtime(msg::kListBadName), name), context);
      auto items = kv.second;
      if (items.IsMap()) {
        // {append: [...]}: more terms for a list defined earlier in the load.
        if (items.size() != 1 || !items["append"]) {
          error(pos_of(items), fmt::format(fmt::runtime(msg::kListAppendShape), name), context);
          continue;
        }
        spec.append = true;
        items = items["append"];
      }
      if (!items.IsSequence()) {
        error(pos_of(items), fmt::format(fmt::runtime(msg::kListNotSequence), name), context);
      } else {
        for (const auto& item : items) {
          if (!item.IsScalar()) {
            error(pos_of(item), fmt::format(fmt::runtime(msg::kListTermNotString), name), context);
            continue;
          }
          spec.items.push_back(Located{item.Scalar(), pos_of(item)});
        }
      }
      // Keep even a broken list, so that its uses do not also report it unknown.
      if (good) specs_.lists.push_back(std::move(spec));
    }
  }

  static bool good_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
  }

  void read_macros(const YAML::Node& macros) {
    if (macros.IsNull()) return;
    if (!macros.IsMap()) {
      error(pos_of(macros), std::string(msg::kMacrosNotMapping));
      return;
    }
    for (const auto& kv : macros) {
      MacroSpec spec;
      spec.file = file_;
      spec.name = Located{kv.first.as<std::string>(""), pos_of(kv.first)};
      const auto& name = spec.name.value;
      const std::string context = fmt::format("macro '{}'", name);
      if (!good_name(name)) {
        error(spec.name.pos, fmt::format(fmt::runtime(msg::kMacroBadName), name), context);
        continue;
      }
      if (!kv.second.IsScalar()) {
        error(pos_of(kv.second), fmt::format(fmt::runtime(msg::kMacroNotString), name), context);
        continue;
      }
      spec.query = Located{kv.second.Scalar(), pos_of(kv.second)};
      specs_.macros.push_back(std::move(spec));
    }
  }

  void read_rules(const YAML::Node& rules) {
    if (rules.IsNull()) return;
    if (!rules.IsSequence()) {
      error(pos_of(rules), std::string(msg::kRulesNotSequence));
      return;
    }
    for (const auto& node : rules) read_rule(node);
  }

  void read_rule(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(pos_of(node), std::string(msg::kRuleNotMapping));
      return;
    }
    RuleSpec spec;
    spec.file = file_;
    spec.pos = pos_of(node);
    spec.info.source = fmt::format("{}:{}", source_.path, locate(source_.text, spec.pos).line);
    const std::size_t errors_before = diagnostics_.error_count();

    // The id first, so that every other problem can name the rule.
    std::string context;
    if (const auto id = node["id"]) {
      if (auto value = scalar(id, "id", {})) {
        if (value->empty()) {
          error(pos_of(id), std::string(msg::kEmptyId));
        } else {
          spec.id = Located{*value, pos_of(id)};
          spec.info.id = *value;
          context = fmt::format("rule '{}'", *value);
        }
      }
    } else {
      error(spec.pos, std::string(msg::kMissingId));
    }

    YAML::Node tests;
    for (const auto& kv : node) {
      const auto key = kv.first.as<std::string>("");
      const auto& value = kv.second;
      if (key == "id") {
        continue;
      } else if (key == "title") {
        if (auto s = scalar(value, key, context)) spec.info.title = *s;
      } else if (key == "description") {
        if (auto s = scalar(value, key, context)) spec.info.description = *s;
      } else if (key == "query") {
        if (auto s = scalar(value, key, context)) {
          spec.query = Located{*s, pos_of(value)};
          spec.info.query = *s;
        }
      } else if (key == "severity") {
        if (auto s = scalar(value, key, context)) {
          if (const auto severity = parse_severity(*s)) {
            spec.info.severity = *severity;
          } else {
            static constexpr std::array<std::string_view, 5> kNames = {"info", "low", "medium", "high",
                                                                       "critical"};
            const auto hint = closest(*s, std::vector<std::string_view>(kNames.begin(), kNames.end()));
            error(pos_of(value),
                  hint ? fmt::format(fmt::runtime(msg::kBadSeveritySuggest), *s, *hint)
                       : fmt::format(fmt::runtime(msg::kBadSeverity), *s),
                  context);
          }
        }
      } else if (key == "tags") {
        if (auto s = strings(value, key, context)) spec.info.tags = std::move(*s);
      } else if (key == "tone") {
        double tone = 0;
        if (!value.IsScalar() || !YAML::convert<double>::decode(value, tone) || tone < -10 || tone > 10) {
          error(pos_of(value), std::string(msg::kBadTone), context);
        } else {
          spec.info.tone = tone;
        }
      } else if (key == "enabled") {
        bool enabled = true;
        if (!value.IsScalar() || !YAML::convert<bool>::decode(value, enabled)) {
          error(pos_of(value), fmt::format(fmt::runtime(msg::kBadBool), key), context);
        } else {
          spec.enabled = enabled;
        }
      } else if (key == "override") {
        bool override_ = false;
        if (!value.IsScalar() || !YAML::convert<bool>::decode(value, override_)) {
          error(pos_of(value), fmt::format(fmt::runtime(msg::kBadBool), key), context);
        } else {
          spec.override_ = override_;
        }
      } else if (key == "tests") {
        tests = value;
      } else {
        unknown_key(kv.first, key, kRuleKeys, context);
      }
    }
    if (!spec.query) {
      if (!node["query"]) error(spec.pos, std::string(msg::kMissingQuery), context);
    }
    if (spec.info.title.empty()) spec.info.title = spec.info.id;
    if (tests) read_tests(tests, spec, context);
    spec.valid = diagnostics_.error_count() == errors_before && spec.id && spec.query;
    specs_.rules.push_back(std::move(spec));
  }

  void read_tests(const YAML::Node& tests, RuleSpec& spec, const std::string& context) {
    if (tests.IsNull()) return;
    if (!tests.IsSequence()) {
      error(pos_of(tests), std::string(msg::kTestsNotSequence), context);
      return;
    }
    spec.has_tests = tests.size() > 0;
    for (const auto& node : tests) {
      if (!node.IsMap()) {
        error(pos_of(node), std::string(msg::kTestNotMapping), context);
        continue;
      }
      RuleTestCase c;
      c.rule_id = spec.info.id;
      c.source = fmt::format("{}:{}", source_.path, locate(source_.text, pos_of(node)).line);
      for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>("");
        const auto& value = kv.second;
        auto& d = c.document;
        std::string* field = key == "title"      ? &d.title
                             : key == "summary"  ? &d.summary
                             : key == "content"  ? &d.content
                             : key == "link"     ? &d.link
                             : key == "feed"     ? &d.feed
                             : key == "language" ? &d.language
                                                 : nullptr;
        if (field) {
          if (auto s = scalar(value, key, context)) *field = *s;
        } else if (key == "expect") {
          const auto s = value.IsScalar() ? value.Scalar() : std::string();
          if (s == "match") {
            c.expect_match = true;
          } else if (s == "no-match" || s == "no_match" || s == "nomatch") {
            c.expect_match = false;
          } else {
            error(pos_of(value), std::string(msg::kBadExpect), context);
          }
        } else if (key == "tags") {
          if (auto s = strings(value, key, context)) c.expect_tags = std::move(*s);
        } else {
          unknown_key(kv.first, key, kTestKeys, context);
        }
      }
      c.document.id = c.source;
      spec.tests.push_back(std::move(c));
    }
  }

  const SourceFile& source_;
  std::size_t file_;
  Specs& specs_;
  Diagnostics& diagnostics_;
};

}  // namespace

Diagnostic diagnostic_at(const SourceFile& source, std::size_t pos, Diagnostic::Level level, std::string message,
                         std::string context) {
  const auto where = locate(source.text, pos);
  Diagnostic d;
  d.level = level;
  d.path = source.path;
  d.line = where.line;
  d.column = where.column;
  d.message = std::move(message);
  d.source_line = where.source_line;
  d.context = std::move(context);
  return d;
}

void read_rule_file(const SourceFile& source, std::size_t file_index, Specs& specs, Diagnostics& diagnostics) {
  Reader(source, file_index, specs, diagnostics).read();
}

}  // namespace newswatch::rules::detail
