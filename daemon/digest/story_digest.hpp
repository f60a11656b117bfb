// SPDX-License-Identifier: MIT
#pragma once
// From stored stories to what a digest shows, and a rendered digest to its outbox payload.
// A story belongs to a period when any of its items was seen in it (first_seen <= end and
// last_seen > start): a story that grew today is in today's digest even if it began yesterday.
// A digest route's match filters apply to the story (severity, any tag, any rule, any feed).
// Pure; any thread.

#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/digest/digest_model.hpp"
#include "daemon/digest/digest_schedule.hpp"
#include "daemon/stories/story.hpp"

namespace newswatch::daemon {

DigestStory to_digest_story(const Story& story);

bool route_takes_story(const RouteConfig& route, const Story& story);

// The input for the digest of `period` (and `previous` for the comparison) from `stories`, which
// may hold more than both periods; the route's filters apply.
DigestInput make_digest_input(const RouteConfig& route, const std::string& zone, const DigestPeriod& period,
                              const DigestPeriod& previous, const std::vector<Story>& stories);

// The version-1 payload of type "digest": {"version","id","type","digest":{"title","subject",
// "text","html","period":{"start","end"},"stories"}}.
std::string digest_payload_json(const std::string& event_id, const DigestInput& input, const RenderedDigest& rendered);

}  // namespace newswatch::daemon
