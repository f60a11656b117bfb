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

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

namespace {

std::string_view prefix_of(pugi::xml_node node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

// The URI bound to `prefix` ("" for the default namespace) at `from`.
std::string_view lookup_namespace(pugi::xml_node from, std::string_view prefix) {
  std::string attr_name = "xmlns";
  if (!prefix.empty()) {
    attr_name.push_back(':');
    attr_name.append(prefix);
  }
  for (auto n = from; n && n.type() == pugi::node_element; n = n.parent()) {
    if (!n.first_attribute()) continue;
    if (auto a = n.attribute(attr_name.c_str())) return a.value();
  }
  for (const auto& known : kKnownPrefixes) {
    if (known.prefix == prefix) return known.uri;
  }
  return {};
}

bool declares_namespace(pugi::xml_node node) {
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    if (std::strncmp(a.name(), "xmlns", 5) == 0) return true;
  }
  return false;
}

}  // namespace

std::string_view namespace_uri(pugi::xml_node node) { return lookup_namespace(node, prefix_of(node)); }

std::string_view ChildNamespaces::uri(pugi::xml_node child) {
  const auto prefix = prefix_of(child);
  if (declares_namespace(child)) return lookup_namespace(child, prefix);
  for (std::size_t i = 0; i < memo_count_; ++i) {
    if (memo_[i].prefix == prefix) return memo_[i].uri;
  }
  const auto found = lookup_namespace(parent_, prefix);
  if (memo_count_ < memo_.size()) memo_[memo_count_++] = {prefix, found};
  return found;
}

bool ChildNamespaces::is(pugi::xml_node child, std::string_view ns, std::string_view local) {
  return child.type() == pugi::node_element && local_name(child) == local && uri(child) == ns;
}

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local && namespace_uri(node) == ns;
}

pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  ChildNamespaces kids(parent);
  for (auto c : parent.children()) {
    if (kids.is(c, ns, local)) return c;
  }
  return {};
}

std::string attribute(pugi::xml_node node, const char* name) {
  return std::string(trim(node.attribute(name).value()));
}

std::string raw_content(pugi::xml_node node, bool& is_markup) {
  is_markup = false;
  std::string out;
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element) is_markup = true;
  }
  if (is_markup) {
    StringWriter writer(out);
    for (auto c : node.children()) c.print(writer, "", pugi::format_raw);
    return out;
  }
  for (auto c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.append(c.value());
  }
  return out;
}

std::string_view raw_content_view(pugi::xml_node node, bool& is_markup, std::string& scratch) {
  is_markup = false;
  const auto first = node.first_child();
  if (!first) return {};
  if (!first.next_sibling() && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return first.value();
  }
  scratch = raw_content(node, is_markup);
  return scratch;
}

std::string element_text(pugi::xml_node node, TextKind kind, Breaks breaks) {
  if (!node) return {};
  bool is_markup = false;
  std::string scratch;
  const std::string_view raw = raw_content_view(node, is_markup, scratch);
  if (is_markup || kind == TextKind::xhtml) return html_to_text(raw, breaks);
  // "HTML" without a tag or entity in it is plain text whose newlines are its paragraphs; read as
  // HTML they would collapse into one line.
  if (kind == TextKind::html && looks_like_markup(raw)) return html_to_text(raw, breaks);
  return plain_to_text(raw, breaks);
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

std::string xml_base(pugi::xml_node node, std::string_view document_url, XmlBaseCache& cache) {
  pugi::xml_node holder;
  for (auto n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (n.attribute("xml:base")) {
      holder = n;
      break;
    }
  }
  if (!holder) return {};
  if (holder != cache.holder) {
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
