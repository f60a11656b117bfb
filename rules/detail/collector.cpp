// SPDX-License-Identifier: MIT
#include "rules/detail/collector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>

#include "rules/detail/messages.hpp"
#include "rules/detail/reader.hpp"
#include "rules/detail/source_map.hpp"
#include "rules/parser.hpp"

namespace newswatch::rules::detail {
namespace {

ListTable collect_lists(const std::vector<SourceFile>& sources, const Specs& specs,
                        std::map<std::string, const ListSpec*>& origin, Diagnostics& diagnostics) {
  ListTable lists;
  for (const auto& spec : specs.lists) {
    const auto& source = sources[spec.file];
    const std::string context = fmt::format("list '{}'", spec.name.value);
    const auto it = origin.find(spec.name.value);
    if (it != origin.end() && !spec.append) {
      diagnostics.items.push_back(diagnostic_at(
          source, spec.name.pos, Diagnostic::Level::error,
          fmt::format(fmt::runtime(msg::kDuplicateList), spec.name.value,
                      where(sources[it->second->file], it->second->name.pos), spec.name.value),
          context));
      continue;
    }
    if (it == origin.end() && spec.append) {
      diagnostics.items.push_back(diagnostic_at(source, spec.name.pos, Diagnostic::Level::error,
                                                fmt::format(fmt::runtime(msg::kListAppendNothing), spec.name.value),
                                                context));
      continue;
    }
    if (!spec.append) origin.emplace(spec.name.value, &spec);
    ListDef def;
    def.name = spec.name.value;
    for (const auto& item : spec.items) {
      if (item.value.find_first_not_of(" \t") == std::string::npos) {
        diagnostics.items.push_back(diagnostic_at(source, item.pos, Diagnostic::Level::error,
                                                          fmt::format(fmt::runtime(msg::kListTermEmpty), def.name),
                                                          context));
        continue;
      }
      auto parsed = parse_list_term(item.value);
      if (!parsed.term) {
        diagnostics.items.push_back(diagnostic_at(
            source, item.pos, Diagnostic::Level::error,
            fmt::format(fmt::runtime(msg::kListTermBad), def.name, item.value, parsed.error), context));
        continue;
      }
      def.terms.push_back(ListTerm{std::move(parsed.written), std::move(*parsed.term), std::move(parsed.except)});
    }
    if (spec.append) {
      // Files load in name order, so the list being extended is already in the table.
      if (const auto target = lists.find(def.name); target != lists.end()) {
        auto& terms = target->second.terms;
        terms.insert(terms.end(), std::make_move_iterator(def.terms.begin()), std::make_move_iterator(def.terms.end()));
      }
      continue;
    }
    lists.emplace(def.name, std::move(def));
  }
  return lists;
}

void list_refs(const ast::Node& n, std::vector<const ast::Node*>& out) {
  if (n.kind == ast::Kind::list) out.push_back(&n);
  for (const auto& c : n.children) list_refs(*c, out);
}

// Stage 2 for macros: names (shared with lists), parse, cycles. Then each macro is compiled on
// its own so that its errors point into its own definition.
MacroTable collect_macros(const std::vector<SourceFile>& sources, const Specs& specs,
                          const std::map<std::string, const ListSpec*>& lists_origin, const ListTable& lists,
                          TermTable& terms, std::map<std::string, const MacroSpec*>& origin,
                          std::map<std::string, std::vector<std::string>>& refs_of, Diagnostics& diagnostics) {
  const auto report = [&](const MacroSpec& spec, std::size_t pos, std::string message) {
    diagnostics.items.push_back(diagnostic_at(sources[spec.file], pos, Diagnostic::Level::error,
                                                      std::move(message), fmt::format("macro '{}'", spec.name.value)));
  };
  const auto query_pos = [&](const MacroSpec& spec, std::size_t offset) {
    return map_scalar_offset(sources[spec.file].text, spec.query.pos, spec.query.value, offset);
  };

  std::map<std::string, std::shared_ptr<const ast::Node>, std::less<>> roots;
  for (const auto& spec : specs.macros) {
    const auto& name = spec.name.value;
    if (const auto list = lists_origin.find(name); list != lists_origin.end()) {
      report(spec, spec.name.pos,
             fmt::format(fmt::runtime(msg::kDuplicateName), name, "list",
                         where(sources[list->second->file], list->second->name.pos)));
      continue;
    }
    if (const auto it = origin.find(name); it != origin.end()) {
      report(spec, spec.name.pos,
             fmt::format(fmt::runtime(msg::kDuplicateMacro), name, where(sources[it->second->file], it->second->name.pos)));
      continue;
    }
    origin.emplace(name, &spec);
    auto parsed = parse_query(spec.query.value);
    if (parsed.error) report(spec, query_pos(spec, parsed.error->offset), parsed.error->message);
    if (parsed.root) {
      std::vector<const ast::Node*> refs;
      list_refs(*parsed.root, refs);
      for (const auto* ref : refs) refs_of[name].push_back(ref->text);
    }
    roots.emplace(name, std::shared_ptr<const ast::Node>(std::move(parsed.root)));
  }

  // Cycles: depth-first over macro → macro references; each cycle is reported once, at the
  // definition of the macro where the walk first entered it.
  enum class Mark { fresh, active, done };
  std::map<std::string, Mark, std::less<>> marks;
  std::vector<std::string> stack;
  std::set<std::string> in_cycle;
  const auto visit = [&](const auto& self, const std::string& name) -> void {
    marks[name] = Mark::active;
    stack.push_back(name);
    std::vector<const ast::Node*> refs;
    if (const auto& root = roots[name]) list_refs(*root, refs);
    for (const auto* ref : refs) {
      if (!roots.count(ref->text)) continue;  // a list, or unknown: compile reports it
      const auto mark = marks[ref->text];
      if (mark == Mark::active) {
        const auto from = std::find(stack.begin(), stack.end(), ref->text);
        std::string path;
        for (auto it = from; it != stack.end(); ++it) {
          path += *it + " → ";
          in_cycle.insert(*it);
        }
        path += ref->text;
        const auto& spec = *origin.at(ref->text);
        report(spec, spec.name.pos, fmt::format(fmt::runtime(msg::kMacroCycle), path));
      } else if (mark == Mark::fresh) {
        self(self, ref->text);
      }
    }
    stack.pop_back();
    marks[name] = Mark::done;
  };
  for (const auto& [name, root] : roots) {
    if (marks[name] == Mark::fresh) visit(visit, name);
  }

  MacroTable table;
  for (const auto& [name, root] : roots) table[name] = MacroDef{name, in_cycle.count(name) ? nullptr : root};
  std::set<std::string> failed;
  for (const auto& [name, def] : table) {
    if (!def.root) continue;
    const auto out = compile_ast(*def.root, lists, terms, table, true);
    if (out.error) {
      const auto& spec = *origin.at(name);
      report(spec, query_pos(spec, out.error->offset), out.error->message);
      failed.insert(name);
    }
  }
  for (const auto& name : failed) table[name].root = nullptr;
  return table;
}

void collect_rules(const std::vector<SourceFile>& sources, const Specs& specs,
                   std::map<std::string, const RuleSpec*>& origin, Diagnostics& diagnostics) {
  for (const auto& spec : specs.rules) {
    if (!spec.id) continue;
    const auto& source = sources[spec.file];
    const std::string context = fmt::format("rule '{}'", spec.id->value);
    const auto it = origin.find(spec.id->value);
    if (it != origin.end() && !spec.override_) {
      diagnostics.items.push_back(diagnostic_at(source, spec.id->pos, Diagnostic::Level::error,
                                                fmt::format(fmt::runtime(msg::kDuplicateRule), spec.id->value,
                                                            where(sources[it->second->file], it->second->id->pos)),
                                                context));
      continue;
    }
    if (it == origin.end() && spec.override_) {
      diagnostics.items.push_back(diagnostic_at(source, spec.id->pos, Diagnostic::Level::error,
                                                fmt::format(fmt::runtime(msg::kOverrideNothing), spec.id->value),
                                                context));
    }
    // The loader keeps the rule whose spec is its id's origin: an override replaces the
    // earlier rule, and takes its own place in load order.
    origin[spec.id->value] = &spec;
    if (!spec.has_tests) {
      diagnostics.items.push_back(
          diagnostic_at(source, spec.id->pos, Diagnostic::Level::warning, std::string(msg::kNoTests), context));
    }
  }
}

}  // namespace

std::string where(const SourceFile& source, std::size_t pos) {
  return fmt::format("{}:{}", source.path, locate(source.text, pos).line);
}

Collected collect(const std::vector<SourceFile>& sources, const Specs& specs, Diagnostics& diagnostics) {
  Collected c;
  c.lists = collect_lists(sources, specs, c.list_origin, diagnostics);
  c.macros = collect_macros(sources, specs, c.list_origin, c.lists, c.terms, c.macro_origin, c.macro_refs, diagnostics);
  collect_rules(sources, specs, c.rule_origin, diagnostics);
  return c;
}

}  // namespace newswatch::rules::detail
