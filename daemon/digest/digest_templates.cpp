// SPDX-License-Identifier: MIT
#include "daemon/digest/digest_templates.hpp"

#include <kainjow/mustache.hpp>

#include <fstream>
#include <sstream>
#include <system_error>

namespace newswatch::daemon {

DigestTemplates DigestTemplates::defaults() {
  return {std::string(default_digest_template(kDigestSubjectTemplate)),
          std::string(default_digest_template(kDigestTextTemplate)),
          std::string(default_digest_template(kDigestHtmlTemplate))};
}

std::optional<std::string> mustache_error(const std::string& source) {
  const kainjow::mustache::mustache parsed(source);
  if (parsed.is_valid()) return std::nullopt;
  return parsed.error_message();
}

DigestTemplatesLoad load_digest_templates(const std::optional<std::filesystem::path>& directory) {
  DigestTemplatesLoad load{DigestTemplates::defaults(), {}};
  if (!directory) return load;
  std::error_code ec;
  if (!std::filesystem::is_directory(*directory, ec)) {
    load.errors.push_back(directory->string() + ": not a directory of digest templates");
    return load;
  }
  bool found_any = false;
  for (auto [name, target] : {std::pair{kDigestSubjectTemplate, &load.templates.subject},
                              std::pair{kDigestTextTemplate, &load.templates.text},
                              std::pair{kDigestHtmlTemplate, &load.templates.html}}) {
    const auto path = *directory / name;
    if (!std::filesystem::exists(path, ec)) continue;
    found_any = true;
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    if (!file || file.bad()) {
      load.errors.push_back(path.string() + ": cannot be read");
      continue;
    }
    if (auto error = mustache_error(content.str())) {
      load.errors.push_back(path.string() + ": " + *error);
      continue;
    }
    *target = content.str();
  }
  if (!found_any) {
    load.errors.push_back(directory->string() + ": holds none of " + std::string(kDigestHtmlTemplate) + ", " +
                          std::string(kDigestTextTemplate) + ", " + std::string(kDigestSubjectTemplate));
  }
  return load;
}

}  // namespace newswatch::daemon
