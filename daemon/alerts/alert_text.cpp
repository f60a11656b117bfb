// SPDX-License-Identifier: MIT
#include "daemon/alerts/alert_text.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/alerts/payload_fields.hpp"

namespace newswatch::daemon {
std::string why_line(const nlohmann::json& payload) {
  if (!payload.is_object()) return {};
  const auto it = payload.find("highlights");
  if (it == payload.end() || !it->is_array()) return {};
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
  for (const auto& h : *it) {
    if (!h.is_object()) continue;
    const auto field = text_member(h, "field");
    const auto term = text_member(h, "term");
    auto f = std::find_if(fields.begin(), fields.end(), [&](const auto& x) { return x.first == field; });
    if (f == fields.end()) f = fields.insert(fields.end(), {field, {}});
    if (std::find(f->second.begin(), f->second.end(), term) == f->second.end()) f->second.push_back(term);
  }
  std::string out;
  for (const auto& [field, terms] : fields) {
    out += out.empty() ? "" : " · ";
    out += field + ": ";
    for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? ", " : "") + terms[i];
  }
  return out;
}

}  // namespace newswatch::daemon
