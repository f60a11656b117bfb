// SPDX-License-Identifier: MIT
#include <cstdio>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/file_text.hpp"
#include "feeds/opml.hpp"

namespace newswatch::daemon::cli {
namespace {

// A YAML double-quoted scalar: safe for any title a feed reader exported.
std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + '"';
}

}  // namespace

int import_opml_command(const Args& args) {
  if (args.size() != 1) {
    fmt::print(stderr, "usage: newswatch import-opml FILE   (prints `feeds:` entries for the config)\n");
    return 2;
  }
  const auto bytes = read_file_text(args[0]);
  if (!bytes.text) {
    fmt::print(stderr, "newswatch import-opml: {}\n", bytes.error);
    return 1;
  }
  const auto list = feeds::parse_opml(*bytes.text);
  if (!list.error.empty()) {
    fmt::print(stderr, "newswatch import-opml: {}: {}\n", args[0], list.error);
    return 1;
  }
  for (const auto& warning : list.warnings) fmt::print(stderr, "{}: warning: {}\n", args[0], warning);
  fmt::print("# {} feed(s) from {}\nfeeds:\n", list.feeds.size(), args[0]);
  for (const auto& feed : list.feeds) {
    std::string folders;
    for (const auto& folder : feed.folders) folders += (folders.empty() ? "" : " / ") + folder;
    fmt::print("  - {{ url: {}, name: {}, interval: 5m }}{}\n", yaml_quoted(feed.url), yaml_quoted(feed.title),
               folders.empty() ? "" : "   # " + folders);
  }
  return 0;
}

}  // namespace newswatch::daemon::cli
