// SPDX-License-Identifier: MIT
#include "daemon/service/item_document.hpp"

namespace newswatch::daemon {

rules::Document to_document(const feeds::Item& item, const std::string& feed_name, const std::string& language) {
  rules::Document document;
  document.id = item.id;
  document.title = item.title;
  document.summary = item.summary;
  document.content = item.content;
  document.link = item.link;
  document.feed = feed_name;
  document.language = language;
  document.published = item.published;
  return document;
}

}  // namespace newswatch::daemon
