// SPDX-License-Identifier: MIT
#include "rules/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "rules/detail/messages.hpp"

namespace newswatch::rules {
namespace {

namespace fs = std::filesystem;
const std::string kData = NEWSWATCH_TEST_DATA;
const std::string kBad = kData + "/rules/bad";

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Headlines with the data directory cut off, so the expected files hold "NAME.yaml:l:c: ...".
std::vector<std::string> headlines(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics.items) {
    auto h = d.headline();
    for (auto p = h.find(kBad + "/"); p != std::string::npos; p = h.find(kBad + "/")) h.erase(p, kBad.size() + 1);
    out.push_back(h);
  }
  return out;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, DiagnosticsMatchExpectedLines) {
  const auto name = GetParam();
  const auto load = load_rule_paths({kBad + "/" + name + ".yaml"});
  EXPECT_EQ(headlines(load.diagnostics), lines_of(kBad + "/" + name + ".expected"));
  if (load.diagnostics.has_errors()) {
    EXPECT_FALSE(load.rule_set);
  }
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kBad)) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(BadFiles, Golden, ::testing::ValuesIn(golden_names()),
                         [](const auto& param_info) { return param_info.param; });

TEST(Loader, GoldenFilesExistForEveryScalarStyle) {
  const auto names = golden_names();
  for (const auto* n : {"query_plain", "query_single", "query_double", "query_block", "yaml_syntax", "macros"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

TEST(Loader, FormatHasSourceLineCaretAndRule) {
  const auto load = load_rule_paths({kBad + "/query_plain.yaml"});
  ASSERT_FALSE(load.diagnostics.items.empty());
  EXPECT_EQ(load.diagnostics.items[0].format(),
            kBad + "/query_plain.yaml:4:26: error: unbalanced parentheses: '(' is never closed\n"
                   "    query: 日本 AND 中国 AND (会談 OR summit\n"
                   "                         ^\n"
                   "in rule 'plain-cjk'");
}

LoadResult load(std::vector<SourceFile> files) { return load_rule_sources(files); }

TEST(Loader, ListsAreGlobalAcrossFiles) {
  const auto result = load({{"a.yaml", "lists:\n  japan: [Japan, 日本]\n"},
                            {"b.yaml", "rules:\n  - id: r\n    query: '@japan'\n    tests: [{title: Japan}]\n"}});
  EXPECT_TRUE(result.diagnostics.items.empty()) << headlines(result.diagnostics).front();
  ASSERT_TRUE(result.rule_set);
  Document d;
  d.title = "日本の外相";
  EXPECT_EQ(result.rule_set->match(d).size(), 1u);
}

TEST(Loader, DuplicatesAcrossFilesNameTheFirst) {
  const auto result = load({{"a.yaml", "lists:\n  x: [a1]\nrules:\n  - {id: r, query: '@x', tests: [{title: a1}]}\n"},
                            {"b.yaml", "lists:\n  x: [b1]\nrules:\n  - {id: r, query: '@x', tests: [{title: a1}]}\n"}});
  EXPECT_THAT(headlines(result.diagnostics),
              ::testing::ElementsAre("b.yaml:2:3: error: duplicate list 'x' (first defined at a.yaml:2); "
                                     "to add terms, write 'x: {append: [...]}'",
                                     "b.yaml:4:10: error: duplicate rule id 'r' (first defined at a.yaml:4); "
                                     "add 'override: true' to replace it"));
  EXPECT_FALSE(result.rule_set);
}

TEST(Loader, EveryFileIsReported) {
  const auto result = load({{"a.yaml", "rules: [{id: a, query: 'x AND'}]\n"},
                            {"b.yaml", "rules:\n  - id: b\n    query: (y\n"},
                            {"c.yaml", "rules: [\n"}});
  const auto h = headlines(result.diagnostics);
  EXPECT_EQ(result.diagnostics.error_count(), 3u);
  EXPECT_THAT(h, ::testing::Contains("a.yaml:1:27: error: expected a term after 'AND'"));
  EXPECT_THAT(h, ::testing::Contains("b.yaml:3:12: error: unbalanced parentheses: '(' is never closed"));
  EXPECT_THAT(h, ::testing::Contains(::testing::StartsWith("c.yaml:2:1: error: YAML syntax error:")));
}

TEST(Loader, MacrosExpandInPlaceAcrossFiles) {
  const auto result = load({{"m.yaml", R"(lists:
  japan: [Japan, 日本]
macros:
  sport: '(football OR volleyball OR 野球)'
  no-sport: 'NOT @sport'
  jp-title: 'title:@japan'
)"},
                            {"r.yaml", R"(rules:
  - id: r
    query: '@jp-title @no-sport'
    tests: [{title: Japan}]
  - id: near
    query: '@sport NEAR/2 final'
    tests: [{title: x}]
)"}});
  EXPECT_TRUE(result.diagnostics.items.empty()) << headlines(result.diagnostics).front();
  ASSERT_TRUE(result.rule_set);
  const auto ids = [&](const std::string& title, const std::string& summary = {}) {
    Document d;
    d.title = title;
    d.summary = summary;
    std::vector<std::string> out;
    for (const auto& m : result.rule_set->match(d)) out.push_back(m.rule->id);
    return out;
  };
  EXPECT_THAT(ids("Japan to host trade fair"), ::testing::ElementsAre("r"));
  EXPECT_THAT(ids("Japan win volleyball final"), ::testing::ElementsAre("near"));
  EXPECT_THAT(ids("Trade fair", "Japan to host"), ::testing::IsEmpty());  // the macro's scope holds
  EXPECT_THAT(ids("日本、野球で優勝"), ::testing::IsEmpty());
}

TEST(Loader, RuleFieldsAndTestCases) {
  const auto result = load({{"r.yaml", R"(rules:
  - id: jp-cn-protest
    title: Formal protest
    description: One side lodges a protest with the other
    query: protest* AND (japan OR china)
    severity: critical
    tags: [protest, diplomacy]
    tone: -6
    tests:
      - expect: no-match
        title: Fans protest ticket prices
        summary: s
        content: c
        link: https://news.example/a
        feed: Example Wire
        language: en
        tags: [protest]
)"}});
  ASSERT_TRUE(result.rule_set) << headlines(result.diagnostics).front();
  EXPECT_TRUE(result.diagnostics.items.empty());
  const auto& r = result.rule_set->rules().at(0);
  EXPECT_EQ(r.id, "jp-cn-protest");
  EXPECT_EQ(r.title, "Formal protest");
  EXPECT_EQ(r.description, "One side lodges a protest with the other");
  EXPECT_EQ(r.severity, Severity::critical);
  EXPECT_THAT(r.tags, ::testing::ElementsAre("protest", "diplomacy"));
  EXPECT_EQ(r.tone, -6.0);
  EXPECT_EQ(r.query, "protest* AND (japan OR china)");
  EXPECT_EQ(r.source, "r.yaml:2");
  ASSERT_EQ(result.tests.size(), 1u);
  const auto& t = result.tests[0];
  EXPECT_EQ(t.rule_id, "jp-cn-protest");
  EXPECT_FALSE(t.expect_match);
  EXPECT_EQ(t.source, "r.yaml:10");
  EXPECT_EQ(t.document.title, "Fans protest ticket prices");
  EXPECT_EQ(t.document.summary, "s");
  EXPECT_EQ(t.document.content, "c");
  EXPECT_EQ(t.document.link, "https://news.example/a");
  EXPECT_EQ(t.document.feed, "Example Wire");
  EXPECT_EQ(t.document.language, "en");
  EXPECT_THAT(t.expect_tags, ::testing::ElementsAre("protest"));
}

TEST(Loader, WarningsAloneStillLoad) {
  const auto result = load({{"w.yaml", "lists:\n  spare: [x]\nrules:\n  - id: r\n    query: japan\n    colour: red\n"}});
  EXPECT_THAT(headlines(result.diagnostics),
              ::testing::ElementsAre("w.yaml:2:3: warning: list 'spare' is never used",
                                     "w.yaml:4:9: warning: rule has no tests",
                                     "w.yaml:6:5: warning: unknown key 'colour'"));
  EXPECT_TRUE(result.rule_set);
}

TEST(Loader, ByteOrderMarkIsNotAColumn) {
  const auto result = load({{"bom.yaml", "\xEF\xBB\xBFrules: [{id: a, query: 'x AND', tests: [{title: x}]}]\n"}});
  ASSERT_EQ(result.diagnostics.items.size(), 1u);
  EXPECT_EQ(result.diagnostics.items[0].headline(), "bom.yaml:1:27: error: expected a term after 'AND'");
  EXPECT_EQ(result.diagnostics.items[0].source_line, "rules: [{id: a, query: 'x AND', tests: [{title: x}]}]");
}

TEST(Loader, CrLfFiles) {
  const auto result = load({{"crlf.yaml", "rules:\r\n  - id: a\r\n    query: |\r\n      x AND\r\n      (y\r\n    tests: [{title: x}]\r\n"}});
  ASSERT_EQ(result.diagnostics.items.size(), 1u);
  EXPECT_EQ(result.diagnostics.items[0].headline(), "crlf.yaml:5:7: error: unbalanced parentheses: '(' is never closed");
  EXPECT_EQ(result.diagnostics.items[0].source_line, "      (y");
}

TEST(Loader, EmptyFileIsAnEmptyRuleSet) {
  const auto result = load({{"e.yaml", ""}, {"f.yaml", "# only a comment\n"}});
  EXPECT_TRUE(result.diagnostics.items.empty());
  ASSERT_TRUE(result.rule_set);
  EXPECT_TRUE(result.rule_set->rules().empty());
}

TEST(Loader, MissingPathIsAnError) {
  const auto result = load_rule_paths({kData + "/rules/does-not-exist"});
  ASSERT_EQ(result.diagnostics.items.size(), 1u);
  EXPECT_EQ(result.diagnostics.items[0].headline(),
            kData + "/rules/does-not-exist: error: " + std::string(detail::msg::kPathMissing));
  EXPECT_FALSE(result.rule_set);
}

TEST(Loader, DirectoriesAreReadRecursivelyInPathOrder) {
  const auto result = load_rule_paths({kData + "/rules/good"});
  EXPECT_FALSE(result.diagnostics.has_errors());
  ASSERT_TRUE(result.rule_set);
  ASSERT_EQ(result.rule_set->rules().size(), 4u);
  EXPECT_EQ(result.rule_set->rules()[0].id, "jp-cn-leaders-meet");
  EXPECT_EQ(result.rule_set->rules()[2].id, "jp-cn-not-the-seas");  // sea.yaml after leaders.yaml
  EXPECT_THAT(result.rule_set->rules()[0].source, ::testing::EndsWith("good/pack/leaders.yaml:2"));
}

TEST(Loader, ErrorsAreCappedPerFile) {
  std::string text = "rules:\n";
  for (int i = 0; i < 60; ++i) text += "  - id: r" + std::to_string(i) + "\n    query: 'x AND'\n    tests: [{title: x}]\n";
  const auto result = load({{"many.yaml", text}});
  ASSERT_EQ(result.diagnostics.items.size(), 51u);
  EXPECT_EQ(result.diagnostics.items[49].headline(), "many.yaml:150:15: error: expected a term after 'AND'");
  EXPECT_EQ(result.diagnostics.items.back().headline(), "many.yaml:153:15: error: too many problems; 10 more not shown");
}

}  // namespace
}  // namespace newswatch::rules

namespace newswatch::rules {
namespace {

// Fault injection: truncate a good file at every byte; loading reports or succeeds, never crashes,
// and every diagnostic points at a real line of the file.
TEST(Loader, TruncatedFilesNeverCrash) {
  std::ifstream in(kData + "/rules/good/pack/leaders.yaml");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  for (std::size_t cut = 0; cut < text.size(); cut += 7) {
    const auto result = load_rule_sources({{"cut.yaml", text.substr(0, cut)}});
    for (const auto& d : result.diagnostics.items) {
      EXPECT_GE(d.line, 0) << cut;
      EXPECT_LE(d.line, static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1) << cut;
    }
  }
}

// issue 4: a later file may append to a list or override a rule, explicitly.
TEST(Loader, LaterFileAppendsToAList) {
  const auto result = load({{"00-lists.yaml", "lists:\n  japan: [Japan]\n"},
                            {"10-more.yaml", "lists:\n  japan: {append: [Tokyo, 日本]}\n"
                                             "rules:\n  - {id: r, query: '@japan', tests: [{title: Tokyo}]}\n"}});
  ASSERT_TRUE(result.rule_set) << headlines(result.diagnostics).front();
  for (const char* title : {"Japan says", "Tokyo says", "日本の外相"}) {
    Document d;
    d.title = title;
    EXPECT_EQ(result.rule_set->match(d).size(), 1u) << title;
  }
}

TEST(Loader, AppendWithoutAnEarlierListIsAnError) {
  const auto result = load({{"a.yaml", "lists:\n  x: {append: [a1]}\nrules:\n  - {id: r, query: a1, tests: [{title: a1}]}\n"}});
  EXPECT_THAT(headlines(result.diagnostics),
              ::testing::ElementsAre("a.yaml:2:3: error: list 'x': nothing to append to (no list of that name "
                                     "in an earlier file or above)"));
  EXPECT_FALSE(result.rule_set);
}

TEST(Loader, AppendMustBeTheOnlyKey) {
  const auto result = load({{"a.yaml", "lists:\n  x: [a]\n  x: {add: [b]}\n"}});
  EXPECT_FALSE(result.rule_set);
}

TEST(Loader, OverrideReplacesTheEarlierRule) {
  const auto result = load({{"a.yaml", "rules:\n  - {id: r, query: old, tests: [{title: old}]}\n"
                                       "  - {id: s, query: other, tests: [{title: other}]}\n"},
                            {"b.yaml", "rules:\n  - {id: r, override: true, query: new, tests: [{title: new}]}\n"}});
  ASSERT_TRUE(result.rule_set) << headlines(result.diagnostics).front();
  ASSERT_EQ(result.rule_set->rules().size(), 2u);
  EXPECT_EQ(result.rule_set->rules()[1].id, "r");
  EXPECT_EQ(result.rule_set->rules()[1].source, "b.yaml:2");
  Document d;
  d.title = "old";
  EXPECT_TRUE(result.rule_set->match(d).empty());
  d.title = "new";
  EXPECT_EQ(result.rule_set->match(d).size(), 1u);
  // Only the overriding rule's tests are kept.
  ASSERT_EQ(result.tests.size(), 2u);
}

TEST(Loader, OverrideWithoutAnEarlierRuleIsAnError) {
  const auto result = load({{"a.yaml", "rules:\n  - {id: r, override: true, query: x, tests: [{title: x}]}\n"}});
  EXPECT_THAT(headlines(result.diagnostics),
              ::testing::ElementsAre("a.yaml:2:10: error: rule 'r' has 'override: true' but no earlier rule has that id"));
  EXPECT_FALSE(result.rule_set);
}

TEST(Loader, DirectoryFilesLoadInNameOrder) {
  namespace fs = std::filesystem;
  const auto dir = fs::temp_directory_path() / ("newswatch-order-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  const auto write = [&](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
  write(dir / "20-override.yaml", "rules:\n  - {id: r, override: true, query: '@x beta', tests: [{title: a beta}]}\n");
  write(dir / "10-rules.yaml", "rules:\n  - {id: r, query: '@x', tests: [{title: a}]}\n");
  write(dir / "00-lists.yaml", "lists:\n  x: [a]\n");
  write(dir / "sub" / "30-append.yaml", "lists:\n  x: {append: [b]}\n");
  const auto result = load_rule_paths({dir});
  fs::remove_all(dir);
  ASSERT_TRUE(result.rule_set) << headlines(result.diagnostics).front();
  Document d;
  d.title = "b beta";
  EXPECT_EQ(result.rule_set->match(d).size(), 1u);
}

// issue 4 (found by the benchmark): past 50 problems in a file, the note about the rest was
// always an error, so 51 rules without tests failed the load.
TEST(Loader, ManyWarningsDoNotFailTheLoad) {
  std::string text = "rules:\n";
  for (int i = 0; i < 60; ++i) text += "  - {id: r" + std::to_string(i) + ", query: word" + std::to_string(i) + "}\n";
  const auto result = load({{"many.yaml", text}});
  EXPECT_TRUE(result.rule_set);
  EXPECT_FALSE(result.diagnostics.has_errors());
  ASSERT_EQ(result.diagnostics.items.size(), 51u);
  EXPECT_EQ(result.diagnostics.items.back().message, "too many problems; 10 more not shown");
}

}  // namespace
}  // namespace newswatch::rules
