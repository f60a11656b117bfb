// SPDX-License-Identifier: MIT
// newswatch digest --config FILE --preview [--html FILE]
// newswatch digest --demo --preview [--html FILE]
//
// Renders what the next digest of each digest route holds so far (the period up to now) from
// the stories in the state dir, without sending anything. --demo groups the embedded sample
// feeds into stories in memory and renders them as one digest. The subject and the plain-text
// part go to stdout; --html writes the HTML part (one file per route: FILE, FILE.2.html, ...).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/diagnostics_output.hpp"
#include "daemon/config/config.hpp"
#include "daemon/demo/demo.hpp"
#include "daemon/digest/digest_render.hpp"
#include "daemon/digest/digest_schedule.hpp"
#include "daemon/digest/digest_templates.hpp"
#include "daemon/digest/story_digest.hpp"
#include "daemon/service/alert_builder.hpp"
#include "daemon/service/item_document.hpp"
#include "daemon/stories/story_terms.hpp"
#include "daemon/store/sqlite_store.hpp"
#include "feeds/parse/feed_parser.hpp"
#include "rules/loader.hpp"

namespace newswatch::daemon::cli {
namespace {

constexpr const char* kUsage =
    "usage: newswatch digest --config FILE --preview [--html FILE]\n"
    "       newswatch digest --demo --preview [--html FILE]\n";

std::chrono::sys_seconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

void show(const RenderedDigest& rendered, const std::optional<std::filesystem::path>& html, std::size_t index) {
  fmt::print("Subject: {}\n\n{}", rendered.subject, rendered.text);
  if (!html) return;
  auto path = *html;
  if (index > 0) path += fmt::format(".{}.html", index + 1);
  std::ofstream out(path, std::ios::binary);
  out << rendered.html;
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
  fmt::print(stderr, "newswatch digest: HTML written to {}\n", path.string());
}

// The demo's feeds grouped into stories, as the daemon would after publishing every item.
std::vector<Story> demo_stories() {
  auto rules = rules::load_rule_sources(embedded_rule_sources());
  if (!rules.rule_set) {
    print_diagnostics(rules.diagnostics, false);
    throw std::runtime_error("the embedded rules do not load");
  }
  StoryGrouper grouper;
  const Router no_routes({});
  for (const auto& demo : embedded_demo_feeds()) {
    std::string xml = demo.head;
    for (const auto& item : demo.items) xml += item;
    xml += demo.tail;
    const auto parsed = feeds::parse_feed(xml);
    if (!parsed.feed) continue;
    const auto& feed = *parsed.feed;
    std::vector<ItemMatches> matched;
    for (std::size_t i = 0; i < feed.items.size(); ++i) {
      const auto& item = feed.items[i];
      matched.push_back({i, rules.rule_set->match(to_document(item, demo.title, feed.language)),
                         story_terms({item.title, item.summary, item.content})});
      grouper.statistics().add(matched.back().terms);
    }
    auto built = build_alerts(feed, matched, {demo.name, demo.title}, no_routes, grouper, {}, {}, now_seconds());
    grouper.apply(std::move(built.stories));
  }
  std::vector<Story> out;
  for (const auto& [id, story] : grouper.active()) out.push_back(story);
  return out;
}

int preview_demo(const std::optional<std::filesystem::path>& html) {
  const auto stories = demo_stories();
  if (stories.empty()) throw std::runtime_error("the demo feeds made no stories");
  RouteConfig route;
  route.title = "newswatch demo digest";
  // One period around all the sample items (they carry dates of the past two years).
  DigestPeriod period{stories.front().first_seen, stories.front().last_seen};
  for (const auto& s : stories) {
    period.start = std::min(period.start, s.first_seen - std::chrono::seconds(1));
    period.end = std::max(period.end, s.last_seen);
  }
  const auto input = make_digest_input(route, "Asia/Tokyo", period, {period.start, period.start}, stories);
  show(render_digest(input), html, 0);
  return 0;
}

int preview_config(const std::filesystem::path& file, const std::optional<std::filesystem::path>& html) {
  const auto load = load_config(file);
  for (const auto& w : load.warnings) fmt::print(stderr, "{}\n", w);
  for (const auto& e : load.errors) fmt::print(stderr, "{}\n", e);
  if (!load.config) return 1;
  const auto& config = *load.config;
  const auto templates = load_digest_templates(config.templates).templates;
  // Read the daemon's stories without creating a state dir that is not there.
  std::vector<Story> stories;
  const auto db = config.state_dir / "state.db";
  if (std::filesystem::exists(db)) {
    SqliteStore store(db);
    stories = store.stories_since(now_seconds() - std::chrono::days(60));
  } else {
    fmt::print(stderr, "newswatch digest: no state in {} yet; the digest is empty\n", config.state_dir.string());
  }
  std::size_t shown = 0;
  for (const auto& route : config.routes) {
    if (route.mode != "digest") continue;
    const auto schedule = *DigestSchedule::parse(route.schedule).schedule;  // checked by the loader
    const auto period = schedule.period_ending(now_seconds());
    const auto previous = schedule.period_ending(period.start);
    if (shown > 0) fmt::print("\n");
    fmt::print("--- digest route {} ({}, to {})\n", shown + 1, schedule.describe(), fmt::join(route.receivers, ", "));
    show(render_digest(make_digest_input(route, schedule.zone().name(), period, previous, stories), templates), html,
         shown);
    ++shown;
  }
  if (shown == 0) {
    fmt::print(stderr, "newswatch digest: {} has no route with mode: digest\n", file.string());
    return 1;
  }
  return 0;
}

}  // namespace

int digest_command(const Args& args) {
  std::filesystem::path config_file;
  std::optional<std::filesystem::path> html;
  bool demo = false, preview = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_file = args[++i];
    else if (args[i] == "--html" && i + 1 < args.size()) html = args[++i];
    else if (args[i] == "--demo") demo = true;
    else if (args[i] == "--preview") preview = true;
    else {
      fmt::print(stderr, "newswatch digest: unexpected argument '{}'\n{}", args[i], kUsage);
      return 2;
    }
  }
  if (!preview || demo == !config_file.empty()) {
    fmt::print(stderr, "{}  (digests are sent by the daemon; this command only previews them)\n", kUsage);
    return 2;
  }
  return demo ? preview_demo(html) : preview_config(config_file, html);
}

}  // namespace newswatch::daemon::cli
