// SPDX-License-Identifier: MIT
#include "feeds/opml.hpp"

#include <set>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace newswatch::feeds {
namespace {

struct Walker {
  OpmlList& out;
  std::set<std::string> seen;
  std::vector<std::string> folders;

  void walk(const pugi::xml_node& parent, int depth) {
    if (depth > 64) {
      out.warnings.push_back("outlines nested deeper than 64 levels were skipped");
      return;
    }
    for (auto outline : parent.children("outline")) {
      const std::string url = outline.attribute("xmlUrl").as_string();
      std::string title = outline.attribute("title").as_string();
      if (title.empty()) title = outline.attribute("text").as_string();
      if (url.empty()) {
        folders.push_back(title);
        walk(outline, depth + 1);
        folders.pop_back();
        continue;
      }
      if (!url.starts_with("http://") && !url.starts_with("https://")) {
        out.warnings.push_back(fmt::format("skipped '{}': only http and https feeds are polled", url));
        continue;
      }
      if (!seen.insert(url).second) continue;
      out.feeds.push_back({url, title.empty() ? url : title, folders});
    }
  }
};

}  // namespace

OpmlList parse_opml(std::string_view bytes) {
  OpmlList out;
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  const auto root = doc.child("opml");
  if (!parsed || !root) {
    out.error = parsed ? "not an OPML document (no <opml> root element)"
                       : fmt::format("not an OPML document: {} at byte {}", parsed.description(), parsed.offset);
    return out;
  }
  Walker walker{out, {}, {}};
  walker.walk(root.child("body"), 0);
  return out;
}

}  // namespace newswatch::feeds
