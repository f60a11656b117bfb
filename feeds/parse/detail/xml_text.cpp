// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/xml_text.hpp"

#include <array>
#include <cstring>
#include <vector>

#include "feeds/parse/detail/url_resolve.hpp"
#include "feeds/parse/encoding.hpp"

namespace newswatch::feeds::detail {
namespace {

struct KnownPrefix {
  std::string_view prefix;
  std::string_view uri;
};

constexpr std::array<KnownPrefix, 7> kKnownPrefixes = {{
    {"atom", kNsAtom10},
    {"content", kNsContent},
    {"dc", kNsDc},
    {"dcterms", kNsDcTerms},
    {"media", kNsMedia},
    {"rdf", kNsRdf},
    {"xhtml", kNsXhtml},
}};

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override { out_.append(static_cast<const char*>(data), size); }

 private:
  std::string& out_;
};

// An element's own text (its leading character data, which pugixml keeps in the element's value
// with parse_embed_pcdata) into the sink as append_escaped_text reads it printed; `first` is the
// element's first child, whose text follows it when it is character data too.
void append_own_text(const char* value, pugi::xml_node first, pugi::xml_node_type first_type,
                     TextSink& sink) {
  if (*value == '\0') return;
  append_escaped_text(value, sink, first_type == pugi::node_pcdata ? *first.value() : '\0');
}

// The text of `parent` (its own, then its children's) into the sink as append_html reads it once
// serialized by xml_node::print (format_raw), without printing it: tags by tag_action(), text by
// append_escaped_text(), CDATA as text, comments dropped. Iterative, so deep documents cannot
// exhaust the stack. Returns false, with the sink in an unspecified state, for the rare shapes
// whose serialization append_html would read differently: names it takes for text, processing
// instructions (their text ends at the first '>'), script or style with more than text in it.
bool append_children_as_html(pugi::xml_node parent, TextSink& sink) {
  auto act = [&sink](TagAction action) {
    if (action == TagAction::block_break) {
      sink.block_break();
    } else if (action == TagAction::space) {
      sink.space();
    }
  };
  // Each accessor is a call into libpugixml: every node's type and next sibling are asked for
  // once (the type of the sibling after a text is also the next node's), and type() of an empty
  // node (node_null) tells the end of a list of siblings.
  pugi::xml_node up = parent;  // the element whose children are being read
  std::size_t depth = 0;       // elements open below `parent`
  pugi::xml_node n = parent.first_child();
  auto type = n.type();
  append_own_text(parent.value(), n, type, sink);
  while (true) {
    switch (type) {
      case pugi::node_null:
        // The end of up's children: it closes, and its next sibling follows.
        if (depth == 0) return true;
        act(tag_action(up.name(), true, false));
        n = up;
        up = up.parent();
        --depth;
        break;
      case pugi::node_pcdata: {
        const auto after = n.next_sibling();
        const auto after_type = after.type();
        append_escaped_text(n.value(), sink,
                            after_type == pugi::node_pcdata ? *after.value() : '\0');
        n = after;
        type = after_type;
        continue;
      }
      case pugi::node_cdata:
        sink.text(n.value());
        break;
      case pugi::node_comment:
        break;
      case pugi::node_element: {
        const auto first = n.first_child();
        const auto first_type = first.type();
        const char* name = n.name();  // read once for its two tag_action calls (no strlen)
        const char* value = n.value();  // its own text: printed between its tags
        const bool empty = first_type == pugi::node_null && *value == '\0';
        const auto action = tag_action(name, false, empty);
        if (action == TagAction::literal) return false;
        sink.note_tag();
        if (action == TagAction::raw_text) {
          // Skipped up to its end tag, which is the first "</" when it holds only escaped text.
          auto c = first;
          for (auto t = first_type; t != pugi::node_null; t = c.type()) {
            if (t != pugi::node_pcdata) return false;
            c = c.next_sibling();
          }
          sink.space();
          break;
        }
        act(action);
        append_own_text(value, first, first_type, sink);
        if (first_type != pugi::node_null) {  // descend
          up = n;
          ++depth;
          n = first;
          type = first_type;
          continue;
        }
        if (!empty) act(tag_action(name, true, false));  // its end tag, after its own text
        break;
      }
      default:
        return false;
    }
    n = n.next_sibling();
    type = n.type();
  }
}

bool has_element_child(pugi::xml_node node) {
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

// The name_key of `p` up to its first NUL (or, with kAtColon, its first ':') and where it
// stopped: at that byte, or at the ninth. (Bounded by eight, the loop is unrolled, and bytes past
// the key are only searched for the end, not packed.)
struct KeyRun {
  std::uint64_t key = 0;
  const char* end;
};

// The bytes that end a key run: NUL, and with kAtColon ':' too. (A table: one test per byte of
// every element name read, instead of two.)
template <bool kAtColon>
constexpr std::array<bool, 256> kRunEnd = [] {
  std::array<bool, 256> t{};
  t[0] = true;
  t[':'] = kAtColon;
  return t;
}();

template <bool kAtColon>
KeyRun key_run(const char* p) {
  std::uint64_t key = 0;
  for (unsigned i = 0; i < 8; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (kRunEnd<kAtColon>[c]) return {key, p + i};
    key |= std::uint64_t{c} << (8 * i);
  }
  return {key, p + 8};
}

}  // namespace

SplitName split_name(const char* name) {
  const auto first = key_run<true>(name);
  const char* p = first.end;
  while (*p != '\0' && *p != ':') ++p;
  if (*p == '\0') return {{}, std::string_view(name, static_cast<std::size_t>(p - name)), first.key};
  const char* local = p + 1;  // after the first ':' (a second one belongs to the local name)
  const auto rest = key_run<false>(local);
  const char* end = rest.end;
  while (*end != '\0') ++end;
  return {std::string_view(name, static_cast<std::size_t>(p - name)),
          std::string_view(local, static_cast<std::size_t>(end - local)), rest.key, first.key};
}

namespace {

std::string_view prefix_of(pugi::xml_node node) { return split_name(node.name()).prefix; }

}  // namespace

std::string_view local_name(pugi::xml_node node) { return split_name(node.name()).local; }

namespace {

// The URI bound to `prefix` ("" for the default namespace) at `from`. (The attributes are
// compared in place: node.attribute("xmlns:" + prefix) would build the name first.)
std::string_view lookup_namespace(pugi::xml_node from, std::string_view prefix) {
  for (auto n = from; n && n.type() == pugi::node_element; n = n.parent()) {
    for (auto a = n.first_attribute(); !is_null(a); a = a.next_attribute()) {
      const char* name = a.name();
      if (name[0] != 'x' || std::strncmp(name, "xmlns", 5) != 0) continue;
      const std::string_view rest(name + 5);
      if (prefix.empty() ? rest.empty()
                         : rest.size() == prefix.size() + 1 && rest.front() == ':' &&
                               rest.substr(1) == prefix) {
        return a.value();
      }
    }
  }
  for (const auto& known : kKnownPrefixes) {
    if (known.prefix == prefix) return known.uri;
  }
  return {};
}

}  // namespace

OwnAttributes own_attributes(pugi::xml_node element) {
  OwnAttributes out;
  for (auto a = element.first_attribute(); !is_null(a); a = a.next_attribute()) {
    const char* name = a.name();
    out.xmlns = out.xmlns || is_xmlns(name);
    out.xml_base = out.xml_base || name_is(name, "xml:base");
  }
  return out;
}

std::string_view namespace_uri(pugi::xml_node node) { return lookup_namespace(node, prefix_of(node)); }

ChildNamespaces::ChildNamespaces(pugi::xml_node parent, ChildNamespaces* outer,
                                 std::vector<Element>* storage)
    : parent_(parent),
      // The outer scope's own outer scope, when it has one, is the same scope: asked directly.
      outer_(outer == nullptr || declares_namespace(parent) ? nullptr
             : outer->outer_ != nullptr                     ? outer->outer_
                                                            : outer),
      elements_(storage != nullptr ? storage : &own_elements_) {}

ChildNamespaces::ChildNamespaces(pugi::xml_node parent, ChildNamespaces& outer,
                                 OwnAttributes parent_attributes)
    : parent_(parent),
      outer_(parent_attributes.xmlns      ? nullptr
             : outer.outer_ != nullptr    ? outer.outer_
                                          : &outer),
      elements_(&own_elements_) {}

std::string_view ChildNamespaces::remember_uri(std::string_view prefix, std::uint64_t key) {
  const auto found = lookup_namespace(parent_, prefix);
  if (memo_count_ < memo_.size()) memo_[memo_count_++] = {prefix, key, found};
  return found;
}

std::string_view ChildNamespaces::declared_uri(pugi::xml_node child, std::string_view prefix) {
  return lookup_namespace(child, prefix);
}

std::string_view ChildNamespaces::uri(pugi::xml_node child) {
  return uri(child, split_name(child.name()));
}


std::string_view ChildNamespaces::uri(const Element& child) {
  if (!child.ns_known) {
    child.ns = declares_namespace(child.node) ? lookup_namespace(child.node, child.prefix)
                                              : scope_uri(child.prefix, child.prefix_key);
    child.ns_known = true;
  }
  return child.ns;
}

const std::vector<ChildNamespaces::Element>& ChildNamespaces::elements() {
  if (!elements_read_) {
    elements_read_ = true;
    elements_->clear();
    elements_->reserve(16);
    // type() is node_null past the last child: one call instead of operator bool and type().
    for (auto c = parent_.first_child();; c = c.next_sibling()) {
      const auto type = c.type();
      if (type == pugi::node_null) break;
      if (type != pugi::node_element) continue;
      const auto name = split_name(c.name());
      elements_->push_back({c, name.local, name.prefix, name.key, name.prefix_key});
    }
  }
  return *elements_;
}

bool ChildNamespaces::is(pugi::xml_node child, std::string_view ns, std::string_view local) {
  return child.type() == pugi::node_element && local_name(child) == local && uri(child) == ns;
}

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local && namespace_uri(node) == ns;
}

pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  ChildNamespaces kids(parent);
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (kids.is(c, ns, local)) return c;
  }
  return {};
}

std::string attribute(pugi::xml_node node, const char* name) {
  return std::string(trim_space(node.attribute(name).value()));
}

std::string raw_content(pugi::xml_node node, bool& is_markup) {
  is_markup = has_element_child(node);
  const char* value = node.value();  // its own text (parse_embed_pcdata), before its children
  std::string out;
  if (is_markup) {
    StringWriter writer(out);
    if (*value != '\0') {
      // Escaped as print escapes character data: by pugixml itself, from a copy (rare: text
      // before inline markup that the XHTML walk does not take).
      pugi::xml_document text;
      text.append_child(pugi::node_pcdata).set_value(value);
      text.print(writer, "", pugi::format_raw);
    }
    for (auto c = node.first_child(); c; c = c.next_sibling())
      c.print(writer, "", pugi::format_raw);
    return out;
  }
  out = value;
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.append(c.value());
  }
  return out;
}

namespace {

// The character data of `first`, the first child of an element, when it is the only child and
// is text or CDATA (the common shape), else nullptr. (Each accessor is a call into libpugixml:
// this shape is told with as few of them as possible.) `type` is first.type().
const char* only_text_child(pugi::xml_node first, pugi::xml_node_type type) {
  if (type != pugi::node_pcdata && type != pugi::node_cdata) return nullptr;
  return is_null(first.next_sibling()) ? first.value() : nullptr;
}

// element_text() for character data without element children.
std::string text_content(std::string_view raw, TextKind kind, Breaks breaks) {
  if (kind == TextKind::xhtml) return html_to_text(raw, breaks);
  // "HTML" without a tag or entity in it is plain text whose newlines are its paragraphs; read as
  // HTML they would collapse into one line.
  if (kind == TextKind::html && looks_like_markup(raw)) return html_to_text(raw, breaks);
  return plain_to_text(raw, breaks);
}

}  // namespace

std::string_view raw_content_view(pugi::xml_node node, bool& is_markup, std::string& scratch) {
  is_markup = false;
  // With parse_embed_pcdata an element's text is its value when it has no child (the common
  // shape): two calls. CDATA, and text after a child, are children as before.
  const char* value = node.value();  // "" for an empty node
  const auto first = node.first_child();
  if (is_null(first)) return value;
  if (*value == '\0') {
    if (const char* text = only_text_child(first, first.type())) return text;
  }
  scratch = raw_content(node, is_markup);
  return scratch;
}

std::string element_text(pugi::xml_node node, TextKind kind, Breaks breaks) {
  const char* value = node.value();       // "" for an empty node; see raw_content_view()
  const auto first = node.first_child();  // empty for an empty node
  if (is_null(first)) return *value != '\0' ? text_content(value, kind, breaks) : std::string();
  if (*value == '\0') {
    if (const char* text = only_text_child(first, first.type())) {
      return text_content(text, kind, breaks);
    }
  }
  // Element children (inline XHTML): read from the tree, as html_to_text would read them printed;
  // printed and read for the rare shapes the walk leaves out.
  if (has_element_child(node)) {
    // Inline XHTML is mostly article bodies: room for a paragraph or two saves regrowing the
    // buffer from nothing (the size is not known before the walk).
    TextSink sink(breaks, 512);
    if (append_children_as_html(node, sink)) return finish_text(sink, breaks);
    bool is_markup = false;
    return html_to_text(raw_content(node, is_markup), breaks);
  }
  // Several runs of character data (text around a comment, CDATA sections): concatenated.
  bool is_markup = false;  // stays false: there is no element child
  std::string scratch;
  return text_content(raw_content_view(node, is_markup, scratch), kind, breaks);
}

std::string xml_base(pugi::xml_node node, std::string_view document_url) {
  std::vector<std::string_view> bases;
  for (auto n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (auto a = n.attribute("xml:base")) bases.emplace_back(a.value());
  }
  if (bases.empty()) return {};
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = resolve_url(base, *it);
  return base;
}

namespace {

// The nearest element at or above `node` that carries xml:base, or an empty node.
pugi::xml_node xml_base_holder(pugi::xml_node node) {
  for (auto n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (n.attribute("xml:base")) return n;
  }
  return {};
}

}  // namespace

std::string_view xml_base(pugi::xml_node node, std::string_view document_url, XmlBaseCache& cache) {
  if (is_null(node) || node.type() != pugi::node_element) return {};
  return xml_base(node, static_cast<bool>(node.attribute("xml:base")), document_url, cache);
}

std::string_view xml_base(pugi::xml_node node, bool own_base, std::string_view document_url,
                          XmlBaseCache& cache) {
  pugi::xml_node holder;
  if (own_base) {
    holder = node;
  } else {
    const auto parent = node.parent();
    if (!same_node(parent, cache.parent)) {
      cache.parent = parent;
      if (parent.type() != pugi::node_element) {
        cache.parent_holder = {};
      } else if (parent.attribute("xml:base")) {
        cache.parent_holder = parent;
      } else {
        // Siblings of the parent (the entries of a feed) share its parent's holder.
        const auto grandparent = parent.parent();
        if (!same_node(grandparent, cache.grandparent)) {
          cache.grandparent = grandparent;
          cache.grandparent_holder = xml_base_holder(grandparent);
        }
        cache.parent_holder = cache.grandparent_holder;
      }
    }
    holder = cache.parent_holder;
  }
  if (is_null(holder)) return {};
  if (!same_node(holder, cache.holder)) {
    cache.base = xml_base(holder, document_url);
    cache.holder = holder;
  }
  return cache.base;
}

std::string item_label(std::size_t index, std::string_view title) {
  std::string label = "item " + std::to_string(index);
  const auto t = plain_to_text(title, Breaks::collapse);
  if (!t.empty()) {
    const auto shown = utf8_prefix(t, 60);
    label += " ('" + std::string(shown) + (shown.size() < t.size() ? "…" : "") + "')";
  }
  return label;
}

}  // namespace newswatch::feeds::detail
