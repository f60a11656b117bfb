// SPDX-License-Identifier: MIT
#pragma once
// pugixml helpers shared by the RSS and Atom readers: namespace-aware names (pugixml itself keeps
// "prefix:local" names and does no namespace processing), text extraction in the three shapes
// feeds use, and xml:base. Private to feeds/parse. Pure functions over a document that must stay
// alive while the nodes are used.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "feeds/parse/detail/html_text.hpp"
#include "feeds/parse/detail/scan.hpp"

namespace newswatch::feeds::detail {

inline constexpr std::string_view kNsAtom10 = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kNsAtom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view kNsRss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kNsRss090 = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kNsRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kNsDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kNsDcTerms = "http://purl.org/dc/terms/";
inline constexpr std::string_view kNsContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kNsMedia = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kNsSy = "http://purl.org/rss/1.0/modules/syndication/";
inline constexpr std::string_view kNsItunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
inline constexpr std::string_view kNsItunesCaps = "http://www.itunes.com/DTDs/Podcast-1.0.dtd";  // old feeds
inline constexpr std::string_view kNsXhtml = "http://www.w3.org/1999/xhtml";

// A pugixml node handle is one pointer (null for an empty node) and trivially copyable: tested
// and compared here without a call into the shared library, which operator bool and operator==
// are.
static_assert(sizeof(pugi::xml_node) == sizeof(std::uintptr_t) &&
              std::is_trivially_copyable_v<pugi::xml_node>);
inline bool is_null(pugi::xml_node node) { return std::bit_cast<std::uintptr_t>(node) == 0; }
inline bool same_node(pugi::xml_node a, pugi::xml_node b) {
  return std::bit_cast<std::uintptr_t>(a) == std::bit_cast<std::uintptr_t>(b);
}
// An empty node, without the call its default constructor is.
inline pugi::xml_node null_node() { return std::bit_cast<pugi::xml_node>(std::uintptr_t{0}); }
// The same for attribute handles: past the last attribute, next_attribute() is empty.
static_assert(sizeof(pugi::xml_attribute) == sizeof(std::uintptr_t) &&
              std::is_trivially_copyable_v<pugi::xml_attribute>);
inline bool is_null(pugi::xml_attribute attribute) {
  return std::bit_cast<std::uintptr_t>(attribute) == 0;
}

// Namespace URIs equal: by address first, since a child's and its feed's usually come from the
// same xmlns attribute of the document (comparing the bytes is a memcmp call).
inline bool same_uri(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.data() == b.data() || a == b);
}

// `name`, a NUL-terminated attribute name, is xmlns or xmlns:* (it starts with "xmlns").
constexpr bool is_xmlns(const char* name) {
  for (const char c : std::string_view("xmlns")) {
    if (*name++ != c) return false;  // also stops at the terminator
  }
  return true;
}

// An element has an xmlns or xmlns:* attribute. (Inline: asked for nearly every child read, and
// most have no attribute at all, which one call tells.)
inline bool declares_namespace(pugi::xml_node element) {
  for (auto a = element.first_attribute(); !is_null(a); a = a.next_attribute()) {
    if (is_xmlns(a.name())) return true;
  }
  return false;
}

// What an element's own attributes declare, from one walk over them.
struct OwnAttributes {
  bool xmlns = false;     // a namespace (xmlns or xmlns:*)
  bool xml_base = false;  // an xml:base
};
OwnAttributes own_attributes(pugi::xml_node element);

std::string_view local_name(pugi::xml_node node);

// The namespace URI of an element: its prefix (or the default namespace) looked up in the
// xmlns attributes of it and its ancestors. An undeclared prefix that is conventional (dc,
// content, atom, media, rdf, dcterms) maps to its usual URI, since feeds often forget to declare
// it; any other undeclared prefix gives "".
std::string_view namespace_uri(pugi::xml_node node);

bool is_element(pugi::xml_node node, std::string_view ns, std::string_view local);

// Names equal, given their name_keys.
constexpr bool same_name(std::string_view a, std::uint64_t a_key, std::string_view b,
                         std::uint64_t b_key) {
  if (a.size() != b.size() || a_key != b_key) return false;
  for (std::size_t i = 8; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// An element name split at its first ':', with the name_key of the local name, in one pass over
// its bytes (names are short: strlen and memchr calls cost more than the loop).
struct SplitName {
  std::string_view prefix;  // "" without a colon
  std::string_view local;
  std::uint64_t key = 0;         // name_key(local)
  std::uint64_t prefix_key = 0;  // name_key(prefix)
};
SplitName split_name(const char* name);

// namespace_uri() and is_element() for the element children of one parent, which share its scope
// unless they declare xmlns themselves: each prefix is looked up once per parent rather than once
// per child (a walk over the ancestors' attributes). Use it for the loops over one parent.
// `outer`, when given, must be the ChildNamespaces of the parent's parent and outlive this one:
// when the parent declares no namespace, its scope is the outer one, whose memo then serves
// (the items of a channel resolve each prefix once between them, not once each).
// elements() lists the element children with their local names, read once for the several loops
// a reader makes over one parent (each pugixml accessor is a call into the shared library).
class ChildNamespaces {
 public:
  struct Element {
    pugi::xml_node node;
    std::string_view local;   // local_name(node)
    std::string_view prefix;     // before the ':', or ""
    std::uint64_t key = 0;       // name_key(local)
    std::uint64_t prefix_key = 0;  // name_key(prefix)
    // uri(*this), once it has been asked for (several loops ask for the same child's).
    mutable std::string_view ns;
    mutable bool ns_known = false;

    bool named(std::string_view name) const { return same_name(local, key, name, name_key(name)); }
  };

  // `storage`, when given, holds the list of elements() instead of a vector of this object's
  // own: a buffer reused for every item of a feed saves an allocation per item. It must outlive
  // this object and serve no other ChildNamespaces while this one is in use.
  explicit ChildNamespaces(pugi::xml_node parent, ChildNamespaces* outer = nullptr,
                           std::vector<Element>* storage = nullptr);
  // The same with `outer` given, for a parent whose attributes were read (own_attributes()).
  ChildNamespaces(pugi::xml_node parent, ChildNamespaces& outer, OwnAttributes parent_attributes);
  ChildNamespaces(const ChildNamespaces&) = delete;  // elements_ may point into this object
  ChildNamespaces& operator=(const ChildNamespaces&) = delete;
  pugi::xml_node parent() const { return parent_; }
  std::string_view uri(pugi::xml_node child);
  std::string_view uri(const Element& child);  // the same, without reading the name again
  // The same for a child whose name was split already. (Inline, as the two below: one per
  // child of every item.)
  std::string_view uri(pugi::xml_node child, const SplitName& name) {
    return uri(child, name, declares_namespace(child));
  }
  // The same for a child whose attributes were read: `declares` tells whether one is xmlns or
  // xmlns:* (AttributeValues::xmlns), which saves reading them again.
  std::string_view uri(pugi::xml_node child, const SplitName& name, bool declares) {
    return declares ? declared_uri(child, name.prefix) : scope_uri(name.prefix, name.prefix_key);
  }
  bool is(pugi::xml_node child, std::string_view ns, std::string_view local);
  // The element children of parent(), in document order (read on the first call).
  const std::vector<Element>& elements();

 private:
  // The URI bound to `prefix` at parent_ (so for children that declare nothing). `key` is
  // name_key(prefix): prefixes are compared by it (a string_view compare is a memcmp call).
  // (Inline: asked for nearly every child read. The outer scope, when there is one, is this one,
  // and its memo serves: a memo of our own would be filled anew for every item.)
  std::string_view scope_uri(std::string_view prefix, std::uint64_t key) {
    const ChildNamespaces& scope = outer_ != nullptr ? *outer_ : *this;
    for (std::size_t i = 0; i < scope.memo_count_; ++i) {
      if (same_name(scope.memo_[i].prefix, scope.memo_[i].key, prefix, key)) {
        return scope.memo_[i].uri;
      }
    }
    return (outer_ != nullptr ? *outer_ : *this).remember_uri(prefix, key);
  }
  // scope_uri() when the memo does not hold `prefix`: looked up, and remembered.
  std::string_view remember_uri(std::string_view prefix, std::uint64_t key);
  // The URI of a child that declares a namespace itself.
  static std::string_view declared_uri(pugi::xml_node child, std::string_view prefix);

  struct Memo {
    std::string_view prefix;  // into the document
    std::uint64_t key;        // name_key(prefix)
    std::string_view uri;
  };
  pugi::xml_node parent_;
  ChildNamespaces* outer_;  // null when parent_ declares a namespace or there is none
  std::array<Memo, 4> memo_{};
  std::size_t memo_count_ = 0;
  std::vector<Element> own_elements_;
  std::vector<Element>* elements_;  // &own_elements_ or the lent storage
  bool elements_read_ = false;
};

// First element child with that namespace and local name, or an empty node.
pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view local);

// child_element() for several names in one pass over the children: result[i] is the first
// element child named wanted[i] (namespace, local name), or an empty node.
struct WantedElement {
  constexpr WantedElement(std::string_view ns_uri, std::string_view local_name)
      : ns(ns_uri), local(local_name), key(name_key(local_name)) {}
  std::string_view ns;
  std::string_view local;
  std::uint64_t key;  // name_key(local)
};
// (pugixml's xml_node constructor and its test for emptiness are calls into the shared library:
// the loop tracks what it found by index, and the result is copied from nodes, not built empty.)
// One bit of a word for a name_key (a multiplicative hash), for the filter in child_elements.
constexpr std::uint64_t key_bit(std::uint64_t key) {
  return std::uint64_t{1} << ((key * 0x9E3779B97F4A7C15ULL) >> 58);
}

template <std::size_t N>
std::array<pugi::xml_node, N> child_elements(ChildNamespaces& kids,
                                             const std::array<WantedElement, N>& wanted) {
  // Most children of a channel or feed are wanted by no name (its items or entries): the bits of
  // the wanted keys pass them over without the loop over the names.
  std::uint64_t filter = 0;
  for (const auto& w : wanted) filter |= key_bit(w.key);
  std::array<const pugi::xml_node*, N> found{};
  for (const auto& child : kids.elements()) {
    if ((filter & key_bit(child.key)) == 0) continue;
    for (std::size_t i = 0; i < N; ++i) {
      // The key first: it differs for nearly every pair.
      if (wanted[i].key != child.key || found[i] != nullptr ||
          !same_name(child.local, child.key, wanted[i].local, wanted[i].key)) {
        continue;
      }
      if (wanted[i].ns == kids.uri(child)) {  // resolved only for a wanted name
        found[i] = &child.node;
        break;
      }
    }
  }
  const auto none = null_node();
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<pugi::xml_node, N>{{(found[I] != nullptr ? *found[I] : none)...}};
  }(std::make_index_sequence<N>());
}

template <std::size_t N>
std::array<pugi::xml_node, N> child_elements(pugi::xml_node parent,
                                             const std::array<WantedElement, N>& wanted) {
  ChildNamespaces kids(parent);
  return child_elements(kids, wanted);
}

// Attribute value with surrounding whitespace trimmed ("" when absent).
std::string attribute(pugi::xml_node node, const char* name);

// `s` without the XML whitespace (space, tab, CR, LF) around it. (Inline: called for every
// attribute value read, which is short and seldom padded.)
inline std::string_view trim_space(std::string_view s) {
  // (find_first_not_of(" \t\r\n") searches the set once per byte: a call each.)
  constexpr auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// `name`, a NUL-terminated attribute name from pugixml, equals `want` (compared in place: names
// are short, and strlen or strcmp would be a call).
constexpr bool name_is(const char* name, std::string_view want) {
  for (const char c : want) {
    if (*name++ != c) return false;  // also stops at the terminator
  }
  return *name == '\0';
}

// Several attributes of one element, as attribute() gives them (the first of each name, trimmed),
// in one pass over its attributes: a lookup by name is a call into pugixml and a strcmp for each
// attribute before the one found.
template <std::size_t N>
struct AttributeValues {
  std::array<std::string_view, N> value{};  // "" when absent; views into the document
  unsigned present = 0;                     // bit i: names[i] is there (even if empty)
  bool xmlns = false;                       // an attribute declares a namespace
  bool has(std::size_t i) const { return (present >> i & 1U) != 0; }
};

template <std::size_t N>
AttributeValues<N> attributes(pugi::xml_node node, const std::array<std::string_view, N>& names) {
  static_assert(N <= 8 * sizeof(unsigned));
  AttributeValues<N> out;
  // (is_null: no call to operator bool per attribute.)
  for (auto a = node.first_attribute(); !is_null(a); a = a.next_attribute()) {
    const char* name = a.name();
    out.xmlns = out.xmlns || is_xmlns(name);
    for (std::size_t i = 0; i < N; ++i) {
      if (!out.has(i) && name_is(name, names[i])) {
        out.present |= 1U << i;
        out.value[i] = trim_space(a.value());
        break;
      }
    }
  }
  return out;
}

// The character data of `node` (text and CDATA children, concatenated), or, when it has element
// children (unescaped XHTML inside <description>), its children serialized back to markup.
// `is_markup` tells which of the two it was.
std::string raw_content(pugi::xml_node node, bool& is_markup);

// raw_content() without a copy in the common case of an element holding one run of character
// data: the view then points into the document; otherwise it points into `scratch`.
std::string_view raw_content_view(pugi::xml_node node, bool& is_markup, std::string& scratch);

// How to read the content of an element as plain text.
enum class TextKind {
  text,   // plain text that may still hold stray tags or entities (RSS titles, Atom type="text")
  html,   // escaped HTML (RSS description, content:encoded, Atom type="html")
  xhtml,  // inline XHTML elements (Atom type="xhtml")
};

std::string element_text(pugi::xml_node node, TextKind kind, Breaks breaks);

// The base URI in effect at `node`: the xml:base attributes of its ancestors-or-self resolved
// outside-in against `document_url`. Returns "" when no xml:base is in scope.
std::string xml_base(pugi::xml_node node, std::string_view document_url);

// The same, remembering the last result: the base in effect depends only on the nearest element
// that carries xml:base, so items under the same one share it. One cache per document. The view
// points into the cache: valid until its next use.
struct XmlBaseCache {
  pugi::xml_node holder;
  std::string base;
  // The holder in effect at `parent` (itself or an ancestor), for the siblings under it: items
  // share their parent, so the walk up to the root is made once per parent, not once per item.
  pugi::xml_node parent;
  pugi::xml_node parent_holder;
  // The same one level up, for the children of items (an entry's links): the entries share it.
  pugi::xml_node grandparent;
  pugi::xml_node grandparent_holder;
};
std::string_view xml_base(pugi::xml_node node, std::string_view document_url, XmlBaseCache& cache);
// The same for an element known to carry xml:base (`own_base`) or not (its attributes were read):
// one lookup by name fewer.
std::string_view xml_base(pugi::xml_node element, bool own_base, std::string_view document_url,
                          XmlBaseCache& cache);

// Trimmed, whitespace-collapsed text suitable for a warning ("item 3 ('Title')").
std::string item_label(std::size_t index, std::string_view title);

}  // namespace newswatch::feeds::detail
