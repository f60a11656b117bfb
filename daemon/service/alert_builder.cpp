// SPDX-License-Identifier: MIT
#include "daemon/service/alert_builder.hpp"

#include "daemon/alerts/alert.hpp"

namespace newswatch::daemon {

BuiltAlerts build_alerts(const feeds::Feed& feed, const std::vector<ItemMatches>& matched, const FeedSource& source,
                         const Router& router, std::chrono::milliseconds max_item_age, feeds::TimePoint now) {
  BuiltAlerts out;
  // Feeds list newest first; queue the oldest first so alerts arrive in the order news broke.
  for (auto it = matched.rbegin(); it != matched.rend(); ++it) {
    if (it->matches.empty()) continue;
    const auto& item = feed.items.at(it->item_index);
    out.matches += it->matches.size();
    if (max_item_age.count() > 0 && item.published && *item.published + max_item_age < now) {
      ++out.too_old;
      continue;
    }
    for (const auto& match : it->matches) {
      if (router.silenced(*match.rule, source.name, now)) {
        ++out.silenced;
        continue;
      }
      const auto receivers = router.immediate_receivers(*match.rule, source.name);
      if (receivers.empty()) continue;
      const auto alert = make_alert(match, item, source.key, source.name, now);
      const auto payload = to_payload_json(alert);
      for (const auto& receiver : receivers) {
        OutboxEntry entry;
        entry.event_id = alert.event_id;
        entry.receiver = receiver;
        entry.payload = payload;
        out.entries.push_back(std::move(entry));
      }
    }
  }
  return out;
}

}  // namespace newswatch::daemon
