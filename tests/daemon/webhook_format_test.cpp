// SPDX-License-Identifier: MIT
// Webhook `format:` presets for chat tools (issue 7).
#include "daemon/receivers/webhook_format.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newswatch::daemon {
namespace {

const std::string kPayload = R"({"version":1,"id":"evt-1","type":"alert",
  "rule":{"id":"jc-ministers-meet","title":"Japan and China ministers meet","severity":"high","tags":["meeting"]},
  "item":{"id":"i1","title":"Foreign ministers meet in Beijing <live>","link":"https://news.example/a?b=1&c=2",
          "feed":"Harbour Wire","published":"2025-03-02T08:00:00Z","summary":"..."},
  "highlights":[{"field":"title","term":"meet*","snippet":"..."},{"field":"title","term":"meet*","snippet":"..."},
                {"field":"summary","term":"Beijing","snippet":"..."}]})";

TEST(WebhookFormat, JsonIsThePayloadUntouched) { EXPECT_EQ(render_webhook_body("json", kPayload), kPayload); }

TEST(WebhookFormat, SlackIsMrkdwnTextWithEscapesAndALink) {
  const auto body = nlohmann::json::parse(render_webhook_body("slack", kPayload));
  const auto text = body.at("text").get<std::string>();
  EXPECT_NE(text.find("*[HIGH] Japan and China ministers meet*"), std::string::npos) << text;
  EXPECT_NE(text.find("<https://news.example/a?b=1&c=2|Foreign ministers meet in Beijing &lt;live&gt;>"),
            std::string::npos) << text;
  EXPECT_NE(text.find("Harbour Wire · 2025-03-02T08:00:00Z"), std::string::npos) << text;
  EXPECT_NE(text.find("why: title: meet* · summary: Beijing"), std::string::npos) << text;
  EXPECT_EQ(render_webhook_body("mattermost", kPayload), render_webhook_body("slack", kPayload));
}

TEST(WebhookFormat, DiscordUsesContentAndMarkdownLinks) {
  const auto body = nlohmann::json::parse(render_webhook_body("discord", kPayload));
  const auto content = body.at("content").get<std::string>();
  EXPECT_NE(content.find("[Foreign ministers meet in Beijing <live>](https://news.example/a?b=1&c=2)"),
            std::string::npos) << content;
}

TEST(WebhookFormat, DiscordStaysUnderItsLimitAndValidUtf8) {
  auto payload = nlohmann::json::parse(kPayload);
  std::string long_title;
  for (int i = 0; i < 800; ++i) long_title += "日本";
  payload["item"]["title"] = long_title;
  const auto body = render_webhook_body("discord", payload.dump());
  const auto content = nlohmann::json::parse(body).at("content").get<std::string>();  // throws on bad UTF-8
  EXPECT_LE(content.size(), 1900u);
}

TEST(WebhookFormat, TeamsIsText) {
  const auto body = nlohmann::json::parse(render_webhook_body("teams", kPayload));
  EXPECT_NE(body.at("text").get<std::string>().find("[HIGH]"), std::string::npos);
}

TEST(WebhookFormat, WrongShapesRenderWithoutThrowing) {
  for (const char* payload : {"", "null", "[]", R"({"rule":"x","item":7,"highlights":{}})"}) {
    EXPECT_NO_THROW(nlohmann::json::parse(render_webhook_body("slack", payload))) << payload;
  }
}

TEST(WebhookFormat, KnownFormats) {
  for (const char* f : {"json", "slack", "mattermost", "discord", "teams"}) EXPECT_TRUE(is_webhook_format(f)) << f;
  EXPECT_FALSE(is_webhook_format("xml"));
  EXPECT_FALSE(is_webhook_format(""));
}

}  // namespace
}  // namespace newswatch::daemon
