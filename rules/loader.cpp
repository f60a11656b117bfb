// SPDX-License-Identifier: MIT
#include "rules/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "rules/compiler.hpp"
#include "rules/detail/collector.hpp"
#include "rules/detail/messages.hpp"
#include "rules/detail/reader.hpp"
#include "rules/detail/rule_set_impl.hpp"
#include "rules/detail/source_map.hpp"
#include "rules/lexer.hpp"

namespace newswatch::rules {
namespace {

namespace msg = detail::msg;
constexpr std::size_t kMaxDiagnosticsPerFile = 50;

// Keeps each file's first kMaxDiagnosticsPerFile problems (after sorting); the first one
// dropped is replaced by a note of how many more there were, at its position.
void cap_per_file(Diagnostics& diagnostics) {
  diagnostics.sort();
  std::map<std::string, std::size_t> total;
  // Whether a file's dropped problems include an error: the note that replaces them is an error
  // only then, so that many warnings (rules without tests) never fail a load.
  std::map<std::string, bool> dropped_error;
  {
    std::map<std::string, std::size_t> count;
    for (const auto& d : diagnostics.items) {
      ++total[d.path];
      if (++count[d.path] > kMaxDiagnosticsPerFile && d.level == Diagnostic::Level::error) {
        dropped_error[d.path] = true;
      }
    }
  }
  std::map<std::string, std::size_t> seen;
  std::vector<Diagnostic> kept;
  for (auto& d : diagnostics.items) {
    const auto n = ++seen[d.path];
    if (n <= kMaxDiagnosticsPerFile) {
      kept.push_back(std::move(d));
    } else if (n == kMaxDiagnosticsPerFile + 1) {
      d.level = dropped_error[d.path] ? Diagnostic::Level::error : Diagnostic::Level::warning;
      d.message = fmt::format(fmt::runtime(msg::kTooManyErrors), total[d.path] - kMaxDiagnosticsPerFile);
      d.context.clear();
      kept.push_back(std::move(d));
    }
  }
  diagnostics.items = std::move(kept);
}

}  // namespace

LoadResult load_rule_sources(const std::vector<SourceFile>& sources) {
  LoadResult result;
  auto& diagnostics = result.diagnostics;

  // Stage 1: read every file.
  detail::Specs specs;
  for (std::size_t i = 0; i < sources.size(); ++i) detail::read_rule_file(sources[i], i, specs, diagnostics);

  // Stage 2: collect.
  auto collected = detail::collect(sources, specs, diagnostics);
  auto& terms = collected.terms;
  std::vector<const detail::RuleSpec*> unique_rules;
  for (const auto& spec : specs.rules) {
    if (spec.id && collected.rule_origin.at(spec.id->value) == &spec) unique_rules.push_back(&spec);
  }

  // Stage 3: compile. Every query is compiled even when other stages found errors, so that one
  // run reports every problem (Falco stops here; an analyst fixing a pack wants them all).
  std::set<std::string> used_lists;
  std::vector<detail::CompiledRule> compiled;
  for (const auto& rule : specs.rules) {
    // Duplicates and rules without an id are compiled too, for their query errors.
    const auto* spec = &rule;
    if (!spec->query) continue;
    const bool keep = spec->id && collected.rule_origin.at(spec->id->value) == spec;
    const std::string context = spec->id ? fmt::format("rule '{}'", spec->id->value) : std::string();
    const auto& source = sources[spec->file];
    auto out = compile_query(spec->query->value, collected.lists, terms, collected.macros);
    used_lists.insert(out.used_lists.begin(), out.used_lists.end());
    if (out.error) {
      // The compile stopped at the error; the lists named anywhere in the query still count
      // as used, so a typo does not also make the list look unused.
      for (const auto& token : lex_query(spec->query->value).tokens) {
        if (token.kind == QueryToken::Kind::list) used_lists.insert(token.text);
      }
      const auto pos = detail::map_scalar_offset(source.text, spec->query->pos, spec->query->value, out.error->offset);
      diagnostics.items.push_back(
          detail::diagnostic_at(source, pos, Diagnostic::Level::error, out.error->message, context));
      continue;
    }
    if (keep && spec->valid && spec->enabled) compiled.push_back(detail::CompiledRule{spec->info, std::move(*out.program)});
  }
  // What a used macro names is used too, even where a compile stopped early at an error.
  for (std::vector<std::string> pending(used_lists.begin(), used_lists.end()); !pending.empty();) {
    const auto name = pending.back();
    pending.pop_back();
    for (const auto& ref : collected.macro_refs[name]) {
      if (used_lists.insert(ref).second) pending.push_back(ref);
    }
  }
  for (const auto& [name, spec] : collected.list_origin) {
    if (used_lists.count(name)) continue;
    diagnostics.items.push_back(detail::diagnostic_at(sources[spec->file], spec->name.pos, Diagnostic::Level::warning,
                                                      fmt::format(fmt::runtime(msg::kUnusedList), name),
                                                      fmt::format("list '{}'", name)));
  }

  for (const auto& [name, spec] : collected.macro_origin) {
    if (used_lists.count(name)) continue;
    diagnostics.items.push_back(detail::diagnostic_at(sources[spec->file], spec->name.pos, Diagnostic::Level::warning,
                                                      fmt::format(fmt::runtime(msg::kUnusedMacro), name),
                                                      fmt::format("macro '{}'", name)));
  }

  cap_per_file(diagnostics);

  // Stage 4: freeze.
  for (const auto* spec : unique_rules) {
    result.tests.insert(result.tests.end(), spec->tests.begin(), spec->tests.end());
  }
  if (!diagnostics.has_errors()) {
    result.rule_set = std::make_shared<const RuleSet>(
        std::make_unique<const RuleSet::Impl>(std::move(compiled), std::move(terms)));
  }
  return result;
}

LoadResult load_rule_paths(const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  std::vector<SourceFile> sources;
  Diagnostics problems;
  const auto add_problem = [&](const fs::path& path, std::string message) {
    Diagnostic d;
    d.path = path.string();
    d.message = std::move(message);
    problems.items.push_back(std::move(d));
  };
  const auto read_file = [&](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      add_problem(path, fmt::format(fmt::runtime(msg::kPathUnreadable), std::strerror(errno)));
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back(SourceFile{path.string(), text.str()});
  };

  for (const auto& path : paths) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      add_problem(path, std::string(msg::kPathMissing));
      continue;
    }
    if (!fs::is_directory(status)) {
      read_file(path);
      continue;
    }
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) files.push_back(it->path());
    }
    if (ec) add_problem(path, fmt::format(fmt::runtime(msg::kPathUnreadable), ec.message()));
    std::sort(files.begin(), files.end());
    for (const auto& f : files) read_file(f);
  }

  LoadResult result = load_rule_sources(sources);
  if (!problems.items.empty()) {
    result.diagnostics.items.insert(result.diagnostics.items.end(), problems.items.begin(), problems.items.end());
    result.diagnostics.sort();
    result.rule_set.reset();
  }
  return result;
}

}  // namespace newswatch::rules
