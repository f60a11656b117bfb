// SPDX-License-Identifier: MIT
#pragma once
// A Story to and from JSON, the form the store keeps it in (one text column, so adding a field
// needs no schema migration: missing fields read as their defaults). Pure; any thread.

#include <optional>
#include <string>

#include "daemon/stories/story.hpp"

namespace newswatch::daemon {

std::string story_to_json(const Story& story);
// Nullopt when the text is not a story (a damaged row is skipped, not fatal).
std::optional<Story> story_from_json(const std::string& text);

}  // namespace newswatch::daemon
