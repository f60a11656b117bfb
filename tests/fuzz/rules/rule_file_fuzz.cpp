// SPDX-License-Identifier: MIT
// Fuzzes the rule-file loader (YAML reading, collecting, compiling, diagnostics with source
// lines and carets), split into two files at the first 0xFF byte so that cross-file
// duplicates and list appends are reached. A loaded set is run on its own test documents.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace newswatch::rules;
  if (size > 16384) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<SourceFile> sources;
  const auto split = input.find('\xff');
  sources.push_back({"a.yaml", std::string(input.substr(0, split))});
  if (split != std::string_view::npos) sources.push_back({"b.yaml", std::string(input.substr(split + 1))});
  const auto loaded = load_rule_sources(sources);
  for (const auto& d : loaded.diagnostics.items) (void)d.format();
  if (loaded.rule_set) {
    for (const auto& test : loaded.tests) {
      (void)loaded.rule_set->match(test.document);
      (void)loaded.rule_set->explain(test.document, test.rule_id);
    }
  }
  return 0;
}
