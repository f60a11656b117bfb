// SPDX-License-Identifier: MIT
#pragma once
// The Mustache templates a digest is rendered with. The defaults (config/templates/) are compiled
// into the binary; a `templates:` directory overrides any of the three files by name and leaves
// the others at their defaults. Variables: docs/digests.md. Load once (at config load or reload)
// and keep the result; values are immutable and safe to share between threads.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::daemon {

inline constexpr std::string_view kDigestSubjectTemplate = "digest-subject.mustache";
inline constexpr std::string_view kDigestTextTemplate = "digest.txt.mustache";
inline constexpr std::string_view kDigestHtmlTemplate = "digest.html.mustache";

struct DigestTemplates {
  std::string subject, text, html;  // Mustache sources

  static DigestTemplates defaults();
};

struct DigestTemplatesLoad {
  DigestTemplates templates;
  // One "path: message" per problem: a missing or unreadable directory, an unreadable file, a
  // template that does not parse. Each broken file keeps its default, so rendering still works.
  std::vector<std::string> errors;
};

// The defaults, overridden by the files found in `directory` (none when it is nullopt).
DigestTemplatesLoad load_digest_templates(const std::optional<std::filesystem::path>& directory);

// Whether `source` parses as Mustache; the parser's message otherwise.
std::optional<std::string> mustache_error(const std::string& source);

// The compiled-in file `name` (one of the k*Template names); empty for any other name.
std::string_view default_digest_template(std::string_view name);

}  // namespace newswatch::daemon
