// SPDX-License-Identifier: MIT
#include <algorithm>

#include "feeds/parse/dates.hpp"
#include "feeds/parse/encoding.hpp"
#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/xml_text.hpp"

namespace newswatch::feeds::detail {

namespace {

template <typename Label>
std::optional<TimePoint> read_date_as(pugi::xml_node node, std::string_view what, Label label, Feed& feed) {
  if (is_null(node)) return std::nullopt;
  bool is_markup = false;
  std::string scratch;
  const auto raw = raw_content_view(node, is_markup, scratch);
  if (auto t = parse_date(raw)) return t;
  auto shown = std::string(utf8_prefix(plain_to_text(raw, Breaks::collapse), 60));
  if (shown.empty()) return std::nullopt;  // an empty element is absence, not an error
  feed.warnings.push_back(label() + ": unparseable " + std::string(what) + " '" + shown + "'");
  return std::nullopt;
}

}  // namespace

std::optional<TimePoint> read_date(pugi::xml_node node, std::string_view what, std::string_view owner,
                                   Feed& feed) {
  return read_date_as(node, what, [owner] { return std::string(owner); }, feed);
}

std::optional<TimePoint> read_date(pugi::xml_node node, std::string_view what, std::size_t index,
                                   std::string_view title, Feed& feed) {
  return read_date_as(node, what, [index, title] { return item_label(index, title); }, feed);
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  // Items carry a few authors or categories: one allocation for them, not a regrowth each.
  if (list.capacity() == 0) list.reserve(4);
  list.push_back(std::move(value));
}

}  // namespace newswatch::feeds::detail
