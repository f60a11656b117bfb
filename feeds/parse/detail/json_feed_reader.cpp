// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/json_feed_reader.hpp"

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "feeds/parse/dates.hpp"
#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/html_text.hpp"
#include "feeds/parse/detail/json_recovery.hpp"
#include "feeds/parse/detail/url_resolve.hpp"
#include "feeds/parse/detail/xml_text.hpp"
#include "feeds/parse/encoding.hpp"

namespace newswatch::feeds::detail {
namespace {

using nlohmann::json;

// Deepest nesting of [ and { outside strings. nlohmann parses iteratively, but a hostile
// "[[[[..." of a million levels still costs a million nested values: refuse it up front.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// The string value of obj[key], or "" when absent or not a string.
std::string_view str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get_ref<const json::string_t&>();
}

std::string one_line(std::string_view s) { return plain_to_text(s, Breaks::collapse); }

struct Context {
  std::string base;  // for relative URLs; may be empty
};

std::string_view trim_spaces(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// A blank value (" ") is no URL, not the base URL it would resolve to.
std::string url(const Context& ctx, std::string_view value) {
  value = trim_spaces(value);
  return value.empty() ? std::string() : resolve_url(ctx.base, value);
}

// JSON Feed 1.1 "authors" (array of objects), else 1.0 "author" (one object).
std::vector<std::string> authors_of(const json& obj) {
  std::vector<std::string> names;
  auto add = [&](const json& author) {
    if (!author.is_object()) return;
    auto name = one_line(str(author, "name"));
    if (name.empty()) name = one_line(str(author, "url"));
    add_unique(names, std::move(name));
  };
  if (const auto it = obj.find("authors"); it != obj.end() && it->is_array()) {
    for (const auto& a : *it) add(a);
  }
  if (names.empty()) {
    if (const auto it = obj.find("author"); it != obj.end()) add(*it);
  }
  return names;
}

std::optional<TimePoint> date(const json& obj, const char* key, std::size_t index,
                              std::string_view title, Feed& feed) {
  const auto text = str(obj, key);
  if (text.empty()) return std::nullopt;
  if (auto t = parse_date(text)) return t;
  feed.warnings.push_back(item_label(index, title) + ": unparseable " + key + " '" +
                          std::string(utf8_prefix(one_line(text), 60)) + "'");
  return std::nullopt;
}

Item read_item(const json& obj, std::size_t index, const Context& ctx,
               const std::vector<std::string>& feed_authors, Feed& feed) {
  Item item;
  if (const auto it = obj.find("id"); it != obj.end()) {
    if (it->is_string()) {
      item.id = one_line(it->get_ref<const json::string_t&>());
    } else if (it->is_number() || it->is_boolean()) {
      // JSON Feed 1.0 feeds in the wild use numbers; 1.1 says a reader must coerce a number or
      // other type to a string. (null, objects and arrays are no id: one is made up below.)
      item.id = it->dump();
    }
  }
  item.title = one_line(str(obj, "title"));
  item.link = url(ctx, str(obj, "url"));
  if (item.link.empty()) item.link = url(ctx, str(obj, "external_url"));
  item.summary = plain_to_text(str(obj, "summary"), Breaks::keep);
  if (const auto html = str(obj, "content_html"); !html.empty()) {
    item.content = html_to_text(html, Breaks::keep);
  } else {
    item.content = plain_to_text(str(obj, "content_text"), Breaks::keep);
  }
  item.published = date(obj, "date_published", index, item.title, feed);
  item.updated = date(obj, "date_modified", index, item.title, feed);
  item.authors = authors_of(obj);
  if (item.authors.empty()) item.authors = feed_authors;  // as in Atom, authors are inherited
  if (const auto it = obj.find("tags"); it != obj.end() && it->is_array()) {
    for (const auto& tag : *it) {
      if (tag.is_string())
        add_unique(item.categories, one_line(tag.get_ref<const json::string_t&>()));
    }
  }
  if (const auto it = obj.find("attachments"); it != obj.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_object()) continue;
      Enclosure e{url(ctx, str(a, "url")), std::string(str(a, "mime_type")), std::nullopt};
      if (e.url.empty()) continue;
      if (const auto size = a.find("size_in_bytes");
          size != a.end() && size->is_number_unsigned()) {
        e.length = size->get<std::uint64_t>();
      } else if (size != a.end() && size->is_number_integer() && size->get<std::int64_t>() >= 0) {
        e.length = static_cast<std::uint64_t>(size->get<std::int64_t>());
      }
      item.enclosures.push_back(std::move(e));
    }
  }
  return item;
}

// What was lost to a JSON error: the item it fell in, or the rest of the document.
std::string recovery_warning(const LoadedJson& loaded) {
  const std::string where = "JSON error at " + loaded.error;
  if (loaded.dropped_parent == "items") {
    return item_label(loaded.dropped_index + 1, loaded.dropped_title) + " dropped: " + where +
           (loaded.cut_short ? " (document cut short?)" : "");
  }
  return where + "; the rest of the document was ignored";
}

}  // namespace

JsonFeedResult read_json_feed(std::string_view utf8, const ParseOptions& options) {
  if (nesting_depth(utf8) > kMaxJsonDepth) {
    return {std::nullopt,
            "not a feed: JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
  }
  // A broken document is still a feed when what was read of it says so (its "version").
  auto loaded = load_json(utf8);
  const json& doc = loaded.doc;
  const auto version = doc.is_object() ? trim_spaces(str(doc, "version")) : std::string_view{};
  const auto at = version.find("jsonfeed.org/version/");
  if (at == std::string_view::npos ||
      !(version.starts_with("https://") || version.starts_with("http://"))) {
    if (loaded.error.empty()) return {std::nullopt, "not a feed: a JSON document that is not a JSON Feed"};
    const bool mentions_jsonfeed = utf8.find("jsonfeed.org/version") != std::string_view::npos;
    return {std::nullopt, mentions_jsonfeed ? "not a feed: a JSON Feed that is not valid JSON"
                                            : "not a feed: not valid JSON"};
  }

  Feed feed;
  if (!loaded.error.empty()) feed.warnings.push_back(recovery_warning(loaded));
  const auto number = version.substr(at + std::string_view("jsonfeed.org/version/").size());
  if (number == "1" || number == "1/") {
    feed.format = "jsonfeed1.0";
  } else {
    feed.format = "jsonfeed1.1";
    if (number != "1.1" && number != "1.1/") {
      feed.warnings.push_back("unknown JSON Feed version '" + std::string(utf8_prefix(number, 16)) +
                              "'; read as 1.1");
    }
  }

  Context ctx{options.base_url};
  if (ctx.base.empty()) {
    const auto feed_url = str(doc, "feed_url");
    if (is_absolute_url(feed_url)) ctx.base = resolve_url({}, feed_url);
  }
  feed.title = one_line(str(doc, "title"));
  feed.link = url(ctx, str(doc, "home_page_url"));
  feed.description = plain_to_text(str(doc, "description"), Breaks::keep);
  feed.language = one_line(str(doc, "language"));
  const auto feed_authors = authors_of(doc);

  const auto items = doc.find("items");
  if (items == doc.end() || !items->is_array()) {
    feed.warnings.push_back("no \"items\" array");
    return {std::move(feed), {}};
  }
  std::size_t index = 0;
  std::size_t skipped = 0;
  for (const auto& obj : *items) {
    ++index;
    if (!obj.is_object()) {
      feed.warnings.push_back("item " + std::to_string(index) + " is not a JSON object; skipped");
      continue;
    }
    if (feed.items.size() >= kMaxItems) {
      ++skipped;
      continue;
    }
    feed.items.push_back(read_item(obj, index, ctx, feed_authors, feed));
  }
  if (skipped > 0) {
    feed.warnings.push_back("ignored " + std::to_string(skipped) + " items beyond the cap of " +
                            std::to_string(kMaxItems));
  }
  return {std::move(feed), {}};
}

}  // namespace newswatch::feeds::detail
