// SPDX-License-Identifier: MIT
#include <cstdio>

#include <fmt/format.h>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/feed_json.hpp"
#include "daemon/cli/file_text.hpp"
#include "feeds/parse/feed_parser.hpp"

namespace newswatch::daemon::cli {

int parse_command(const Args& args) {
  std::string file;
  feeds::ParseOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if ((arg == "--base-url" || arg == "--content-type") && i + 1 < args.size()) {
      (arg == "--base-url" ? options.base_url : options.content_type) = args[++i];
    } else if (arg.starts_with("--") || !file.empty()) {
      fmt::print(stderr, "newswatch parse: unexpected argument '{}'\n"
                         "usage: newswatch parse FILE [--base-url URL] [--content-type \"type; charset=X\"]\n", arg);
      return 2;
    } else {
      file = arg;
    }
  }
  if (file.empty()) {
    fmt::print(stderr, "usage: newswatch parse FILE [--base-url URL] [--content-type \"type; charset=X\"]\n");
    return 2;
  }
  const auto bytes = read_file_text(file);
  if (!bytes.text) {
    fmt::print(stderr, "newswatch parse: {}\n", bytes.error);
    return 1;
  }
  const auto outcome = feeds::parse_feed(*bytes.text, options);
  if (!outcome.feed) {
    fmt::print(stderr, "newswatch parse: {}: {}\n", file, outcome.error);
    return 1;
  }
  fmt::print("{}\n", feed_to_json(*outcome.feed));
  return 0;
}

}  // namespace newswatch::daemon::cli
