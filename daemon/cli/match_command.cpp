// SPDX-License-Identifier: MIT
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/diagnostics_output.hpp"
#include "daemon/cli/file_text.hpp"
#include "daemon/service/item_document.hpp"
#include "feeds/parse/feed_parser.hpp"
#include "feeds/time_format.hpp"
#include "rules/loader.hpp"

namespace newswatch::daemon::cli {
namespace {

constexpr const char* kUsage = "usage: newswatch match --rules PATH... FILE... [--explain]\n";

bool is_rule_path(const std::filesystem::path& p) {
  std::error_code ec;
  const auto ext = p.extension().string();
  return std::filesystem::is_directory(p, ec) || ext == ".yaml" || ext == ".yml";
}

nlohmann::json match_json(const feeds::Item& item, const rules::Match& match, bool explain,
                          const rules::RuleSet& rule_set, const rules::Document& document) {
  using nlohmann::json;
  json highlights = json::array();
  for (const auto& h : match.highlights) {
    json one = {{"field", h.field}, {"term", h.term}, {"snippet", h.snippet}};
    if (explain) one["offset"] = h.offset;
    highlights.push_back(std::move(one));
  }
  json out = {
      {"item", {{"id", item.id}, {"title", item.title}, {"link", item.link},
                {"published", item.published ? json(feeds::to_rfc3339(*item.published)) : json(nullptr)}}},
      {"rule", {{"id", match.rule->id}, {"severity", rules::to_string(match.rule->severity)}, {"tags", match.rule->tags}}},
      {"highlights", std::move(highlights)}};
  if (explain) {
    out["rule"]["title"] = match.rule->title;
    out["rule"]["query"] = match.rule->query;
    out["rule"]["source"] = match.rule->source;
    out["explain"] = rule_set.explain(document, match.rule->id);
  }
  return out;
}

}  // namespace

int match_command(const Args& args) {
  std::vector<std::filesystem::path> rule_paths;
  std::vector<std::string> files;
  bool explain = false;
  // `--rules` takes the rule files and directories that follow it; the rest are feed files.
  bool in_rules = false;
  for (const auto& arg : args) {
    if (arg == "--rules") {
      in_rules = true;
    } else if (arg == "--explain") {
      explain = true;
    } else if (arg.starts_with("--")) {
      fmt::print(stderr, "newswatch match: unknown option '{}'\n{}", arg, kUsage);
      return 2;
    } else if (in_rules && is_rule_path(arg)) {
      rule_paths.emplace_back(arg);
    } else {
      in_rules = false;
      files.push_back(arg);
    }
  }
  if (rule_paths.empty() || files.empty()) {
    fmt::print(stderr, "{}", kUsage);
    return 2;
  }
  const auto load = rules::load_rule_paths(rule_paths);
  if (!load.rule_set) {
    print_diagnostics(load.diagnostics, false);
    return 1;
  }
  int status = 0;
  for (const auto& file : files) {
    const auto bytes = read_file_text(file);
    if (!bytes.text) {
      fmt::print(stderr, "newswatch match: {}\n", bytes.error);
      status = 1;
      continue;
    }
    const auto outcome = feeds::parse_feed(*bytes.text);
    if (!outcome.feed) {
      fmt::print(stderr, "newswatch match: {}: {}\n", file, outcome.error);
      status = 1;
      continue;
    }
    for (const auto& warning : outcome.feed->warnings) fmt::print(stderr, "{}: warning: {}\n", file, warning);
    const auto& feed = *outcome.feed;
    for (const auto& item : feed.items) {
      const auto document = to_document(item, feed.title, feed.language);
      for (const auto& match : load.rule_set->match(document))
        fmt::print("{}\n", match_json(item, match, explain, *load.rule_set, document).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  return status;
}

}  // namespace newswatch::daemon::cli
