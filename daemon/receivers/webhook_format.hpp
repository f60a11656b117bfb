// SPDX-License-Identifier: MIT
#pragma once
// Request bodies for webhook `format:` presets. `json` is the version-1 payload as it is; the chat
// presets turn it into the message shape each chat's incoming webhooks accept:
//   slack, mattermost  {"text": "<mrkdwn>"}
//   discord            {"content": "<markdown>"}   (cut to Discord's 2000 characters)
//   teams              {"text": "<markdown>"}      (Office 365 connector card, text only)
// A payload of the wrong shape renders what it can; nothing throws. Pure; safe on any thread.

#include <optional>
#include <string>
#include <string_view>

namespace newswatch::daemon {

// The formats the config accepts.
bool is_webhook_format(std::string_view format);

// The body to POST for this format; the payload itself for "json" (or an unknown format).
std::string render_webhook_body(std::string_view format, const std::string& payload_json);

}  // namespace newswatch::daemon
