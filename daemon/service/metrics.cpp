// SPDX-License-Identifier: MIT
#include "daemon/service/metrics.hpp"

#include <fmt/format.h>

namespace newswatch::daemon {
namespace {

void counter(std::string& out, const char* name, const char* help, std::uint64_t value) {
  out += fmt::format("# HELP newswatch_{0} {1}\n# TYPE newswatch_{0} counter\nnewswatch_{0} {2}\n", name, help, value);
}

void gauge(std::string& out, const char* name, const char* help, std::uint64_t value) {
  out += fmt::format("# HELP newswatch_{0} {1}\n# TYPE newswatch_{0} gauge\nnewswatch_{0} {2}\n", name, help, value);
}

}  // namespace

std::string to_prometheus(const Metrics& m, const Gauges& g) {
  std::string out;
  counter(out, "polls_total", "Feed fetch attempts.", m.polls);
  counter(out, "polls_not_modified_total", "Feed fetches answered 304 Not Modified.", m.polls_not_modified);
  counter(out, "poll_failures_total", "Feed fetches that failed (transport or HTTP error).", m.poll_failures);
  counter(out, "parse_failures_total", "Fetched bodies that were not a feed.", m.parse_failures);
  counter(out, "feed_warnings_total", "Recoverable problems found inside feeds.", m.feed_warnings);
  counter(out, "items_new_total", "Items seen for the first time.", m.items_new);
  counter(out, "items_too_old_total", "New items not alerted because they were published too long ago.", m.items_too_old);
  counter(out, "matches_total", "Rule matches on new items.", m.matches);
  counter(out, "alerts_queued_total", "Alerts written to the outbox (one per receiver).", m.alerts_queued);
  counter(out, "alerts_silenced_total", "Matches muted by a configured silence.", m.alerts_silenced);
  counter(out, "stories_created_total", "Matched items that started a story.", m.stories_new);
  counter(out, "stories_joined_total", "Matched items that joined a story already told.", m.stories_joined);
  counter(out, "story_updates_total", "Story updates queued (one per receiver).", m.story_updates);
  counter(out, "alerts_throttled_total", "Story updates held back by a receiver's repeat_interval.", m.alerts_throttled);
  counter(out, "digests_queued_total", "Digests queued (one per receiver).", m.digests_queued);
  counter(out, "deliveries_total", "Alerts delivered.", m.deliveries_ok);
  counter(out, "delivery_failures_total", "Failed delivery attempts.", m.delivery_failures);
  counter(out, "dead_letters_total", "Alerts given up on.", m.dead_letters);
  counter(out, "rule_reloads_total", "Successful rule reloads.", m.rule_reloads);
  counter(out, "rule_reload_failures_total", "Rule reloads rejected; the old rules stayed.", m.rule_reload_failures);
  counter(out, "internal_errors_total", "Errors caught inside the daemon (see the log).", m.internal_errors);
  gauge(out, "feeds", "Configured feeds.", g.feeds);
  gauge(out, "feeds_failing", "Feeds whose last poll failed.", g.feeds_failing);
  gauge(out, "rules", "Enabled rules.", g.rules);
  gauge(out, "outbox_pending", "Alerts waiting for delivery.", g.outbox_pending);
  gauge(out, "outbox_dead", "Alerts dead-lettered.", g.outbox_dead);
  gauge(out, "stories_active", "Stories that new items can still join.", g.stories_active);
  return out;
}

}  // namespace newswatch::daemon
