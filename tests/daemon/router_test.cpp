// SPDX-License-Identifier: MIT
#include "daemon/routing/router.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using Names = std::vector<std::string>;

rules::RuleInfo rule(std::string id, rules::Severity severity, std::vector<std::string> tags) {
  rules::RuleInfo info;
  info.id = std::move(id);
  info.title = "title of " + info.id;
  info.severity = severity;
  info.tags = std::move(tags);
  return info;
}

RouteConfig route(Names receivers) {
  RouteConfig r;
  r.receivers = std::move(receivers);
  return r;
}

TEST(RouterTest, EmptyFilterPassesEverything) {
  const Router router({route({"hook"})});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::info, {})), Names{"hook"});
  EXPECT_EQ(router.immediate_receivers(rule("b", rules::Severity::critical, {"x"})), Names{"hook"});
}

TEST(RouterTest, NoRoutesNoReceivers) {
  const Router router({});
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::high, {})).empty());
}

TEST(RouterTest, SeverityFilter) {
  auto r = route({"pager"});
  r.severities = {rules::Severity::high, rules::Severity::critical};
  const Router router({r});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::high, {})), Names{"pager"});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::critical, {})), Names{"pager"});
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::medium, {})).empty());
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::info, {})).empty());
}

TEST(RouterTest, TagsMatchAny) {
  auto r = route({"desk"});
  r.tags = {"energy", "shipping"};
  const Router router({r});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::low, {"politics", "shipping"})), Names{"desk"});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::low, {"energy"})), Names{"desk"});
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::low, {"politics"})).empty());
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::low, {})).empty());
}

TEST(RouterTest, RuleIdFilter) {
  auto r = route({"hook"});
  r.rule_ids = {"summit", "sanctions"};
  const Router router({r});
  EXPECT_EQ(router.immediate_receivers(rule("sanctions", rules::Severity::low, {})), Names{"hook"});
  EXPECT_TRUE(router.immediate_receivers(rule("summit-2", rules::Severity::low, {})).empty());
}

TEST(RouterTest, AllSetFiltersMustPass) {
  auto r = route({"hook"});
  r.severities = {rules::Severity::high};
  r.tags = {"trade"};
  const Router router({r});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::high, {"trade"})), Names{"hook"});
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::high, {"sport"})).empty());
  EXPECT_TRUE(router.immediate_receivers(rule("a", rules::Severity::low, {"trade"})).empty());
}

TEST(RouterTest, DigestRoutesAreSkipped) {
  auto digest = route({"mail"});
  digest.mode = "digest";
  const Router router({digest, route({"hook"})});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::high, {})), Names{"hook"});
}

TEST(RouterTest, ReceiversAreDeduplicatedInRouteOrder) {
  auto high = route({"pager", "hook"});
  high.severities = {rules::Severity::high};
  const Router router({route({"log", "hook"}), high, route({"log", "console"})});
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::high, {})),
            (Names{"log", "hook", "pager", "console"}));
  EXPECT_EQ(router.immediate_receivers(rule("a", rules::Severity::low, {})), (Names{"log", "hook", "console"}));
}

// Issue 7: routes filtered by feed; time-boxed silences.
TEST(RouterTest, FeedFilterTakesOnlyTheNamedFeeds) {
  RouteConfig wires = route({"wire-desk"});
  wires.feeds = {"Harbour Wire"};
  const Router router({wires, route({"log"})});
  const auto r = rule("a", rules::Severity::high, {"meeting"});
  EXPECT_EQ(router.immediate_receivers(r, "Harbour Wire"), (Names{"wire-desk", "log"}));
  EXPECT_EQ(router.immediate_receivers(r, "Ferry Times"), Names{"log"});
  EXPECT_EQ(router.immediate_receivers(r), Names{"log"});
}

TEST(RouterTest, SilencesMuteUntilTheirEndAndOnlyWhatTheyName) {
  using namespace std::chrono;
  const sys_seconds noon = sys_days{year{2026} / 11 / 25} + hours(12);
  SilenceConfig by_rule;
  by_rule.rule_ids = {"noisy"};
  by_rule.until = noon + hours(1);
  SilenceConfig by_tag_and_feed;
  by_tag_and_feed.tags = {"history"};
  by_tag_and_feed.feeds = {"Ferry Times"};
  by_tag_and_feed.until = noon + hours(1);
  const Router router({route({"log"})}, {by_rule, by_tag_and_feed});
  const auto noisy = rule("noisy", rules::Severity::low, {"trade"});
  const auto history = rule("yasukuni", rules::Severity::high, {"history"});
  EXPECT_EQ(router.silenced(noisy, "Harbour Wire", noon), &router.silenced(noisy, "x", noon)[0]);
  EXPECT_NE(router.silenced(noisy, "Harbour Wire", noon), nullptr);
  EXPECT_EQ(router.silenced(noisy, "Harbour Wire", noon + hours(1)), nullptr);  // over
  EXPECT_NE(router.silenced(history, "Ferry Times", noon), nullptr);
  EXPECT_EQ(router.silenced(history, "Harbour Wire", noon), nullptr);  // every filter must pass
  EXPECT_EQ(router.silenced(rule("other", rules::Severity::high, {"trade"}), "Ferry Times", noon), nullptr);
}

}  // namespace
}  // namespace newswatch::daemon
