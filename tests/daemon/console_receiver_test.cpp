// SPDX-License-Identifier: MIT
#include "daemon/receivers/console_receiver.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using ::testing::HasSubstr;

const std::string kPayload = R"({"version":1,"id":"evt-0123","type":"alert",
  "rule":{"id":"grain-export","title":"Grain export halted","severity":"high","tags":["trade","food"]},
  "item":{"id":"g-1","title":"Silo port suspends wheat loading","link":"https://wire.example/g-1",
          "feed":"Wire Example","published":"2024-11-18T06:45:00Z","summary":"Loading paused."},
  "story":{"id":"story-1","sources":["Wire Example"],"first_seen":"2024-11-18T07:00:00Z"},
  "highlights":[{"field":"title","term":"wheat","snippet":"suspends wheat loading"},
                {"field":"summary","term":"paused","snippet":"Loading paused."}],
  "tone":null})";

TEST(ConsoleReceiverTest, FormatsTheAlert) {
  const auto text = format_alert_for_console(kPayload);
  EXPECT_THAT(text, HasSubstr("ALERT [HIGH] Grain export halted (grain-export)"));
  EXPECT_THAT(text, HasSubstr("tags: trade, food"));
  EXPECT_THAT(text, HasSubstr("Silo port suspends wheat loading"));
  EXPECT_THAT(text, HasSubstr("Wire Example"));
  EXPECT_THAT(text, HasSubstr("2024-11-18T06:45:00Z"));
  EXPECT_THAT(text, HasSubstr("https://wire.example/g-1"));
  EXPECT_THAT(text, HasSubstr("  why: title: wheat · summary: paused\n"));
  EXPECT_TRUE(text.ends_with("\n"));
}

TEST(ConsoleReceiverTest, EachTermOncePerFieldInFirstHitOrder) {
  const auto text = format_alert_for_console(R"({"rule":{"severity":"medium","title":"T","id":"r"},
    "item":{"title":"Headline","feed":"F"},
    "highlights":[{"field":"title","term":"strike","snippet":"a"},
                  {"field":"summary","term":"port","snippet":"b"},
                  {"field":"title","term":"strike","snippet":"c"},
                  {"field":"title","term":"docks","snippet":"d"}]})");
  EXPECT_THAT(text, HasSubstr("  why: title: strike, docks · summary: port\n"));
}

TEST(ConsoleReceiverTest, MissingDateSaysSo) {
  const auto text = format_alert_for_console(
      R"({"rule":{"severity":"low","title":"T","id":"r"},"item":{"title":"Headline","feed":"F","published":null}})");
  EXPECT_THAT(text, HasSubstr("ALERT [LOW] T (r)"));
  EXPECT_THAT(text, HasSubstr("F · no date"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("why:")));
}

TEST(ConsoleReceiverTest, UnreadablePayloadDoesNotThrow) {
  std::string text;
  EXPECT_NO_THROW(text = format_alert_for_console("{not json"));
  EXPECT_THAT(text, HasSubstr("unreadable"));
  EXPECT_NO_THROW(text = format_alert_for_console("[1,2,3]"));
  EXPECT_THAT(text, HasSubstr("unreadable"));
  EXPECT_NO_THROW(text = format_alert_for_console(""));
}

// A payload that parses but has the wrong shape (e.g. a corrupted outbox row) must not throw out
// of the io thread either.
TEST(ConsoleReceiverTest, WrongShapeDoesNotThrow) {
  std::string text;
  EXPECT_NO_THROW(text = format_alert_for_console(R"({"rule":null,"item":{"title":"t"}})"));
  EXPECT_NO_THROW(text = format_alert_for_console(R"({"rule":"oops","item":42,"highlights":{"a":1}})"));
  EXPECT_NO_THROW(text = format_alert_for_console(R"({"rule":{"tags":"x"},"highlights":[1,"a",null]})"));
}

TEST(ConsoleReceiverTest, DeliverReportsSuccess) {
  ConsoleReceiver receiver("console");
  EXPECT_EQ(receiver.name(), "console");
  OutboxEntry entry;
  entry.event_id = "evt-0123";
  entry.receiver = "console";
  entry.payload = kPayload;
  int calls = 0;
  ::testing::internal::CaptureStdout();
  receiver.deliver(entry, [&](DeliveryOutcome outcome) {
    ++calls;
    EXPECT_TRUE(outcome.ok);
  });
  const auto out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(out, HasSubstr("ALERT [HIGH]"));
}

}  // namespace
}  // namespace newswatch::daemon

namespace newswatch::daemon {
namespace {

TEST(ConsoleFormat, StoryUpdateSaysWhyAndWhichOutlets) {
  const auto text = format_alert_for_console(
      R"({"type":"story_update","rule":{"severity":"critical","title":"Detention","id":"jc-detention"},
          "item":{"title":"Second report","feed":"Pacific Wire"},
          "story":{"id":"story-1","sources":["Asia Desk","Pacific Wire"],"update_reason":"severity"}})");
  EXPECT_EQ(text.rfind("UPDATE (severity rose) [CRITICAL] Detention (jc-detention)", 0), 0u) << text;
  EXPECT_NE(text.find("  story: Asia Desk, Pacific Wire\n"), std::string::npos) << text;
}

TEST(ConsoleFormat, DigestPrintsSubjectAndText) {
  const auto text = format_alert_for_console(
      R"({"type":"digest","digest":{"subject":"Daily digest: 3 stories","text":"1. [HIGH] Talks\n"}})");
  EXPECT_EQ(text, "DIGEST Daily digest: 3 stories\n1. [HIGH] Talks\n");
}

}  // namespace
}  // namespace newswatch::daemon
