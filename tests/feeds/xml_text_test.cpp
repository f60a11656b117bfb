// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/xml_text.hpp"

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace newswatch::feeds::detail {
namespace {

// element_text reads inline XHTML by walking the tree; it used to print the children and read
// them with html_to_text. Both must give the same text on every tree, this one included.
std::string printed_then_read(pugi::xml_node node, Breaks breaks) {
  bool is_markup = false;
  return html_to_text(raw_content(node, is_markup), breaks);
}

// A random <content> element of tags, text, CDATA and comments, the trees the XHTML walk reads.
std::string random_content(std::mt19937& rng) {
  // Names: block and inline tags, cells and images (a space), script and style (skipped), names
  // append_html would not read as tags, prefixed, upper-case and too long names, names cut by a
  // character that ends a tag name.
  // clang-format off
  static constexpr std::array<const char*, 22> names = {
      "p",      "div",    "br",          "span",  "b",        "td",       "img",   "li",
      "script", "style",  "template",    "_x",    "xhtml:p",  "P",        "SCRIPT", "figcaption",
      "x.y",    "p.q",    "abcdefghijklmnopq",  "h1",  "a",  "blockquote"};
  // Text as it appears in the source: references pugixml decodes (control characters included,
  // which print back as references), double escapes, whitespace of every kind.
  static constexpr std::array<const char*, 24> texts = {
      "word", " ", "  ", "\n", "\t", "\r\n", "&amp;", "&lt;", "&gt;", "&amp;lt;p&amp;gt;", "&amp;amp;",
      "&amp;#38;", "&#1;", "&#12;", "&#11;", "&#x1F;", "a&amp;b", "x &lt; y", "&lt;!--", "&amp;&#1;",
      "\xC2\xA0", "&#160;", "日本", "&amp;quot;"};
  // clang-format on
  std::string xml = "<content>";
  std::vector<std::string> open;
  const auto steps = rng() % 24;
  for (unsigned k = 0; k < steps; ++k) {
    switch (rng() % 7) {
      case 0:
      case 1: {
        const std::string name = names[rng() % names.size()];
        if (rng() % 4 == 0) {
          xml += "<" + name + (rng() % 2 ? " a=\"1 > 0\" b='x\"y'" : "") + "/>";
        } else {
          xml += "<" + name + (rng() % 3 == 0 ? " class=\"c\"" : "") + ">";
          open.push_back(name);
        }
        break;
      }
      case 2:
        if (!open.empty()) {
          xml += "</" + open.back() + ">";
          open.pop_back();
        }
        break;
      case 3:
        xml += "<![CDATA[" + std::string(texts[rng() % texts.size()]) + " <b>]]]>";
        break;
      case 4:
        if (rng() % 3 == 0) xml += "<!-- c -->";
        break;
      default:
        xml += texts[rng() % texts.size()];
    }
  }
  while (!open.empty()) {
    xml += "</" + open.back() + ">";
    open.pop_back();
  }
  return xml + "</content>";
}

TEST(ElementText, XhtmlWalkAgreesWithPrintingAndReading) {
  std::mt19937 rng(11);
  for (int round = 0; round < 4000; ++round) {
    const std::string xml = random_content(rng);
    // (With parse_embed_pcdata, as feeds are parsed, an element's leading text is its value.)
    for (unsigned options :
         {pugi::parse_default, pugi::parse_default | pugi::parse_comments | pugi::parse_pi,
          pugi::parse_default | pugi::parse_embed_pcdata,
          pugi::parse_default | pugi::parse_embed_pcdata | pugi::parse_comments}) {
      pugi::xml_document doc;
      ASSERT_TRUE(doc.load_string(xml.c_str(), options)) << xml;
      const auto node = doc.document_element();
      for (auto breaks : {Breaks::keep, Breaks::collapse}) {
        ASSERT_EQ(element_text(node, TextKind::xhtml, breaks), printed_then_read(node, breaks))
            << xml;
      }
    }
  }
}

TEST(ElementText, EmbeddedTextReadsAsTextNodes) {
  // parse_embed_pcdata keeps an element's leading text in its value: every element of every
  // tree must read and print as it does with the text in a node of its own.
  std::mt19937 rng(12);
  for (int round = 0; round < 3000; ++round) {
    const std::string xml = random_content(rng);
    pugi::xml_document nodes;
    pugi::xml_document embedded;
    ASSERT_TRUE(nodes.load_string(xml.c_str()));
    ASSERT_TRUE(embedded.load_string(xml.c_str(), pugi::parse_default | pugi::parse_embed_pcdata));
    // Elements in document order, in both trees alike.
    std::vector<pugi::xml_node> a;
    std::vector<pugi::xml_node> b;
    for (auto [root, out] : {std::pair{nodes.document_element(), &a},
                             std::pair{embedded.document_element(), &b}}) {
      std::vector<pugi::xml_node> stack{root};
      while (!stack.empty()) {
        const auto n = stack.back();
        stack.pop_back();
        out->push_back(n);
        for (auto c = n.last_child(); c; c = c.previous_sibling()) {
          if (c.type() == pugi::node_element) stack.push_back(c);
        }
      }
    }
    ASSERT_EQ(a.size(), b.size()) << xml;
    for (std::size_t i = 0; i < a.size(); ++i) {
      bool markup_a = false;
      bool markup_b = false;
      ASSERT_EQ(raw_content(a[i], markup_a), raw_content(b[i], markup_b)) << xml;
      ASSERT_EQ(markup_a, markup_b) << xml;
      std::string scratch_a;
      std::string scratch_b;
      ASSERT_EQ(raw_content_view(a[i], markup_a, scratch_a),
                raw_content_view(b[i], markup_b, scratch_b))
          << xml;
      ASSERT_EQ(markup_a, markup_b) << xml;
      for (auto kind : {TextKind::text, TextKind::html, TextKind::xhtml}) {
        for (auto breaks : {Breaks::keep, Breaks::collapse}) {
          ASSERT_EQ(element_text(a[i], kind, breaks), element_text(b[i], kind, breaks)) << xml;
        }
      }
    }
  }
}

TEST(ElementText, XhtmlReadFromTheTree) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<content><div xmlns='http://www.w3.org/1999/xhtml'><p>One &amp;amp; <b>two</b></p>"
      "<script>var x = 1 &lt; 2;</script><p>&amp;lt;i&amp;gt;three&amp;lt;/i&amp;gt;</p>"
      "<ul><li>a</li><li>b<img src='x'/>c</li></ul></div></content>"));
  // Escaped twice ("&amp;amp;"): the second pass reads the text again and keeps its paragraphs.
  EXPECT_EQ(element_text(doc.document_element(), TextKind::xhtml, Breaks::keep),
            "One & two\nthree\na\nb c");
  EXPECT_EQ(element_text(doc.document_element(), TextKind::xhtml, Breaks::collapse),
            "One & two three a b c");
  ASSERT_TRUE(
      doc.load_string("<content><div><p>One &amp; <b>two</b></p><style>p {}</style><p>three</p>"
                      "<ul><li>a</li><li>b<img src='x'/>c</li></ul></div></content>"));
  EXPECT_EQ(element_text(doc.document_element(), TextKind::xhtml, Breaks::keep),
            "One & two\nthree\na\nb c");
}

TEST(NameKey, TellsNamesApartByLengthAndAllTheirBytes) {
  static_assert(name_key("") == 0);
  static_assert(name_key("a") == 'a');
  static_assert(name_key("link") != name_key("guid"));
  // Names longer than eight bytes share their key with any name of the same first eight bytes:
  // the rest is compared byte by byte.
  static_assert(name_key("lastBuildDate") == name_key("lastBuilt"));
  static_assert(name_key("description") == name_key("descriptor"));
  constexpr auto same = [](std::string_view a, std::string_view b) {
    return same_name(a, name_key(a), b, name_key(b));
  };
  static_assert(same("description", "description"));
  static_assert(!same("description", "descriptions"));
  static_assert(!same("description", "descriptiom"));
  static_assert(!same("descriptio", "description"));
  static_assert(!same("title", "titles"));
  static_assert(!same("titles", "title"));
  static_assert(same("lastBuildDate", "lastBuildDate"));
  static_assert(!same("lastBuildDatf", "lastBuildDate"));
  static_assert(!same("", "a") && same("", ""));
}

TEST(SplitName, AgreesWithSplittingAtTheFirstColon) {
  // Every length from 0 to 20 with colons anywhere (none, one, several, first or last byte):
  // split_name packs the key in a bounded loop and only searches the bytes past it.
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string name(static_cast<std::size_t>(round % 21), 'a');
    for (auto& c : name) {
      const auto r = rng() % 8;
      c = r == 0 ? ':' : static_cast<char>('a' + rng() % 26);
    }
    const auto colon = name.find(':');
    const std::string_view whole(name);
    const auto prefix = colon == std::string::npos ? std::string_view() : whole.substr(0, colon);
    const auto local = colon == std::string::npos ? whole : whole.substr(colon + 1);
    const auto split = split_name(name.c_str());
    ASSERT_EQ(split.prefix, prefix) << name;
    ASSERT_EQ(split.local, local) << name;
    ASSERT_EQ(split.key, name_key(local)) << name;
    ASSERT_EQ(split.prefix_key, name_key(prefix)) << name;
    ASSERT_EQ(split.local.data(), name.c_str() + (colon == std::string::npos ? 0 : colon + 1));
  }
}

TEST(OwnAttributes, TellsNamespaceAndBaseDeclarationsInOneWalk) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<r><a/><a x='1' y='2'/><a y='1' xmlns:x='u'/><a xmlns='u'/>"
                              "<a q='1' xml:base='b/'/><a xml:base='b/' xmlns:x='u'/>"
                              "<a xml:basex='1' xmlnsx='2'/></r>"));
  std::vector<std::pair<bool, bool>> got;
  for (auto a = doc.document_element().first_child(); a; a = a.next_sibling()) {
    const auto own = own_attributes(a);
    got.emplace_back(own.xmlns, own.xml_base);
  }
  // (Any name starting with "xmlns" counts, as declares_namespace has always read it.)
  const std::vector<std::pair<bool, bool>> want = {{false, false}, {false, false}, {true, false},
                                                   {true, false},  {false, true},  {true, true},
                                                   {true, false}};
  EXPECT_EQ(got, want);
}

TEST(NodeHandles, AreTestedAndComparedWithoutCalls) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<r><a/><b/></r>"));
  const auto r = doc.document_element();
  EXPECT_TRUE(is_null(null_node()));
  EXPECT_TRUE(is_null(pugi::xml_node()));
  EXPECT_TRUE(is_null(r.first_child().first_child()));
  EXPECT_FALSE(is_null(r));
  EXPECT_TRUE(same_node(r.first_child(), r.last_child().previous_sibling()));
  EXPECT_FALSE(same_node(r.first_child(), r.last_child()));
  EXPECT_TRUE(same_node(r.first_child().next_sibling().next_sibling(), null_node()));
  EXPECT_TRUE(is_null(r.first_attribute()));
  EXPECT_TRUE(is_null(pugi::xml_attribute()));
  ASSERT_TRUE(doc.load_string("<r a='1' b=''/>"));
  const auto a = doc.document_element().first_attribute();
  EXPECT_FALSE(is_null(a));
  EXPECT_FALSE(is_null(a.next_attribute()));  // an empty value is still an attribute
  EXPECT_TRUE(is_null(a.next_attribute().next_attribute()));
}

TEST(SameUri, ComparesTheBytesWhenTheAddressesDiffer) {
  const std::string a = "http://www.w3.org/2005/Atom";
  const std::string b = a;
  EXPECT_TRUE(same_uri(a, a));
  EXPECT_TRUE(same_uri(a, b));
  EXPECT_TRUE(same_uri(a, kNsAtom10));
  EXPECT_FALSE(same_uri(a, kNsAtom03));
  EXPECT_FALSE(same_uri(std::string_view(a).substr(0, 10), a));  // same address, shorter
  EXPECT_TRUE(same_uri("", std::string_view()));
}

TEST(ChildNamespaces, ResolvesThroughTheOutermostScopeUnlessTheParentDeclares) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<rss xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:x='urn:root'><channel>"
      "<item><dc:a/><x:a/><a/></item>"
      "<item xmlns:x='urn:item'><x:a/><dc:a/></item>"
      "<item><x:a xmlns:x='urn:own'/><x:a/></item></channel></rss>"));
  const auto channel = doc.document_element().first_child();
  ChildNamespaces root(doc.document_element());
  ChildNamespaces kids_of_channel(channel, &root);
  std::vector<std::string> got;
  for (auto item = channel.first_child(); item; item = item.next_sibling()) {
    ChildNamespaces kids(item, kids_of_channel, own_attributes(item));
    for (auto c = item.first_child(); c; c = c.next_sibling()) {
      got.emplace_back(kids.uri(c, split_name(c.name())));
    }
  }
  const std::vector<std::string> want = {"http://purl.org/dc/elements/1.1/",
                                         "urn:root",
                                         "",
                                         "urn:item",
                                         "http://purl.org/dc/elements/1.1/",
                                         "urn:own",
                                         "urn:root"};
  EXPECT_EQ(got, want);
}

TEST(ChildElements, MatchesLocalNamesInTheirNamespaces) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<rss xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:x='urn:other'><channel><item>"
      "<x:title>other</x:title><title>plain</title><dc:title>dc</dc:title>"
      "<description>long name</description><descriptionx>longer</descriptionx>"
      "<content:encoded>undeclared but conventional</content:encoded>"
      "<foo:link>undeclared</foo:link><link>url</link>"
      "<guid xmlns='http://purl.org/dc/elements/1.1/'>default redeclared</guid>"
      "<dc:guid xmlns:dc='urn:changed'>prefix redeclared</dc:guid>"
      "<a:b:c>two colons</a:b:c>"
      "<q/><qr/><qrs/><q:qrst/><qrstu/><qrstuv/><qrstuvw/><qrstuvwx/><qrstuvwxy/>"
      "</item></channel></rss>"));
  const auto channel = doc.document_element().first_child();
  ChildNamespaces outer(channel);
  std::vector<ChildNamespaces::Element> storage;
  ChildNamespaces kids(channel.first_child(), &outer, &storage);
  const auto found = child_elements<10>(kids, {{{"", "title"},
                                                {kNsDc, "title"},
                                                {"urn:other", "title"},
                                                {"", "description"},
                                                {kNsContent, "encoded"},
                                                {"", "link"},
                                                {"", "guid"},
                                                {kNsDc, "guid"},
                                                {"urn:changed", "guid"},
                                                {"", "b:c"}}});
  const auto text = [](pugi::xml_node n) { return std::string(n.child_value()); };
  EXPECT_EQ(text(found[0]), "plain");
  EXPECT_EQ(text(found[1]), "dc");
  EXPECT_EQ(text(found[2]), "other");
  EXPECT_EQ(text(found[3]), "long name");
  EXPECT_EQ(text(found[4]), "undeclared but conventional");
  // An undeclared prefix that is not a conventional one is in no namespace (""), as <link> is.
  EXPECT_EQ(text(found[5]), "undeclared");
  EXPECT_FALSE(found[6]);  // the only guid without a prefix is in the dc namespace
  EXPECT_EQ(text(found[7]), "default redeclared");
  EXPECT_EQ(text(found[8]), "prefix redeclared");
  EXPECT_EQ(text(found[9]), "two colons");  // split at the first colon, prefix "a" undeclared
  ASSERT_EQ(kids.elements().size(), 20u);
  for (const auto& e : kids.elements()) {  // keys read from the document, of every length
    EXPECT_TRUE(e.named(e.local)) << e.local;
    EXPECT_EQ(e.key, name_key(e.local)) << e.local;
  }
}

TEST(ChildElements, AgreesWithAScanPerNameAmongManySiblings) {
  // Random children, most of them unwanted (as a channel's items are), some sharing a wanted
  // name's first eight bytes: child_elements passes most over by a filter of the wanted keys.
  const std::array<const char*, 12> names = {"item",      "title",     "titles",  "link",
                                             "ttl",       "language",  "languag", "lastBuildDate",
                                             "lastBuilt", "skipHours", "image",   "dc:language"};
  std::mt19937 rng(5);
  for (int round = 0; round < 300; ++round) {
    std::string xml = "<channel xmlns:dc='http://purl.org/dc/elements/1.1/'>";
    const auto count = rng() % 40;
    for (unsigned k = 0; k < count; ++k) {
      const std::string name = names[rng() % names.size()];
      xml += "<" + name + ">" + std::to_string(k) + "</" + name + ">";
    }
    xml += "</channel>";
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    const auto channel = doc.document_element();
    ChildNamespaces kids(channel);
    const std::array<WantedElement, 6> wanted = {{{"", "title"},
                                                  {"", "link"},
                                                  {"", "language"},
                                                  {kNsDc, "language"},
                                                  {"", "lastBuildDate"},
                                                  {"", "ttl"}}};
    const auto found = child_elements<6>(kids, wanted);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      ASSERT_TRUE(found[i] == child_element(channel, wanted[i].ns, wanted[i].local)) << xml << i;
    }
  }
}

TEST(Attributes, ReadsTheFirstOfEachNameTrimmedInOnePass) {
  pugi::xml_document doc;
  ASSERT_TRUE(
      doc.load_string("<link rel=' alternate ' href='' typex='no' xml:base='b/' type='text/html' "
                      "length='\t12\n'/>"));
  const auto link = doc.document_element();
  const auto a = attributes<6>(link, {{"rel", "href", "type", "length", "xml:base", "title"}});
  EXPECT_EQ(a.value[0], "alternate");
  EXPECT_EQ(a.value[0], attribute(link, "rel"));
  EXPECT_TRUE(a.has(1));  // present, though empty
  EXPECT_EQ(a.value[1], "");
  EXPECT_EQ(a.value[2], "text/html");
  EXPECT_EQ(a.value[3], "12");
  EXPECT_TRUE(a.has(4));
  EXPECT_EQ(a.value[4], "b/");
  EXPECT_FALSE(a.has(5));
  EXPECT_EQ(a.value[5], "");
  static_assert(name_is("rel", "rel") && !name_is("re", "rel") && !name_is("rels", "rel"));
  static_assert(name_is("", "") && !name_is("a", ""));
}

}  // namespace
}  // namespace newswatch::feeds::detail
