// SPDX-License-Identifier: MIT
// RSS 0.91 / 0.92 / 2.0 and RSS 1.0 / 0.90 (RDF). The two families share element names (title,
// link, description, item) and differ in where items sit and in their namespace.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iterator>

#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/url_resolve.hpp"
#include "feeds/parse/detail/xml_text.hpp"

namespace newswatch::feeds::detail {
namespace {

struct RssContext {
  std::string_view core_ns;
  const ParseOptions& options;
  std::string feed_link;  // absolute when known
  mutable XmlBaseCache base_cache;
};

// RSS has no notion of a document base; relative links are most likely relative to the site the
// channel links to, so that comes before the URL the feed was fetched from.
// A view into the context (its base cache, feed link or options): use it before the next call.
std::string_view link_base(const RssContext& ctx, pugi::xml_node node) {
  if (auto b = xml_base(node, ctx.options.base_url, ctx.base_cache); !b.empty()) return b;
  if (!ctx.feed_link.empty()) return ctx.feed_link;
  return ctx.options.base_url;
}

std::optional<std::uint64_t> to_length(std::string_view s) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

void add_enclosure(Item& item, Enclosure e) {
  if (e.url.empty()) return;
  for (const auto& existing : item.enclosures) {
    if (existing.url == e.url) return;
  }
  item.enclosures.push_back(std::move(e));
}

// The name in an RSS author, which is meant to be an e-mail address and in practice is any of
// "editor@example.org (Jane Roe)", "Jane Roe (editor@example.org)", "Jane Roe <editor@example.org>"
// or just a name: → "Jane Roe". Anything else is kept as written.
std::string author_name(std::string text) {
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open != std::string::npos && close != std::string::npos && close > open + 1) {
    const auto before = text.substr(0, open);
    const auto inside = text.substr(open + 1, close - open - 1);
    if (before.find('@') != std::string::npos) return plain_to_text(inside, Breaks::collapse);
    if (inside.find('@') != std::string::npos && close + 1 == text.size()) {
      if (auto name = plain_to_text(before, Breaks::collapse); !name.empty()) return name;
    }
  }
  const auto lt = text.rfind('<');
  if (lt != std::string::npos && lt > 0 && text.back() == '>' &&
      text.find('@', lt) != std::string::npos) {
    if (auto name = plain_to_text(text.substr(0, lt), Breaks::collapse); !name.empty()) return name;
  }
  return text;
}

// Apple's podcast namespace, also written with capitals by old feeds.
bool is_itunes(std::string_view ns) { return ns == kNsItunes || ns == kNsItunesCaps; }

// `siblings` resolves namespaces for the children of the item's parent; `children` is the
// buffer for the item's child list, reused from item to item.
// `item` is new, in place in feed.items.
void read_item(pugi::xml_node node, std::size_t index, const RssContext& ctx,
               ChildNamespaces& siblings, std::vector<ChildNamespaces::Element>& children,
               Item& item, Feed& feed) {
  const auto ns = ctx.core_ns;
  ChildNamespaces kids(node, &siblings, &children);
  const auto [title, link, description, encoded, guid, dc_description] =
      child_elements<6>(kids, {{{ns, "title"},
                                {ns, "link"},
                                {ns, "description"},
                                {kNsContent, "encoded"},
                                {ns, "guid"},
                                {kNsDc, "description"}}});
  item.title = element_text(title, TextKind::text, Breaks::collapse);
  const auto base = link_base(ctx, node);
  std::string scratch;
  if (link) {
    bool markup = false;
    const auto href = raw_content_view(link, markup, scratch);
    if (!markup) item.link = resolve_url(base, href);
  }
  item.summary = element_text(description ? description : dc_description, TextKind::html, Breaks::keep);
  item.content = element_text(encoded, TextKind::html, Breaks::keep);

  if (guid) {
    bool markup = false;
    item.id = plain_to_text(raw_content_view(guid, markup, scratch), Breaks::collapse);
    // guid is a permalink unless it says otherwise; use it when there is no <link>.
    if (item.link.empty() && !item.id.empty() && attribute(guid, "isPermaLink") != "false" &&
        is_absolute_url(item.id)) {
      item.link = resolve_url(base, item.id);
    }
  }
  if (item.id.empty()) {
    if (auto about = attribute(node, "rdf:about"); !about.empty()) item.id = resolve_url(base, about);
  }

  std::string itunes_author;
  for (const auto& child : kids.elements()) {
    const auto& c = child.node;
    const auto local = child.local;
    // Resolving a namespace walks the ancestors: do it only for the names read below. (A switch
    // on the length first: most children are title, link, guid and description, read above.)
    const auto key = child.key;
    bool read = false;
    switch (local.size()) {
      case 4:
        read = key == name_key("date") || key == name_key("body");
        break;
      case 5:
        read = key == name_key("title") && item.title.empty();
        break;
      case 6:
        read = key == name_key("author") || key == name_key("issued");
        break;
      case 7:
        read = key == name_key("pubDate") || key == name_key("updated") ||
               key == name_key("creator") || key == name_key("subject") ||
               key == name_key("content") || key == name_key("summary");
        break;
      case 8:
        read = key == name_key("modified") || key == name_key("category") ||
               key == name_key("fullitem");
        break;
      case 9:
        read = child.named("enclosure");
        break;
      default:
        break;
    }
    if (!read) continue;
    const auto cns = kids.uri(child);
    if (cns == ns && local == "pubDate") {
      if (!item.published) item.published = read_date(c, "pubDate", index, item.title, feed);
    } else if ((cns == kNsDc && local == "date") || (cns == kNsDcTerms && local == "issued")) {
      const auto what = local == "date" ? "dc:date" : "dcterms:issued";
      if (!item.published) item.published = read_date(c, what, index, item.title, feed);
    } else if (cns == kNsDc && local == "title") {
      item.title = element_text(c, TextKind::text, Breaks::collapse);
    } else if (((cns == kNsXhtml || cns == ns) && local == "body") ||
               (cns == ns && local == "fullitem")) {
      // Full text from writers that put it in an XHTML <body> or a <fullitem> of escaped HTML.
      const auto kind = local == "body" ? TextKind::xhtml : TextKind::html;
      if (item.content.empty()) item.content = element_text(c, kind, Breaks::keep);
    } else if ((cns == kNsAtom10 && local == "updated") || (cns == kNsDcTerms && local == "modified")) {
      if (!item.updated) item.updated = read_date(c, "updated", index, item.title, feed);
    } else if (is_itunes(cns) && local == "summary") {
      // Podcast feeds: Apple's summary stands in for a missing description.
      if (item.summary.empty()) item.summary = element_text(c, TextKind::html, Breaks::keep);
    } else if (is_itunes(cns) && local == "author") {
      if (itunes_author.empty()) itunes_author = element_text(c, TextKind::text, Breaks::collapse);
    } else if ((cns == ns && local == "author") ||
               (cns == kNsDc && (local == "creator" || local == "author"))) {
      add_unique(item.authors, author_name(element_text(c, TextKind::text, Breaks::collapse)));
    } else if ((cns == ns && local == "category") || (cns == kNsDc && local == "subject")) {
      add_unique(item.categories, element_text(c, TextKind::text, Breaks::collapse));
    } else if (cns == ns && local == "enclosure") {
      const auto a = attributes<3>(c, {{"url", "type", "length"}});
      add_enclosure(
          item, {resolve_url(base, a.value[0]), std::string(a.value[1]), to_length(a.value[2])});
    } else if (cns == kNsMedia && local == "content") {
      const auto a = attributes<3>(c, {{"url", "type", "fileSize"}});
      add_enclosure(
          item, {resolve_url(base, a.value[0]), std::string(a.value[1]), to_length(a.value[2])});
    }
  }
  if (item.authors.empty()) add_unique(item.authors, std::move(itunes_author));
}

// <ttl>60</ttl> (minutes) and <sy:updatePeriod>hourly</sy:updatePeriod> with
// <sy:updateFrequency>2</sy:updateFrequency> (twice an hour): the longer wins. Nonsense is ignored.
// The channel's own elements, found in one pass over its children (which are mostly items).
struct ChannelElements {
  pugi::xml_node title, link, description, language, dc_language, last_build_date, pub_date,
      dc_date, ttl, update_period, update_frequency, skip_hours, skip_days;
};

ChannelElements channel_elements(ChildNamespaces& kids, std::string_view ns) {
  const auto [title, link, description, language, dc_language, last_build_date, pub_date, dc_date,
              ttl, update_period, update_frequency, skip_hours, skip_days] =
      child_elements<13>(kids, {{{ns, "title"},
                                 {ns, "link"},
                                 {ns, "description"},
                                 {ns, "language"},
                                 {kNsDc, "language"},
                                 {ns, "lastBuildDate"},
                                 {ns, "pubDate"},
                                 {kNsDc, "date"},
                                 {ns, "ttl"},
                                 {kNsSy, "updatePeriod"},
                                 {kNsSy, "updateFrequency"},
                                 {ns, "skipHours"},
                                 {ns, "skipDays"}}});
  return {title, link, description, language, dc_language, last_build_date, pub_date,
          dc_date, ttl, update_period, update_frequency, skip_hours, skip_days};
}

void read_poll_hints(const ChannelElements& elements, std::string_view ns, Feed& feed) {
  std::optional<std::chrono::seconds> hint;
  const auto number = [](pugi::xml_node node) -> long {
    const std::string text = node ? element_text(node, TextKind::text, Breaks::collapse) : std::string();
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    return (!text.empty() && end && *end == '\0' && value > 0 && value <= 525600) ? value : 0;
  };
  if (const long minutes = number(elements.ttl)) hint = std::chrono::minutes(minutes);
  if (auto period_node = elements.update_period) {
    const auto period = element_text(period_node, TextKind::text, Breaks::collapse);
    const long frequency = std::max(1L, number(elements.update_frequency));
    std::chrono::seconds length{0};
    if (period == "hourly") length = std::chrono::hours(1);
    else if (period == "daily") length = std::chrono::hours(24);
    else if (period == "weekly") length = std::chrono::hours(24 * 7);
    else if (period == "monthly") length = std::chrono::hours(24 * 30);
    else if (period == "yearly") length = std::chrono::hours(24 * 365);
    if (length.count() > 0) hint = std::max(hint.value_or(std::chrono::seconds(0)), length / frequency);
  }
  feed.min_poll_interval = hint;

  if (auto hours = elements.skip_hours) {
    for (auto hour = hours.first_child(); hour; hour = hour.next_sibling()) {
      if (!is_element(hour, ns, "hour")) continue;
      const auto text = element_text(hour, TextKind::text, Breaks::collapse);
      int value = -1;
      if (std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc{} && value >= 0 && value <= 24)
        feed.skip_hours.push_back(value % 24);  // some publishers write 1-24
    }
  }
  if (auto days = elements.skip_days) {
    static constexpr std::string_view kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    for (auto day = days.first_child(); day; day = day.next_sibling()) {
      if (!is_element(day, ns, "day")) continue;
      const auto text = element_text(day, TextKind::text, Breaks::collapse);
      for (int i = 0; i < 7; ++i)
        if (text == kDays[i]) feed.skip_days.push_back(i);
    }
  }
}

void read_channel(ChildNamespaces& kids, RssContext& ctx, Feed& feed) {
  const auto ns = ctx.core_ns;
  const auto channel = kids.parent();
  const ChannelElements elements = channel_elements(kids, ns);
  feed.title = element_text(elements.title, TextKind::text, Breaks::collapse);
  if (feed.title.empty()) {
    feed.title = element_text(child_element(channel, kNsDc, "title"), TextKind::text, Breaks::collapse);
  }
  if (auto link = elements.link) {
    bool markup = false;
    const auto href = raw_content(link, markup);
    if (!markup && !href.empty()) {
      auto base = xml_base(channel, ctx.options.base_url);
      feed.link = resolve_url(base.empty() ? ctx.options.base_url : base, href);
      if (is_absolute_url(feed.link)) ctx.feed_link = feed.link;
    }
  }
  feed.description = element_text(elements.description, TextKind::html, Breaks::keep);
  // Podcast feeds without a description: Apple's summary, else its subtitle.
  for (const char* name : {"summary", "subtitle"}) {
    for (const auto itunes : {kNsItunes, kNsItunesCaps}) {
      if (!feed.description.empty()) break;
      feed.description = element_text(child_element(channel, itunes, name), TextKind::html, Breaks::keep);
    }
  }
  feed.language = element_text(elements.language, TextKind::text, Breaks::collapse);
  if (feed.language.empty()) {
    feed.language = element_text(elements.dc_language, TextKind::text, Breaks::collapse);
  }
  feed.updated = read_date(elements.last_build_date, "lastBuildDate", "channel", feed);
  if (!feed.updated) feed.updated = read_date(elements.pub_date, "pubDate", "channel", feed);
  if (!feed.updated) feed.updated = read_date(elements.dc_date, "dc:date", "channel", feed);
  if (!feed.updated) {
    const auto modified = child_element(channel, kNsDcTerms, "modified");
    feed.updated = read_date(modified, "dcterms:modified", "channel", feed);
  }
  read_poll_hints(elements, ns, feed);
}

}  // namespace

void read_rss(pugi::xml_node root, std::string_view core_ns, const ParseOptions& options, Feed& feed) {
  RssContext ctx{core_ns, options, {}, {}};
  ChildNamespaces root_kids(root);
  const auto channel = child_elements<1>(root_kids, {{{core_ns, "channel"}}})[0];
  ChildNamespaces channel_kids(channel, &root_kids);
  if (channel) {
    read_channel(channel_kids, ctx, feed);
  } else {
    feed.warnings.push_back("no <channel> element");
  }
  // RSS 2.0 puts items in the channel, RSS 1.0 beside it; accept either in both.
  std::size_t index = 0;
  std::size_t skipped = 0;
  std::vector<ChildNamespaces::Element> item_children;
  for (auto* kids_of : {&channel_kids, &root_kids}) {
    auto& kids = *kids_of;
    if (!kids.parent()) continue;
    // At most one item per child: no regrowth (each moved every item so far).
    feed.items.reserve(feed.items.size() + std::min(kids.elements().size(), kMaxItems));
    for (const auto& child : kids.elements()) {
      if (!child.named("item") || kids.uri(child) != core_ns) continue;
      ++index;
      if (feed.items.size() >= kMaxItems) {
        ++skipped;
        continue;
      }
      // Read in place: an Item is moved no more. (read_item adds warnings to feed, never items.)
      read_item(child.node, index, ctx, kids, item_children, feed.items.emplace_back(), feed);
    }
  }
  if (skipped > 0) {
    feed.warnings.push_back("ignored " + std::to_string(skipped) + " items beyond the cap of " +
                            std::to_string(kMaxItems));
  }
}

}  // namespace newswatch::feeds::detail
