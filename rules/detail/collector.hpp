// SPDX-License-Identifier: MIT
#pragma once
// Stage 2 of loading: the checks that need every file at once. Lists and macros are global to
// one load and share one namespace; rule ids are unique across it. Macros are parsed, checked
// for cycles (the cycle is printed) and compiled on their own, so that an error inside a macro
// points into its definition rather than into every rule that uses it.

#include <map>
#include <string>
#include <vector>

#include "rules/compiler.hpp"
#include "rules/detail/specs.hpp"
#include "rules/diagnostic.hpp"
#include "rules/loader.hpp"

namespace newswatch::rules::detail {

struct Collected {
  ListTable lists;
  MacroTable macros;  // a macro with errors has a null root
  TermTable terms;    // shared with the compile stage
  std::map<std::string, const ListSpec*> list_origin;    // first definition of each name
  std::map<std::string, const MacroSpec*> macro_origin;
  std::map<std::string, const RuleSpec*> rule_origin;
  std::map<std::string, std::vector<std::string>> macro_refs;  // @names each macro mentions
};

// `specs` must outlive the result (it points into them).
Collected collect(const std::vector<SourceFile>& sources, const Specs& specs, Diagnostics& diagnostics);

// "path:line" of a byte position, for "first defined at ...".
std::string where(const SourceFile& source, std::size_t pos);

}  // namespace newswatch::rules::detail
