// SPDX-License-Identifier: MIT
#pragma once
// Every message the rule loader and the query parser can report, in one place so tests can name
// them (after Falco's rule_loading_messages.h). Messages with `{}` are fmt format strings; fill
// them with fmt::format(fmt::runtime(kX), ...).

#include <string_view>

namespace newswatch::rules::detail::msg {

// Files and YAML.
inline constexpr std::string_view kPathMissing = "no such file or directory";
inline constexpr std::string_view kPathUnreadable = "cannot read file: {}";
inline constexpr std::string_view kYamlSyntax = "YAML syntax error: {}";
inline constexpr std::string_view kTopNotMapping =
    "a rule file must be a mapping with 'lists:' and 'rules:'";
inline constexpr std::string_view kUnknownKey = "unknown key '{}'";
inline constexpr std::string_view kUnknownKeySuggest = "unknown key '{}'; did you mean '{}'?";
inline constexpr std::string_view kTooManyErrors = "too many problems; {} more not shown";

// lists:
inline constexpr std::string_view kListsNotMapping = "'lists' must be a mapping of name to terms";
inline constexpr std::string_view kListNotSequence = "list '{}' must be a sequence of terms";
inline constexpr std::string_view kListBadName =
    "bad list name '{}': use letters, digits, '_' and '-'";
inline constexpr std::string_view kListTermNotString = "list '{}': each term must be a string";
inline constexpr std::string_view kListTermEmpty = "list '{}': empty term";
inline constexpr std::string_view kListTermBad = "list '{}': bad term '{}': {}";
inline constexpr std::string_view kDuplicateList =
    "duplicate list '{}' (first defined at {}); to add terms, write '{}: {{append: [...]}}'";
inline constexpr std::string_view kListAppendNothing =
    "list '{}': nothing to append to (no list of that name in an earlier file or above)";
inline constexpr std::string_view kListAppendShape = "list '{}': write '{{append: [terms...]}}'";
inline constexpr std::string_view kUnusedList = "list '{}' is never used";

// macros:
inline constexpr std::string_view kMacrosNotMapping =
    "'macros' must be a mapping of name to query fragment";
inline constexpr std::string_view kMacroNotString = "macro '{}' must be a query string";
inline constexpr std::string_view kMacroBadName =
    "bad macro name '{}': use letters, digits, '_' and '-'";
inline constexpr std::string_view kDuplicateName =
    "'{}' is already defined as a {} at {}; lists and macros share one namespace";
inline constexpr std::string_view kDuplicateMacro = "duplicate macro '{}' (first defined at {})";
inline constexpr std::string_view kMacroCycle = "macro cycle: {}";
inline constexpr std::string_view kMacroBroken = "macro '@{}' has errors (reported at its definition)";
inline constexpr std::string_view kUnusedMacro = "macro '{}' is never used";

// rules:
inline constexpr std::string_view kRulesNotSequence = "'rules' must be a sequence of rules";
inline constexpr std::string_view kRuleNotMapping = "a rule must be a mapping";
inline constexpr std::string_view kMissingId = "rule has no 'id'";
inline constexpr std::string_view kMissingQuery = "rule has no 'query'";
inline constexpr std::string_view kNotScalar = "'{}' must be a string";
inline constexpr std::string_view kNotStringSequence = "'{}' must be a sequence of strings";
inline constexpr std::string_view kEmptyId = "rule id is empty";
inline constexpr std::string_view kBadSeverity =
    "unknown severity '{}' (expected info, low, medium, high or critical)";
inline constexpr std::string_view kBadSeveritySuggest =
    "unknown severity '{}'; did you mean '{}'?";
inline constexpr std::string_view kBadTone = "tone must be a number from -10 to 10";
inline constexpr std::string_view kBadBool = "'{}' must be true or false";
inline constexpr std::string_view kDuplicateRule =
    "duplicate rule id '{}' (first defined at {}); add 'override: true' to replace it";
inline constexpr std::string_view kOverrideNothing =
    "rule '{}' has 'override: true' but no earlier rule has that id";
inline constexpr std::string_view kNoTests = "rule has no tests";

// tests:
inline constexpr std::string_view kTestsNotSequence = "'tests' must be a sequence of test cases";
inline constexpr std::string_view kTestNotMapping = "a test case must be a mapping";
inline constexpr std::string_view kBadExpect = "'expect' must be 'match' or 'no-match'";

// Queries (offsets point into the query text).
inline constexpr std::string_view kEmptyQuery = "empty query";
inline constexpr std::string_view kUnclosedParen = "unbalanced parentheses: '(' is never closed";
inline constexpr std::string_view kUnopenedParen = "unbalanced parentheses: ')' has no '('";
inline constexpr std::string_view kEmptyParens = "empty parentheses";
inline constexpr std::string_view kUnterminatedPhrase = "unterminated phrase: missing closing '\"'";
inline constexpr std::string_view kEmptyPhrase = "empty phrase";
inline constexpr std::string_view kMissingRightOperand = "expected a term after '{}'";
inline constexpr std::string_view kMissingLeftOperand = "expected a term before '{}'";
inline constexpr std::string_view kUnexpectedToken = "unexpected '{}'";
inline constexpr std::string_view kTooDeep = "query nests too deeply (limit {})";
inline constexpr std::string_view kBareAt = "expected a list or macro name after '@'";
inline constexpr std::string_view kUnknownList = "unknown list '@{}'";
inline constexpr std::string_view kUnknownListSuggest = "unknown list '@{}'; did you mean '@{}'?";
inline constexpr std::string_view kUnknownField =
    "unknown field '{}' (expected title, summary, content, link, feed or lang)";
inline constexpr std::string_view kLangValue = "expected a language tag after 'lang:', e.g. lang:ja";
inline constexpr std::string_view kExactPlacement =
    "'=' (exact case) must be followed by a word or a phrase, e.g. =NATO or =\"Japan Airlines\"";
inline constexpr std::string_view kAtLeastSyntax =
    "AT_LEAST needs a count and at least two terms: AT_LEAST(2, a, b, c)";
inline constexpr std::string_view kAtLeastCount = "AT_LEAST count must be from 1 to the number of terms ({})";
inline constexpr std::string_view kScopeNeedsOperand = "expected a term or '(' after '{}:'";
inline constexpr std::string_view kNestedScope = "a field scope cannot contain another scope";
inline constexpr std::string_view kWildcardPlacement = "'*' is only allowed at the end of a word";
inline constexpr std::string_view kWildcardTooShort =
    "a wildcard needs at least 2 characters before '*'";
inline constexpr std::string_view kWildcardInPhrase =
    "'*' is only allowed at the end of a phrase's last word";
inline constexpr std::string_view kNearSyntax = "'NEAR' needs a distance, e.g. NEAR/5";
inline constexpr std::string_view kOnearSyntax = "'ONEAR' needs a distance, e.g. ONEAR/5";
inline constexpr std::string_view kNearDistance = "NEAR distance must be from 1 to {}";
inline constexpr std::string_view kNearOperand =
    "NEAR joins terms, phrases, wildcards or lists, not '{}'";
inline constexpr std::string_view kExceptOperand =
    "EXCEPT joins terms, phrases, wildcards or lists, not '{}'";
inline constexpr std::string_view kExceptScope =
    "no field scope on the right of EXCEPT: it excludes within the field of each occurrence on its left";
inline constexpr std::string_view kExceptListSides =
    "EXCEPT needs a term on each side, e.g. 日本 EXCEPT 日本海";
inline constexpr std::string_view kExactPrefix = "an exact-case term cannot end with '*'";
inline constexpr std::string_view kNoSearchableText = "term '{}' has no letters or digits";
inline constexpr std::string_view kOnlyNegative =
    "a query cannot be only NOT: add a term it must match";

}  // namespace newswatch::rules::detail::msg
