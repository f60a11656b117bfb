// SPDX-License-Identifier: MIT
#pragma once
// Files compiled into the binary (daemon/demo/CMakeLists.txt): the rule packs under config/rules/
// and the demo's sample feeds under daemon/demo/feeds/. Paths are relative to the source tree.
// Static and immutable: safe from any thread.

#include <span>
#include <string_view>

namespace newswatch::daemon {

struct EmbeddedFile {
  std::string_view path;  // e.g. "config/rules/japan-china/meeting.yaml"
  std::string_view data;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace newswatch::daemon
