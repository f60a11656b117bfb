// SPDX-License-Identifier: MIT
#pragma once
// The template variables of one story (docs/digests.md, `stories` and `sources`). Pure; safe on
// any thread.

#include <kainjow/mustache.hpp>

#include "daemon/digest/digest_model.hpp"
#include "daemon/digest/time_zone.hpp"

namespace newswatch::daemon::detail {

// `rank` counts from 1 within the story's group; times are shown in `zone`.
kainjow::mustache::data story_view(const DigestStory& story, std::size_t rank, const TimeZone& zone);

}  // namespace newswatch::daemon::detail
