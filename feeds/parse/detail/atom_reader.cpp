// SPDX-License-Identifier: MIT
// Atom 1.0 (RFC 4287) and the older Atom 0.3, whose differences are names (issued/modified,
// tagline) and the content "mode" attribute.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <vector>

#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/url_resolve.hpp"
#include "feeds/parse/detail/xml_recovery.hpp"
#include "feeds/parse/detail/xml_text.hpp"
#include "feeds/parse/encoding.hpp"

namespace newswatch::feeds::detail {
namespace {

struct AtomContext {
  std::string_view ns;
  const ParseOptions& options;
  mutable XmlBaseCache base_cache;
  // The child list of the person being read, one buffer for all (see ChildNamespaces).
  mutable std::vector<ChildNamespaces::Element> person_children;
};

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// A media type or mode as compared lower-cased to lower-case literals, without a lower-cased
// copy (a string built and destroyed for every text construct and link).
struct LowerCase {
  std::string_view s;
  bool empty() const { return s.empty(); }
  bool operator==(std::string_view lower) const { return equal_ignoring_ascii_case(s, lower); }
  bool starts_with(std::string_view lower) const {
    return s.size() >= lower.size() && equal_ignoring_ascii_case(s.substr(0, lower.size()), lower);
  }
  bool ends_with(std::string_view lower) const {
    return s.size() >= lower.size() &&
           equal_ignoring_ascii_case(s.substr(s.size() - lower.size()), lower);
  }
};

// Atom resolves against xml:base, else the document's own URL (RFC 4287 §2, RFC 3986 §5.1).
// A view into the context (its base cache, feed link or options): use it before the next call.
std::string_view link_base(const AtomContext& ctx, pugi::xml_node node) {
  if (auto b = xml_base(node, ctx.options.base_url, ctx.base_cache); !b.empty()) return b;
  return ctx.options.base_url;
}

// The attributes a text construct's reading depends on, as attribute() would give them (the
// first of each name, trimmed), read in one pass: a lookup by name is a call into pugixml and a
// strcmp per attribute.
struct TextConstructAttributes {
  LowerCase type;  // trimmed; views into the document
  LowerCase mode;  // Atom 0.3
  bool has_src = false;
  bool xmlns = false;  // an attribute declares a namespace (see ChildNamespaces::uri)
};

TextConstructAttributes text_construct_attributes(pugi::xml_node node) {
  TextConstructAttributes out;
  bool type_seen = false, mode_seen = false, src_seen = false;
  for (auto a = node.first_attribute(); !is_null(a); a = a.next_attribute()) {
    const char* name = a.name();
    out.xmlns = out.xmlns || is_xmlns(name);
    if (!type_seen && name_is(name, "type")) {
      type_seen = true;
      out.type = {trim_space(a.value())};
    } else if (!mode_seen && name_is(name, "mode")) {
      mode_seen = true;
      out.mode = {trim_space(a.value())};
    } else if (!src_seen && name_is(name, "src")) {
      src_seen = true;
      out.has_src = !trim_space(a.value()).empty();
    }
  }
  return out;
}

// Base64 (RFC 4648), whitespace ignored, up to the first '='; "" when anything else is not base64
// (text that was never encoded must not turn into bytes).
std::string decode_base64(std::string_view text) {
  if (const auto pad = text.find('='); pad != std::string_view::npos) {
    if (text.find_first_not_of("= \t\r\n", pad) != std::string_view::npos) return {};
    text = text.substr(0, pad);
  }
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    else return {};
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>(bits >> 16));
      out.push_back(static_cast<char>(bits >> 8));
      out.push_back(static_cast<char>(bits));
      bits = 0;
      count = 0;
    }
  }
  if (count == 3) {
    out.push_back(static_cast<char>(bits >> 10));
    out.push_back(static_cast<char>(bits >> 2));
  } else if (count == 2) {
    out.push_back(static_cast<char>(bits >> 4));
  }
  return out;
}

// A text construct (title, summary, content, subtitle) as plain text, given its attributes.
std::string text_construct(pugi::xml_node node, const TextConstructAttributes& attrs,
                           Breaks breaks) {
  if (attrs.has_src) return {};  // out-of-line content: nothing to read here
  const auto type = attrs.type;
  const auto mode = attrs.mode;
  if (mode == "base64") {
    // Atom 0.3 lets text be base64-encoded: decoded (as UTF-8) when its type is text or markup.
    const bool markup =
        type == "html" || type == "text/html" || type == "xhtml" || type.ends_with("xml");
    if (!markup && !type.empty() && type != "text" && !type.starts_with("text/")) return {};
    auto decoded = decode_base64(element_text(node, TextKind::text, Breaks::collapse));
    repair_utf8(decoded);
    return markup ? html_to_text(decoded, breaks) : plain_to_text(decoded, breaks);
  }
  if (type == "xhtml" || mode == "xml" || type == "application/xhtml+xml") {
    return element_text(node, TextKind::xhtml, breaks);
  }
  if (type == "html" || type == "text/html" || mode == "escaped") {
    return element_text(node, TextKind::html, breaks);
  }
  if (type.empty() || type == "text" || type == "text/plain") {
    return element_text(node, TextKind::text, breaks);
  }
  if (type.starts_with("text/") || type.ends_with("+xml") || type.ends_with("/xml")) {
    return element_text(node, TextKind::text, breaks);
  }
  // Other media types are base64 (RFC 4287 §4.1.3.3): kept only when they decode to text (JSON,
  // or text some writers label application/octet-stream), not images or other binary data.
  auto decoded = decode_base64(element_text(node, TextKind::text, Breaks::collapse));
  if (decoded.empty() || repair_utf8(decoded) > 0) return {};
  for (char c : decoded) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') return {};
  }
  return plain_to_text(decoded, breaks);
}

std::string text_construct(pugi::xml_node node, Breaks breaks) {
  if (is_null(node)) return {};
  return text_construct(node, text_construct_attributes(node), breaks);
}

std::optional<std::uint64_t> to_length(std::string_view s) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// The attributes of an Atom link that the readers use, in one pass.
struct LinkAttributes {
  std::string_view rel, type, href, length;  // trimmed, "" when absent
  bool has_base = false;                     // carries xml:base
};

LinkAttributes link_attributes(pugi::xml_node link) {
  const auto a = attributes<5>(link, {{"rel", "type", "href", "length", "xml:base"}});
  return {a.value[0], a.value[1], a.value[2], a.value[3], a.has(4)};
}

// A link's target: its href, or, from writers that forget the attribute, its text content (then
// held in `scratch`).
std::string_view link_href(pugi::xml_node link, const LinkAttributes& attrs, std::string& scratch) {
  if (!attrs.href.empty()) return attrs.href;
  if (link.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) return {};
  scratch = element_text(link, TextKind::text, Breaks::collapse);
  return scratch;
}

// The base for a link's href: link_base() without looking up xml:base by name again.
std::string_view link_base(const AtomContext& ctx, pugi::xml_node link,
                           const LinkAttributes& attrs) {
  if (auto b = xml_base(link, attrs.has_base, ctx.options.base_url, ctx.base_cache); !b.empty()) {
    return b;
  }
  return ctx.options.base_url;
}

// The children of an entry (or a feed, or a source) read after its first title, id, summary and
// so on, in document order: each list is one of these.
enum class EntryPart : std::uint8_t { link, author, source, category, dc_subject };

struct EntryChild {
  pugi::xml_node node;
  EntryPart part;
  LinkAttributes link{};          // a link's, read with its namespace
  std::string_view label, term;  // a category's, the same
};

// The links and authors among the element children of `kids`, for a feed and a source (an entry's
// come from entry_children()).
std::vector<EntryChild> links_and_authors(ChildNamespaces& kids, std::string_view ns) {
  std::vector<EntryChild> out;
  for (const auto& child : kids.elements()) {
    if (child.named("link") && kids.uri(child) == ns) {
      out.push_back({child.node, EntryPart::link, link_attributes(child.node), {}, {}});
    }
    if (child.named("author") && kids.uri(child) == ns) {
      out.push_back({child.node, EntryPart::author, {}, {}, {}});
    }
  }
  return out;
}

// The alternate link: rel="alternate" or no rel, text/html (or untyped) preferred.
std::string alternate_link(const std::vector<EntryChild>& children, const AtomContext& ctx) {
  std::string fallback;
  std::string scratch;
  for (const auto& child : children) {
    if (child.part != EntryPart::link) continue;
    const auto& c = child.node;
    const auto& attrs = child.link;
    const auto rel = attrs.rel;
    if (!rel.empty() && rel != "alternate" && rel != "http://www.iana.org/assignments/relation/alternate") {
      continue;
    }
    const auto href = link_href(c, attrs, scratch);
    if (href.empty()) continue;
    auto resolved = resolve_url(link_base(ctx, c, attrs), href);
    const LowerCase type{attrs.type};
    if (type.empty() || type == "text/html" || type == "application/xhtml+xml") return resolved;
    if (fallback.empty()) fallback = std::move(resolved);
  }
  return fallback;
}

// The authors among `children`, the children of `kids`' parent.
std::vector<std::string> persons(const std::vector<EntryChild>& children, ChildNamespaces& kids,
                                 const AtomContext& ctx) {
  std::vector<std::string> names;
  for (const auto& child : children) {
    if (child.part != EntryPart::author) continue;
    const auto& c = child.node;
    // Its children resolve prefixes through `kids` (a lookup by itself walks up to the root).
    ChildNamespaces person(c, &kids, &ctx.person_children);
    const auto [name_node, email_node] =
        child_elements<2>(person, {{{ctx.ns, "name"}, {ctx.ns, "email"}}});
    auto name = element_text(name_node, TextKind::text, Breaks::collapse);
    if (name.empty()) name = element_text(email_node, TextKind::text, Breaks::collapse);
    // Some writers put the name directly in <author>.
    if (name.empty() && person.elements().empty()) {
      name = element_text(c, TextKind::text, Breaks::collapse);
    }
    add_unique(names, std::move(name));
  }
  return names;
}

// The local names read_entry reads, told apart by length and name_key (no memcmp).
enum class EntryName : std::uint8_t {
  other, title, id, summary, content, published, issued, created, updated, modified, link, author,
  source, category, subject
};

EntryName entry_name(const SplitName& name) {
  const auto key = name.key;
  switch (name.local.size()) {
    case 2:
      if (key == name_key("id")) return EntryName::id;
      break;
    case 4:
      if (key == name_key("link")) return EntryName::link;
      break;
    case 5:
      if (key == name_key("title")) return EntryName::title;
      break;
    case 6:
      if (key == name_key("author")) return EntryName::author;
      if (key == name_key("issued")) return EntryName::issued;
      if (key == name_key("source")) return EntryName::source;
      break;
    case 7:
      if (key == name_key("summary")) return EntryName::summary;
      if (key == name_key("content")) return EntryName::content;
      if (key == name_key("updated")) return EntryName::updated;
      if (key == name_key("created")) return EntryName::created;
      if (key == name_key("subject")) return EntryName::subject;
      break;
    case 8:
      if (key == name_key("category")) return EntryName::category;
      if (key == name_key("modified")) return EntryName::modified;
      break;
    case 9:
      if (same_name(name.local, key, "published", name_key("published"))) {
        return EntryName::published;
      }
      break;
    default:
      break;
  }
  return EntryName::other;
}

// The children of an entry from one pass over them: the first of each text and date element,
// and the links, authors, sources and categories in document order (in `rest`). A child's
// namespace is resolved only when its local name is one of these.
struct EntryChildren {
  enum Slot : unsigned {
    title, id, summary, content, published, issued, created, updated, modified, kSlots
  };
  std::array<pugi::xml_node, kSlots> first;
  unsigned found = 0;  // bit i: first[i] was found (testing a node for emptiness is a call)
  // The attributes of the title, summary and content (slots 0, 2, 3), read with their namespace.
  std::array<TextConstructAttributes, 4> text{};
  bool has(Slot i) const { return (found >> i & 1U) != 0; }
};

EntryChildren entry_children(pugi::xml_node entry, std::string_view ns, ChildNamespaces& kids,
                             std::vector<EntryChild>& rest) {
  const auto none = null_node();
  EntryChildren out{{none, none, none, none, none, none, none, none, none}};
  rest.clear();
  // Only elements have a name inside the root (kParseFlags): name() tells them without type().
  static_assert((kParseFlags & (pugi::parse_pi | pugi::parse_declaration)) == 0);
  for (auto c = entry.first_child(); !is_null(c); c = c.next_sibling()) {
    const char* element_name = c.name();
    if (*element_name == '\0') continue;  // character data
    const auto split = split_name(element_name);
    const auto name = entry_name(split);
    if (name == EntryName::other) continue;
    // Links and categories: their attributes are read with the namespace check's walk over them.
    if (name == EntryName::link) {
      const auto a = attributes<5>(c, {{"rel", "type", "href", "length", "xml:base"}});
      if (same_uri(kids.uri(c, split, a.xmlns), ns)) {
        const LinkAttributes link{a.value[0], a.value[1], a.value[2], a.value[3], a.has(4)};
        rest.push_back({c, EntryPart::link, link, {}, {}});
      }
      continue;
    }
    if (name == EntryName::category) {
      const auto a = attributes<2>(c, {{"label", "term"}});
      if (same_uri(kids.uri(c, split, a.xmlns), ns)) {
        rest.push_back({c, EntryPart::category, {}, a.value[0], a.value[1]});
      }
      continue;
    }
    // Text constructs: their attributes are read with the namespace check's walk over them.
    if (name == EntryName::title || name == EntryName::summary || name == EntryName::content) {
      const auto slot = static_cast<unsigned>(name) - static_cast<unsigned>(EntryName::title);
      const auto attrs = text_construct_attributes(c);
      if (same_uri(kids.uri(c, split, attrs.xmlns), ns) &&
          !out.has(static_cast<EntryChildren::Slot>(slot))) {
        out.first[slot] = c;
        out.found |= 1U << slot;
        out.text[slot] = attrs;
      }
      continue;
    }
    const auto cns = kids.uri(c, split);
    if (name == EntryName::subject) {
      if (cns == kNsDc) rest.push_back({c, EntryPart::dc_subject, {}, {}, {}});
      continue;
    }
    if (!same_uri(cns, ns)) continue;
    switch (name) {
      case EntryName::author:
        rest.push_back({c, EntryPart::author, {}, {}, {}});
        break;
      case EntryName::source:
        rest.push_back({c, EntryPart::source, {}, {}, {}});
        break;
      default: {
        // The slots are in the order of EntryName's first names.
        const auto slot = static_cast<unsigned>(name) - static_cast<unsigned>(EntryName::title);
        if (!out.has(static_cast<EntryChildren::Slot>(slot))) {
          out.first[slot] = c;
          out.found |= 1U << slot;
        }
        break;
      }
    }
  }
  return out;
}

// `siblings` resolves namespaces for the children of the entry's parent.
// `rest` is the buffer for the entry's children read in document order, reused from entry to
// entry. `item` is new, in place in feed.items.
void read_entry(pugi::xml_node node, std::size_t index, const AtomContext& ctx,
                ChildNamespaces& siblings, std::vector<EntryChild>& rest,
                const std::vector<std::string>& feed_authors, Item& item, Feed& feed) {
  const auto ns = ctx.ns;
  ChildNamespaces kids(node, &siblings);
  const auto children = entry_children(node, ns, kids, rest);
  const auto text = [&children](EntryChildren::Slot slot, Breaks breaks) {
    return children.has(slot)
               ? text_construct(children.first[slot], children.text[slot], breaks)
               : std::string();
  };
  const auto date = [&](EntryChildren::Slot slot, std::string_view what) {
    return children.has(slot) ? read_date(children.first[slot], what, index, item.title, feed)
                              : std::nullopt;
  };
  item.title = text(EntryChildren::title, Breaks::collapse);
  if (children.has(EntryChildren::id)) {
    item.id = element_text(children.first[EntryChildren::id], TextKind::text, Breaks::collapse);
  }
  item.link = alternate_link(rest, ctx);
  item.summary = text(EntryChildren::summary, Breaks::keep);
  item.content = text(EntryChildren::content, Breaks::keep);
  // Out-of-line content (RFC 4287 §4.1.3.2) is the best link left when there is no alternate.
  if (item.link.empty() && children.has(EntryChildren::content)) {
    const auto content = children.first[EntryChildren::content];
    if (!attribute(content, "src").empty()) {
      item.link = resolve_url(link_base(ctx, content), attribute(content, "src"));
    }
  }

  item.published = date(EntryChildren::published, "published");
  if (!item.published) item.published = date(EntryChildren::issued, "issued");
  if (!item.published) item.published = date(EntryChildren::created, "created");
  item.updated = date(EntryChildren::updated, "updated");
  if (!item.updated) item.updated = date(EntryChildren::modified, "modified");

  item.authors = persons(rest, kids, ctx);
  if (item.authors.empty()) {
    // The first <source>.
    for (const auto& child : rest) {
      if (child.part != EntryPart::source) continue;
      ChildNamespaces source_kids(child.node, &kids);
      item.authors = persons(links_and_authors(source_kids, ns), source_kids, ctx);
      break;
    }
  }
  if (item.authors.empty()) item.authors = feed_authors;  // RFC 4287 §4.2.1: inherited from the feed

  for (const auto& child : rest) {
    const auto& c = child.node;
    if (child.part == EntryPart::category) {
      // The label is for people, the term is the category itself: the label first, and the
      // term too when it says more than the label in another case.
      auto label_attr = plain_to_text(child.label, Breaks::collapse);
      auto term = plain_to_text(child.term, Breaks::collapse);
      const bool term_too = label_attr.empty() || !equal_ignoring_ascii_case(label_attr, term);
      add_unique(item.categories, std::move(label_attr));
      if (term_too) add_unique(item.categories, std::move(term));
    } else if (child.part == EntryPart::dc_subject) {
      add_unique(item.categories, element_text(c, TextKind::text, Breaks::collapse));
    } else if (child.part == EntryPart::link) {
      const auto& attrs = child.link;
      if (attrs.rel != "enclosure") continue;
      std::string scratch;
      const auto href = link_href(c, attrs, scratch);
      if (href.empty()) continue;
      item.enclosures.push_back({resolve_url(link_base(ctx, c, attrs), href),
                                 std::string(attrs.type), to_length(attrs.length)});
    }
  }
}

}  // namespace

void read_atom(pugi::xml_node root, std::string_view ns, const ParseOptions& options, Feed& feed) {
  AtomContext ctx{ns, options, {}, {}};
  ChildNamespaces kids(root);
  // The feed's own elements in one pass over its children (which are mostly entries).
  const auto [title, subtitle, tagline, updated, modified] = child_elements<5>(
      kids, {{{ns, "title"}, {ns, "subtitle"}, {ns, "tagline"}, {ns, "updated"}, {ns, "modified"}}});
  feed.title = text_construct(title, Breaks::collapse);
  const auto links_and_authors_of_feed = links_and_authors(kids, ns);
  feed.link = alternate_link(links_and_authors_of_feed, ctx);
  feed.description = text_construct(subtitle, Breaks::keep);
  if (feed.description.empty()) feed.description = text_construct(tagline, Breaks::keep);
  feed.language = attribute(root, "xml:lang");
  feed.updated = read_date(updated, "updated", "feed", feed);
  if (!feed.updated) feed.updated = read_date(modified, "modified", "feed", feed);
  const auto feed_authors = persons(links_and_authors_of_feed, kids, ctx);

  std::size_t index = 0;
  std::size_t skipped = 0;
  std::vector<EntryChild> entry_rest;
  feed.items.reserve(std::min(kids.elements().size(), kMaxItems));  // no regrowth
  for (const auto& child : kids.elements()) {
    if (!child.named("entry") || kids.uri(child) != ns) continue;
    ++index;
    if (feed.items.size() >= kMaxItems) {
      ++skipped;
      continue;
    }
    // Read in place: an Item is moved no more. (read_entry adds warnings to feed, never items.)
    read_entry(child.node, index, ctx, kids, entry_rest, feed_authors,
               feed.items.emplace_back(), feed);
  }
  if (skipped > 0) {
    feed.warnings.push_back("ignored " + std::to_string(skipped) + " entries beyond the cap of " +
                            std::to_string(kMaxItems));
  }
}

}  // namespace newswatch::feeds::detail
