// SPDX-License-Identifier: MIT
// Fuzzes the query lexer, parser and compiler, then matches the compiled query against a
// document made from the same bytes: nothing may crash, hang or read out of bounds, and an
// error must carry an offset inside the query.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/compiler.hpp"
#include "rules/loader.hpp"
#include "rules/parser.hpp"

namespace {

using namespace newswatch::rules;

const ListTable& lists() {
  static const ListTable table = [] {
    ListTable t;
    ListDef japan{"japan", {}};
    for (const char* item : {"Japan", "日本", "\"Prime Minister\"", "Senkaku*", "日本 EXCEPT 日本海"}) {
      if (auto parsed = parse_list_term(item); parsed.term) {
        japan.terms.push_back({parsed.written, *parsed.term, parsed.except});
      }
    }
    t.emplace("japan", std::move(japan));
    return t;
  }();
  return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_query(query);
  if (parsed.error && parsed.error->offset > query.size()) std::abort();
  TermTable terms;
  const auto compiled = compile_query(query, lists(), terms);
  if (compiled.error && compiled.error->offset > query.size()) std::abort();
  if (!compiled.error) {
    // Through the loader as well, so the RuleSet's index and matcher see the query.
    std::string yaml = "lists:\n  japan: [Japan, 日本]\nrules:\n  - id: r\n    query: |\n      ";
    for (const char c : query) {
      yaml += c;
      if (c == '\n') yaml += "      ";
    }
    yaml += "\n";
    const auto loaded = load_rule_sources({{"fuzz.yaml", yaml}});
    if (loaded.rule_set) {
      Document d;
      d.title = std::string(query);
      d.summary = "Japan and China hold talks; 日本と中国が会談";
      d.language = "ja";
      (void)loaded.rule_set->match(d);
      (void)loaded.rule_set->explain(d, "r");
    }
  }
  return 0;
}
