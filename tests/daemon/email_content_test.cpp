// SPDX-License-Identifier: MIT
#include "daemon/receivers/email_content.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

using nlohmann::json;

json alert_payload() {
  return {{"version", 1},
          {"id", "evt-1"},
          {"type", "alert"},
          {"rule", {{"id", "jc-talks"}, {"title", "Japan and China hold talks"}, {"severity", "high"}, {"tags", {"meeting", "diplomacy"}}}},
          {"item", {{"id", "i1"}, {"title", "日中外相が北京で会談"}, {"link", "https://news.example.org/a?x=1&y=2"},
                    {"feed", "Harbour <Wire>"}, {"published", "2024-11-15T09:30:00Z"}, {"summary", "Ministers met & agreed."}}},
          {"story", {{"id", "story-ab12"}, {"sources", {"Harbour <Wire>", "Ferry Times"}}, {"first_seen", "2024-11-15T09:31:00Z"}}},
          {"highlights", {{{"field", "title"}, {"term", "会談"}, {"snippet", "…"}}, {{"field", "summary"}, {"term", "ministers"}, {"snippet", "…"}}}},
          {"tone", 3}};
}

TEST(EmailContent, FirstAlertOfAStoryCarriesTheStoryId) {
  const auto c = email_content("evt-1", alert_payload().dump());
  EXPECT_EQ(c.subject, "[newswatch] HIGH: 日中外相が北京で会談");
  EXPECT_EQ(c.id_local, "story.story-ab12");
  EXPECT_EQ(c.parent_local, "");
}

TEST(EmailContent, TextSaysWhatWhereAndWhy) {
  const auto c = email_content("evt-1", alert_payload().dump());
  for (const char* part : {"[HIGH] Japan and China hold talks\n", "日中外相が北京で会談\n", "Outlet:    Harbour <Wire>\n",
                           "Published: 2024-11-15T09:30:00Z\n", "Link:      https://news.example.org/a?x=1&y=2\n",
                           "Why:       title: 会談 · summary: ministers\n", "Sources:   Harbour <Wire>, Ferry Times\n",
                           "Ministers met & agreed.\n", "rule jc-talks (meeting, diplomacy)", "event evt-1"})
    EXPECT_NE(c.text.find(part), std::string::npos) << part << "\n---\n" << c.text;
}

TEST(EmailContent, HtmlIsEscapedAndLinksOnlyTheWeb) {
  auto payload = alert_payload();
  const auto c = email_content("evt-1", payload.dump());
  EXPECT_NE(c.html.find("<a href=\"https://news.example.org/a?x=1&amp;y=2\">日中外相が北京で会談</a>"), std::string::npos) << c.html;
  EXPECT_NE(c.html.find("Harbour &lt;Wire&gt;"), std::string::npos);
  EXPECT_NE(c.html.find("Ministers met &amp; agreed."), std::string::npos);
  EXPECT_EQ(c.html.find("<Wire>"), std::string::npos);
  EXPECT_EQ(c.html.find("<script"), std::string::npos);

  payload["item"]["link"] = "javascript:alert(1)";
  payload["item"]["title"] = "<script>alert(1)</script>";
  const auto hostile = email_content("evt-1", payload.dump());
  EXPECT_EQ(hostile.html.find("href=\"javascript:"), std::string::npos) << hostile.html;
  EXPECT_EQ(hostile.html.find("<script>"), std::string::npos);
  EXPECT_NE(hostile.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

// Threading from a story_update in the shape daemon/alerts writes (story.items, update_reason).
TEST(EmailContent, StoryUpdateRepliesToTheStorysFirstAlert) {
  auto payload = alert_payload();
  payload["type"] = "story_update";
  payload["id"] = "evt-2";
  payload["item"]["title"] = "China, Japan agree to keep talking";
  payload["story"]["sources"] = {"Harbour Wire", "Ferry Times", "Bay Daily"};
  payload["story"]["items"] = json::array(
      {json{{"feed", "Harbour Wire"}, {"title", "日中外相が北京で会談"}, {"link", "https://a.example/1"}, {"seen", "2024-11-15T09:31:00Z"}},
       json{{"feed", "Ferry Times"}, {"title", "China, Japan agree to keep talking"}, {"link", "https://b.example/2"}, {"seen", "2024-11-15T09:40:00Z"}},
       json{{"feed", "Bay Daily"}, {"title", "Talks"}, {"link", "javascript:x"}, {"seen", "2024-11-15T09:45:00Z"}}});
  payload["story"]["update_reason"] = "sources";
  const auto c = email_content("evt-2", payload.dump());
  EXPECT_EQ(c.id_local, "update.evt-2");
  EXPECT_EQ(c.parent_local, "story.story-ab12");
  // The story's first headline with "Re:", as the first alert had it, for clients that thread by subject.
  EXPECT_EQ(c.subject, "Re: [newswatch] HIGH: 日中外相が北京で会談");
  EXPECT_NE(c.text.find("[HIGH] Japan and China hold talks (story update: 3 outlets)\nChina, Japan agree to keep talking\n"),
            std::string::npos) << c.text;
  EXPECT_NE(c.text.find("  - Ferry Times: China, Japan agree to keep talking <https://b.example/2>\n"), std::string::npos) << c.text;
  EXPECT_NE(c.html.find("Ferry Times: <a href=\"https://b.example/2\">"), std::string::npos) << c.html;
  EXPECT_EQ(c.html.find("javascript:"), std::string::npos);

  payload["story"]["update_reason"] = "severity";
  EXPECT_NE(email_content("evt-2", payload.dump()).text.find("(story update: severity rose, 3 outlets)"), std::string::npos);
}

TEST(EmailContent, DigestIsSentAsRendered) {
  const json payload = {{"version", 1}, {"id", "dg-7"}, {"type", "digest"},
                        {"digest", {{"subject", "newswatch digest: 3 stories"}, {"text", "plain\n"}, {"html", "<p>html</p>"}}}};
  const auto c = email_content("dg-7", payload.dump());
  EXPECT_EQ(c.subject, "newswatch digest: 3 stories");
  EXPECT_EQ(c.text, "plain\n");
  EXPECT_EQ(c.html, "<p>html</p>");
  EXPECT_EQ(c.id_local, "digest.dg-7");
  EXPECT_EQ(c.parent_local, "");
}

TEST(EmailContent, BrokenPayloadStillMakesAMail) {
  const auto c = email_content("evt-9", "not json");
  EXPECT_EQ(c.subject, "[newswatch] (no headline)");
  EXPECT_EQ(c.id_local, "event.evt-9");
  EXPECT_FALSE(c.text.empty());
}

TEST(EmailContent, LongHeadlinesAreCutOnCharacters) {
  auto payload = alert_payload();
  std::string long_title;
  for (int i = 0; i < 300; ++i) long_title += "海";
  payload["item"]["title"] = long_title;
  const auto subject = email_content("evt-1", payload.dump()).subject;
  EXPECT_EQ(subject.size(), std::string("[newswatch] HIGH: ").size() + (200 - 18) * 3 + std::string("…").size());
}

TEST(EmailContent, MessageIdPartsKeepOnlySafeCharacters) {
  EXPECT_EQ(message_id_part("story-ab_12"), "story-ab_12");
  EXPECT_EQ(message_id_part("a.b@c d"), "a=2Eb=40c=20d");
}

}  // namespace
}  // namespace newswatch::daemon
