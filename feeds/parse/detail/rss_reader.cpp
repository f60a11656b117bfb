// SPDX-License-Identifier: MIT
// RSS 0.91 / 0.92 / 2.0 and RSS 1.0 / 0.90 (RDF). The two families share element names (title,
// link, description, item) and differ in where items sit and in their namespace.

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/url_resolve.hpp"
#include "feeds/parse/detail/xml_recovery.hpp"
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
// `own_base`: the element carries xml:base.
std::string_view link_base(const RssContext& ctx, pugi::xml_node element, bool own_base) {
  if (auto b = xml_base(element, own_base, ctx.options.base_url, ctx.base_cache); !b.empty()) {
    return b;
  }
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
  // Most authors are a bare name: one pass over it tells that neither form applies (the finds
  // below are a call each).
  if (std::none_of(text.begin(), text.end(), [](char c) { return c == '(' || c == '<'; })) {
    return text;
  }
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

// The local names read_item reads, told apart by length and name_key (no memcmp).
enum class ItemName : std::uint8_t {
  other, title, link, description, encoded, guid, date, body, issued, author, pub_date, updated,
  creator, subject, content, summary, modified, category, fullitem, enclosure
};

ItemName item_name(const SplitName& name) {
  const auto key = name.key;
  switch (name.local.size()) {
    case 4:
      if (key == name_key("link")) return ItemName::link;
      if (key == name_key("guid")) return ItemName::guid;
      if (key == name_key("date")) return ItemName::date;
      if (key == name_key("body")) return ItemName::body;
      break;
    case 5:
      if (key == name_key("title")) return ItemName::title;
      break;
    case 6:
      if (key == name_key("author")) return ItemName::author;
      if (key == name_key("issued")) return ItemName::issued;
      break;
    case 7:
      if (key == name_key("pubDate")) return ItemName::pub_date;
      if (key == name_key("encoded")) return ItemName::encoded;
      if (key == name_key("creator")) return ItemName::creator;
      if (key == name_key("subject")) return ItemName::subject;
      if (key == name_key("updated")) return ItemName::updated;
      if (key == name_key("content")) return ItemName::content;
      if (key == name_key("summary")) return ItemName::summary;
      break;
    case 8:
      if (key == name_key("category")) return ItemName::category;
      if (key == name_key("modified")) return ItemName::modified;
      if (key == name_key("fullitem")) return ItemName::fullitem;
      break;
    case 9:
      if (same_name(name.local, key, "enclosure", name_key("enclosure"))) return ItemName::enclosure;
      break;
    case 11:
      if (same_name(name.local, key, "description", name_key("description"))) {
        return ItemName::description;
      }
      break;
    default:
      break;
  }
  return ItemName::other;
}

// What read_item does with a child besides the first title, link, description, content:encoded,
// guid and dc:description, which it reads first: these are read after them, in document order.
enum class ItemPart : std::uint8_t {
  none, pub_date, dc_date, dcterms_issued, dc_title, body, fullitem, updated, itunes_summary,
  itunes_author, author, category, enclosure, media_content
};

ItemPart item_part(ItemName name, std::string_view cns, std::string_view ns) {
  switch (name) {
    case ItemName::pub_date:
      return cns == ns ? ItemPart::pub_date : ItemPart::none;
    case ItemName::date:
      return cns == kNsDc ? ItemPart::dc_date : ItemPart::none;
    case ItemName::issued:
      return cns == kNsDcTerms ? ItemPart::dcterms_issued : ItemPart::none;
    case ItemName::title:
      return cns == kNsDc ? ItemPart::dc_title : ItemPart::none;
    case ItemName::body:
      return cns == kNsXhtml || cns == ns ? ItemPart::body : ItemPart::none;
    case ItemName::fullitem:
      return cns == ns ? ItemPart::fullitem : ItemPart::none;
    case ItemName::updated:
      return cns == kNsAtom10 ? ItemPart::updated : ItemPart::none;
    case ItemName::modified:
      return cns == kNsDcTerms ? ItemPart::updated : ItemPart::none;
    case ItemName::summary:
      return is_itunes(cns) ? ItemPart::itunes_summary : ItemPart::none;
    case ItemName::author:
      if (is_itunes(cns)) return ItemPart::itunes_author;
      return cns == ns || cns == kNsDc ? ItemPart::author : ItemPart::none;
    case ItemName::creator:
      return cns == kNsDc ? ItemPart::author : ItemPart::none;
    case ItemName::category:
      return cns == ns ? ItemPart::category : ItemPart::none;
    case ItemName::subject:
      return cns == kNsDc ? ItemPart::category : ItemPart::none;
    case ItemName::enclosure:
      return cns == ns ? ItemPart::enclosure : ItemPart::none;
    case ItemName::content:
      return cns == kNsMedia ? ItemPart::media_content : ItemPart::none;
    default:
      return ItemPart::none;
  }
}

struct ItemChild {
  pugi::xml_node node;
  ItemPart part;
  // An enclosure's or media:content's url, type and length (or fileSize), read with its namespace.
  std::array<std::string_view, 3> media{};
};

// The children of an item, from one pass over them: the first of each name read up front (as
// child_elements finds them) and the others in document order. A child's namespace is resolved
// only when its local name is one of these (each resolution asks pugixml for its attributes).
struct ItemChildren {
  enum Slot : unsigned { title, link, description, encoded, guid, dc_description, kSlots };
  std::array<pugi::xml_node, kSlots> first;
  unsigned found = 0;  // bit i: first[i] was found (testing a node for emptiness is a call)
  bool has(Slot i) const { return (found >> i & 1U) != 0; }
  void set(Slot i, pugi::xml_node n) {
    if (has(i)) return;
    first[i] = n;
    found |= 1U << i;
  }
};

ItemChildren item_children(pugi::xml_node item, std::string_view ns, ChildNamespaces& kids,
                           std::vector<ItemChild>& rest) {
  const auto none = null_node();
  ItemChildren out{{none, none, none, none, none, none}};
  rest.clear();
  // Only elements have a name inside the root (kParseFlags): name() tells them without type().
  static_assert((kParseFlags & (pugi::parse_pi | pugi::parse_declaration)) == 0);
  for (auto c = item.first_child(); !is_null(c); c = c.next_sibling()) {
    const char* element_name = c.name();
    if (*element_name == '\0') continue;  // character data
    const auto split = split_name(element_name);
    const auto name = item_name(split);
    if (name == ItemName::other) continue;
    // Media elements: their attributes are read with the namespace check's walk over them.
    std::array<std::string_view, 3> media{};
    std::string_view cns;
    if (name == ItemName::enclosure || name == ItemName::content) {
      const auto a = name == ItemName::enclosure ? attributes<3>(c, {{"url", "type", "length"}})
                                                 : attributes<3>(c, {{"url", "type", "fileSize"}});
      media = a.value;
      cns = kids.uri(c, split, a.xmlns);
    } else {
      cns = kids.uri(c, split);
    }
    switch (name) {
      case ItemName::title:
        if (cns == ns) out.set(ItemChildren::title, c);
        break;
      case ItemName::link:
        if (cns == ns) out.set(ItemChildren::link, c);
        break;
      case ItemName::description:
        if (cns == ns && !out.has(ItemChildren::description)) {
          out.set(ItemChildren::description, c);
        } else if (cns == kNsDc) {
          out.set(ItemChildren::dc_description, c);
        }
        break;
      case ItemName::encoded:
        if (cns == kNsContent) out.set(ItemChildren::encoded, c);
        break;
      case ItemName::guid:
        if (cns == ns) out.set(ItemChildren::guid, c);
        break;
      default:
        break;
    }
    if (const auto part = item_part(name, cns, ns); part != ItemPart::none) {
      rest.push_back({c, part, media});
    }
  }
  return out;
}

// `siblings` resolves namespaces for the children of the item's parent; `rest` is the buffer for
// the item's children read in document order, reused from item to item.
// `item` is new, in place in feed.items.
void read_item(pugi::xml_node node, std::size_t index, const RssContext& ctx,
               ChildNamespaces& siblings, std::vector<ItemChild>& rest, Item& item, Feed& feed) {
  const auto ns = ctx.core_ns;
  const auto own = own_attributes(node);
  ChildNamespaces kids(node, siblings, own);
  const auto children = item_children(node, ns, kids, rest);
  const auto& first = children.first;
  if (children.has(ItemChildren::title)) {
    item.title = element_text(first[ItemChildren::title], TextKind::text, Breaks::collapse);
  }
  const auto base = link_base(ctx, node, own.xml_base);
  std::string scratch;
  if (children.has(ItemChildren::link)) {
    bool markup = false;
    const auto href = raw_content_view(first[ItemChildren::link], markup, scratch);
    if (!markup) item.link = resolve_url(base, href);
  }
  if (children.has(ItemChildren::description)) {
    item.summary = element_text(first[ItemChildren::description], TextKind::html, Breaks::keep);
  } else if (children.has(ItemChildren::dc_description)) {
    item.summary = element_text(first[ItemChildren::dc_description], TextKind::html, Breaks::keep);
  }
  if (children.has(ItemChildren::encoded)) {
    item.content = element_text(first[ItemChildren::encoded], TextKind::html, Breaks::keep);
  }

  if (children.has(ItemChildren::guid)) {
    const auto guid = first[ItemChildren::guid];
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
  for (const auto& [c, part, media] : rest) {
    switch (part) {
      case ItemPart::pub_date:
        if (!item.published) item.published = read_date(c, "pubDate", index, item.title, feed);
        break;
      case ItemPart::dc_date:
        if (!item.published) item.published = read_date(c, "dc:date", index, item.title, feed);
        break;
      case ItemPart::dcterms_issued:
        if (!item.published) {
          item.published = read_date(c, "dcterms:issued", index, item.title, feed);
        }
        break;
      case ItemPart::dc_title:
        if (item.title.empty()) item.title = element_text(c, TextKind::text, Breaks::collapse);
        break;
      case ItemPart::body:
      case ItemPart::fullitem: {
        // Full text from writers that put it in an XHTML <body> or a <fullitem> of escaped HTML.
        const auto kind = part == ItemPart::body ? TextKind::xhtml : TextKind::html;
        if (item.content.empty()) item.content = element_text(c, kind, Breaks::keep);
        break;
      }
      case ItemPart::updated:
        if (!item.updated) item.updated = read_date(c, "updated", index, item.title, feed);
        break;
      case ItemPart::itunes_summary:
        // Podcast feeds: Apple's summary stands in for a missing description.
        if (item.summary.empty()) item.summary = element_text(c, TextKind::html, Breaks::keep);
        break;
      case ItemPart::itunes_author:
        if (itunes_author.empty()) itunes_author = element_text(c, TextKind::text, Breaks::collapse);
        break;
      case ItemPart::author:
        add_unique(item.authors, author_name(element_text(c, TextKind::text, Breaks::collapse)));
        break;
      case ItemPart::category:
        add_unique(item.categories, element_text(c, TextKind::text, Breaks::collapse));
        break;
      case ItemPart::enclosure:
      case ItemPart::media_content:
        add_enclosure(item, {resolve_url(base, media[0]), std::string(media[1]), to_length(media[2])});
        break;
      case ItemPart::none:
        break;
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
  std::vector<ItemChild> item_rest;
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
      read_item(child.node, index, ctx, kids, item_rest, feed.items.emplace_back(), feed);
    }
  }
  if (skipped > 0) {
    feed.warnings.push_back("ignored " + std::to_string(skipped) + " items beyond the cap of " +
                            std::to_string(kMaxItems));
  }
}

}  // namespace newswatch::feeds::detail
