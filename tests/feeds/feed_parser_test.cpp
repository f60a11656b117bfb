// SPDX-License-Identifier: MIT
#include "feeds/parse/feed_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "feeds/parse/encoding.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::feeds {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sample(const std::string& name) { return read_file(std::filesystem::path(NEWSWATCH_TEST_DATA) / "feeds" / name); }

std::string show(const std::optional<TimePoint>& t) { return t ? to_rfc3339(*t) : "null"; }

Feed parse_ok(std::string_view bytes, const ParseOptions& options = {}) {
  auto outcome = parse_feed(bytes, options);
  EXPECT_TRUE(outcome.feed.has_value()) << outcome.error;
  EXPECT_TRUE(outcome.error.empty());
  return outcome.feed.value_or(Feed{});
}

std::string all_warnings(const Feed& feed) {
  std::string out;
  for (const auto& w : feed.warnings) out += w + "\n";
  return out;
}

// ---- RSS 2.0 --------------------------------------------------------------------------------

TEST(FeedParserRss2, ChannelMetadata) {
  const auto feed = parse_ok(sample("rss2.xml"));
  EXPECT_EQ(feed.format, "rss2.0");
  EXPECT_EQ(feed.title, "Harbor Town Gazette & Review");
  EXPECT_EQ(feed.link, "https://gazette.example.org/");
  EXPECT_EQ(feed.description, "Local news from a fictional harbor town.");
  EXPECT_EQ(feed.language, "en-us");
  EXPECT_EQ(show(feed.updated), "2024-11-15T10:00:00Z");
  ASSERT_EQ(feed.items.size(), 4u);
}

TEST(FeedParserRss2, FullItem) {
  const auto feed = parse_ok(sample("rss2.xml"));
  ASSERT_GE(feed.items.size(), 1u);
  const auto& item = feed.items[0];
  EXPECT_EQ(item.id, "gazette-2024-0001");
  EXPECT_EQ(item.title, "Ferry timetable changes for the winter season");
  EXPECT_EQ(item.link, "https://gazette.example.org/news/ferry-winter");
  EXPECT_EQ(show(item.published), "2024-11-15T09:30:00Z");
  EXPECT_EQ(show(item.updated), "null");
  EXPECT_EQ(item.summary, "The evening ferry will leave twenty minutes earlier.\nMorning runs are unchanged.");
  EXPECT_EQ(item.content, "New times\nDepartures at 17:40 & 19:10.");
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Mika Sato", "Lee Park"}));
  EXPECT_EQ(item.categories, (std::vector<std::string>{"Transport", "Local"}));
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].url, "https://gazette.example.org/media/ferry.mp3");
  EXPECT_EQ(item.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(item.enclosures[0].length, 123456u);
}

TEST(FeedParserRss2, TextAroundChildrenAndMixedContentReadAsBefore) {
  // Documents are parsed with parse_embed_pcdata: an element's leading text is its value. Text
  // and CDATA between an item's children are skipped as before, and an element whose own text
  // comes before, between or after CDATA, comments or markup reads as all its runs joined.
  const auto feed = parse_ok(
      "<rss version='2.0'><channel><title>T</title>"
      "<item>stray <title>One <![CDATA[& two]]> three</title> more <![CDATA[x]]>"
      "<link> https://example.org/1 </link><guid isPermaLink='false'>g<!-- c -->1</guid>"
      "<description>Lead &lt;b&gt;bold&lt;/b&gt;<![CDATA[ <i>it</i>]]> tail</description>"
      "<category>a<!-- c -->b</category><pubDate>Fri, 22 May 2024 16:36:42 GMT</pubDate>"
      "</item><item><title><![CDATA[Only cdata]]></title><description>x <b>inline</b> y"
      "</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 2u);
  const auto& item = feed.items[0];
  EXPECT_EQ(item.title, "One & two three");
  EXPECT_EQ(item.link, "https://example.org/1");
  EXPECT_EQ(item.id, "g1");
  EXPECT_EQ(item.summary, "Lead bold it tail");
  EXPECT_EQ(item.categories, (std::vector<std::string>{"ab"}));
  EXPECT_EQ(show(item.published), "2024-05-22T16:36:42Z");
  EXPECT_EQ(feed.items[1].title, "Only cdata");
  EXPECT_EQ(feed.items[1].summary, "x inline y");
}

TEST(FeedParserRss2, RelativeLinksResolveAgainstTheChannelLink) {
  const auto feed = parse_ok(sample("rss2.xml"), {.base_url = "https://cdn.example.net/feeds/gazette.xml"});
  ASSERT_GE(feed.items.size(), 2u);
  const auto& item = feed.items[1];
  EXPECT_EQ(item.link, "https://gazette.example.org/news/pier-reading-room");
  EXPECT_EQ(item.id, item.link);  // no guid: the link is the id
  EXPECT_EQ(show(item.published), "2024-11-14T14:00:00Z");  // 09:00 EST, no seconds
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].url, "https://gazette.example.org/images/pier.jpg");
  EXPECT_FALSE(item.enclosures[0].length.has_value());
}

TEST(FeedParserRss2, RelativeLinksFallBackToTheBaseUrl) {
  const auto xml = R"(<rss version="2.0"><channel><title>t</title>
    <item><title>a</title><link>../story/7?x=1&amp;y=2</link></item></channel></rss>)";
  const auto feed = parse_ok(xml, {.base_url = "https://news.example.com/feeds/main.xml"});
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://news.example.com/story/7?x=1&y=2");
}

TEST(FeedParserRss2, UnparseableDateIsAWarningNamingTheItem) {
  const auto feed = parse_ok(sample("rss2.xml"));
  ASSERT_GE(feed.items.size(), 3u);
  EXPECT_EQ(show(feed.items[2].published), "null");
  EXPECT_THAT(all_warnings(feed), HasSubstr("item 3 ('Weekly tide table'): unparseable pubDate 'sometime next week'"));
}

TEST(FeedParserRss2, ItemWithoutGuidOrLinkGetsAStableHashId) {
  const auto first = parse_ok(sample("rss2.xml"));
  const auto second = parse_ok(sample("rss2.xml"));
  ASSERT_GE(first.items.size(), 3u);
  const auto& id = first.items[2].id;
  EXPECT_EQ(id.rfind("fnv1a64:", 0), 0u) << id;
  EXPECT_EQ(id.size(), 8u + 16u);
  EXPECT_EQ(id, second.items[2].id);
  EXPECT_TRUE(first.items[2].link.empty());
}

TEST(FeedParserRss2, PermalinkGuidServesAsLink) {
  const auto feed = parse_ok(sample("rss2.xml"));
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[3].id, "https://gazette.example.org/news/market-day");
  EXPECT_EQ(feed.items[3].link, "https://gazette.example.org/news/market-day");
}

TEST(FeedParserRss2, VersionsAndHtmlEntitiesInTitles) {
  const auto feed = parse_ok(R"(<rss version="0.91"><channel><title>A&nbsp;B &amp;amp; C</title>
      <item><title><![CDATA[Caf&eacute; <b>news</b>]]></title></item></channel></rss>)");
  EXPECT_EQ(feed.format, "rss0.91");
  EXPECT_EQ(feed.title, "A B & C");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Caf\xC3\xA9 news");
  EXPECT_EQ(parse_ok(R"(<rss version="0.92"><channel><title>x</title></channel></rss>)").format, "rss0.92");
}

TEST(FeedParserRss2, UnescapedXhtmlInDescription) {
  const auto feed = parse_ok(R"(<rss version="2.0"><channel><item><title>t</title>
      <description><p>One <a href="x">link</a></p><p>Two</p></description></item></channel></rss>)");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary, "One link\nTwo");
}

TEST(FeedParserRss2, LongHtmlDescriptionStaysTheSummary) {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "&lt;p&gt;Paragraph " + std::to_string(i) + "&lt;/p&gt;";
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><item><title>t</title><description>" + body +
                             "</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_TRUE(feed.items[0].content.empty());
  EXPECT_THAT(feed.items[0].summary, HasSubstr("Paragraph 0\nParagraph 1\n"));
}

TEST(FeedParserRss2, PlainTextDescriptionKeepsItsParagraphs) {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><item><title>t</title>"
                             "<description>First paragraph.\n\nSecond paragraph.</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary, "First paragraph.\nSecond paragraph.");
}

TEST(FeedParserRss2, CharacterReferencesToSurrogatesBecomeReplacementCharacters) {
  // pugixml writes "&#xD800;" as surrogate bytes; JSON writers throw on those.
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><title>a&#xD800;b&#x110000;c</title></channel></rss>");
  EXPECT_EQ(feed.title, "a\uFFFDb\uFFFDc");
}

TEST(FeedParserRss2, SurrogateReferencesAreRepairedAnywhereInTheDocument) {
  // The repair pass runs only for documents holding such a reference (a cheap scan decides):
  // decimal and hex forms, after harmless references, in items as well as the channel.
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel><title>&#8217;ok&#x41;</title><item><title>x&#55296;y</title>"
      "<description>&#x1F600; &amp;#xD800; d&#xDFFF;e</description><category>c&#56320;</category>"
      "</item></channel></rss>");
  EXPECT_EQ(feed.title, "\u2019okA");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "x\uFFFDy");
  EXPECT_EQ(feed.items[0].summary, "\U0001F600 \uFFFD d\uFFFDe");
  ASSERT_EQ(feed.items[0].categories.size(), 1u);
  EXPECT_EQ(feed.items[0].categories[0], "c\uFFFD");
}

TEST(FeedParserRss2, SurrogateReferencesMadeByEntitiesOrNulsAreRepaired) {
  // A reference can appear only after decoding: a DTD entity expanding to '&', a NUL dropped.
  auto feed = parse_ok("<!DOCTYPE rss [<!ENTITY a \"&\">]><rss version=\"2.0\"><channel>"
                       "<title>x&a;#xD800;y</title></channel></rss>");
  EXPECT_EQ(feed.title, "x\uFFFDy");
  feed = parse_ok("<rss version=\"2.0\"><channel><title>x&\0#xD800;y</title></channel></rss>"s);
  EXPECT_EQ(feed.title, "x\uFFFDy");
}

TEST(FeedParserRss2, WarningsAreCapped) {
  std::string xml = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 500; ++i) xml += "<item><title>x</title><pubDate>never</pubDate></item>";
  xml += "</channel></rss>";
  const auto feed = parse_ok(xml);
  EXPECT_EQ(feed.items.size(), 500u);
  ASSERT_EQ(feed.warnings.size(), 100u);
  EXPECT_EQ(feed.warnings.back(), "... and 401 more warnings");
}

// ---- RSS 1.0 --------------------------------------------------------------------------------

TEST(FeedParserRss1, ChannelAndItems) {
  const auto feed = parse_ok(sample("rss1.xml"));
  EXPECT_EQ(feed.format, "rss1.0");
  EXPECT_EQ(feed.title, "Hill Observatory Notes");
  EXPECT_EQ(feed.link, "https://observatory.example.net/");
  EXPECT_EQ(feed.language, "ja");
  EXPECT_EQ(show(feed.updated), "2024-11-15T03:00:00Z");
  ASSERT_EQ(feed.items.size(), 2u);
  const auto& item = feed.items[0];
  EXPECT_EQ(item.id, "https://observatory.example.net/notes/41");
  EXPECT_EQ(item.title, "Clear skies over the ridge");
  EXPECT_EQ(item.summary, "Seeing was steady after midnight.");
  EXPECT_EQ(item.content, "We logged three meteors.");
  EXPECT_EQ(show(item.published), "2024-11-14T14:15:30Z");
  EXPECT_EQ(item.authors, (std::vector<std::string>{"Aoi Tanaka"}));
  EXPECT_EQ(item.categories, (std::vector<std::string>{"Observing"}));
  EXPECT_EQ(feed.items[1].title, "観測所の冬季休館について");
  EXPECT_TRUE(feed.warnings.empty()) << all_warnings(feed);
}

TEST(FeedParserRss1, Rss090) {
  const auto feed = parse_ok(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Ninety</title>
      <link>https://old.example/</link></channel>
      <item><title>first</title><link>/1</link></item></rdf:RDF>)");
  EXPECT_EQ(feed.format, "rss0.90");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://old.example/1");
}

TEST(FeedParserRss1, RdfWithoutAChannelIsNotAFeed) {
  const auto outcome = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>)");
  EXPECT_FALSE(outcome.feed);
  EXPECT_THAT(outcome.error, HasSubstr("RDF"));
}

// ---- Atom -----------------------------------------------------------------------------------

TEST(FeedParserAtom, FeedMetadataWithXmlBase) {
  const auto feed = parse_ok(sample("atom.xml"));
  EXPECT_EQ(feed.format, "atom1.0");
  EXPECT_EQ(feed.title, "River Council Bulletin");
  EXPECT_EQ(feed.description, "Minutes & notices from the council");
  EXPECT_EQ(feed.link, "https://river.example.com/blog/index.html");
  EXPECT_EQ(feed.language, "en");
  EXPECT_EQ(show(feed.updated), "2024-11-15T09:30:00Z");
  ASSERT_EQ(feed.items.size(), 3u);
}

TEST(FeedParserAtom, EntryFields) {
  const auto feed = parse_ok(sample("atom.xml"));
  ASSERT_EQ(feed.items.size(), 3u);
  const auto& e = feed.items[0];
  EXPECT_EQ(e.id, "tag:river.example.com,2024:bridge");
  EXPECT_EQ(e.title, "Bridge repairs approved");
  EXPECT_EQ(e.link, "https://river.example.com/blog/posts/bridge-repairs");
  EXPECT_EQ(show(e.published), "2024-11-14T07:00:00Z");
  EXPECT_EQ(show(e.updated), "2024-11-15T09:00:00Z");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"Ines Moreau"}));
  EXPECT_EQ(e.categories, (std::vector<std::string>{"Infrastructure", "budget"}));
  EXPECT_EQ(e.summary, "Work starts in spring.");
  EXPECT_EQ(e.content, "The council voted seven to two.\nClosures follow next month.");
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "https://river.example.com/files/bridge-plan.pdf");
  EXPECT_EQ(e.enclosures[0].type, "application/pdf");
  EXPECT_EQ(e.enclosures[0].length, 2048u);
}

TEST(FeedParserAtom, EntryXmlBaseAndInheritedAuthor) {
  const auto feed = parse_ok(sample("atom.xml"));
  ASSERT_EQ(feed.items.size(), 3u);
  const auto& e = feed.items[1];
  EXPECT_EQ(e.link, "https://archive.example.com/2024/lantern-route");
  EXPECT_EQ(e.title, "Lantern festival & parade route");
  EXPECT_EQ(e.summary, "Bring a lantern.\nRoute below.");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"Council Clerk"}));
  EXPECT_EQ(show(e.published), "null");
  EXPECT_EQ(show(e.updated), "2024-11-14T00:00:00Z");
}

TEST(FeedParserAtom, TextContentAndBadDate) {
  const auto feed = parse_ok(sample("atom.xml"));
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[2].content, "Offices close early on Friday.");
  EXPECT_THAT(all_warnings(feed), HasSubstr("item 3 ('Notice without a date'): unparseable updated 'last Tuesday'"));
  EXPECT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
}

TEST(FeedParserAtom, RelativeLinksWithoutXmlBaseUseTheBaseUrl) {
  const auto xml = R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link href="/home"/>
      <entry><title>e</title><link href="entries/1"/><id>x:1</id></entry></feed>)";
  const auto feed = parse_ok(xml, {.base_url = "https://host.example/feeds/all.atom"});
  EXPECT_EQ(feed.link, "https://host.example/home");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://host.example/feeds/entries/1");
}

TEST(FeedParserAtom, OutOfLineContentGivesTheLink) {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://v.example/">
      <entry><id>v:1</id><title>clip</title><content type="video/mp4" src="clips/1.mp4"/></entry></feed>)");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://v.example/clips/1.mp4");
  EXPECT_TRUE(feed.items[0].content.empty());
}

// xml:base is looked up once per parent for siblings (issue 3, round 4): an entry or a link
// with its own xml:base between siblings without one must still use it, and only it.
TEST(FeedParserAtom, XmlBaseOnSomeSiblingsOnly) {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/x/">
      <entry><id>1</id><link href="p/1"/></entry>
      <entry xml:base="https://b.example/y/"><id>2</id><link href="p/2"/></entry>
      <entry><id>3</id><link href="p/3" xml:base="../z/"/></entry>
      <entry><id>4</id><link href="p/4"/></entry></feed>)");
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[0].link, "https://a.example/x/p/1");
  EXPECT_EQ(feed.items[1].link, "https://b.example/y/p/2");
  EXPECT_EQ(feed.items[2].link, "https://a.example/z/p/3");
  EXPECT_EQ(feed.items[3].link, "https://a.example/x/p/4");
}

// The holder of xml:base above an entry is remembered for its siblings: the feed's links, then
// entries with and without xml:base of their own, in a feed that has none.
TEST(FeedParserAtom, XmlBaseOfEntriesRememberedPerLevel) {
  ParseOptions options;
  options.base_url = "https://doc.example/feed.xml";
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom">
      <link href="home"/>
      <entry><id>1</id><link href="p/1"/><link rel="enclosure" href="e/1.mp3"/></entry>
      <entry xml:base="https://b.example/y/"><id>2</id><content src="c/2"/></entry>
      <entry><id>3</id><link rel="enclosure" href="e/3.mp3"/><link href="p/3"/></entry>
      <entry xml:base="sub/"><id>4</id><link href="p/4"/></entry></feed>)",
                             options);
  EXPECT_EQ(feed.link, "https://doc.example/home");
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[0].link, "https://doc.example/p/1");
  ASSERT_EQ(feed.items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed.items[0].enclosures[0].url, "https://doc.example/e/1.mp3");
  EXPECT_EQ(feed.items[1].link, "https://b.example/y/c/2");
  EXPECT_EQ(feed.items[2].link, "https://doc.example/p/3");
  ASSERT_EQ(feed.items[2].enclosures.size(), 1u);
  EXPECT_EQ(feed.items[2].enclosures[0].url, "https://doc.example/e/3.mp3");
  EXPECT_EQ(feed.items[3].link, "https://doc.example/sub/p/4");
}

// Text constructs read type, mode and src in one pass over their attributes: as lookups by name
// did, the first of each counts, trimmed and in any case.
TEST(FeedParserAtom, TextConstructAttributesReadInOnePass) {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>1</id><title type=" HTML ">a &amp;lt;b&amp;gt; c</title>
        <summary src="  " type="text">s</summary><content src="x.mp4" type="video/mp4"/></entry>
      <entry><id>2</id><title>t</title><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p><p>y</p></div></summary></entry>
    </feed>)");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "a c");
  EXPECT_EQ(feed.items[0].summary, "s");
  EXPECT_TRUE(feed.items[0].content.empty());
  EXPECT_EQ(feed.items[1].summary, "x\ny");
}

TEST(FeedParserAtom, MediaTypesAndModesCompareIgnoringCase) {
  // Types and modes are compared lower-cased, in place (no lower-cased copy).
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
      <entry><id>1</id><title type="Text/HTML">a &amp;lt;b&amp;gt; c</title>
        <summary type="XHTML"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p><p>y</p></div></summary>
        <content type="APPLICATION/JSON">eyJhIjoxfQ==</content>
        <link rel="alternate" type="APPLICATION/XHTML+XML" href="https://example.org/x"/>
        <category term="News" label="NEWS"/><category term="world" label="World affairs"/></entry>
      <entry><id>2</id><title type="TEXT/Plain">p &lt;b&gt;</title><summary type="Image/PNG+XML">s</summary>
        <link rel="alternate" type="Text/Plain" href="https://example.org/plain"/>
        <link rel="enclosure" type="Audio/MPEG" href="https://example.org/a.mp3" length="12"/></entry>
    </feed>)");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "a c");
  EXPECT_EQ(feed.items[0].link, "https://example.org/x");
  EXPECT_EQ(feed.items[0].summary, "x\ny");
  EXPECT_EQ(feed.items[0].content, R"({"a":1})");
  EXPECT_EQ(feed.items[0].categories, (std::vector<std::string>{"NEWS", "World affairs", "world"}));
  EXPECT_EQ(feed.items[1].title, "p");
  EXPECT_EQ(feed.items[1].link, "https://example.org/plain");
  EXPECT_EQ(feed.items[1].summary, "s");
  ASSERT_EQ(feed.items[1].enclosures.size(), 1u);
  EXPECT_EQ(feed.items[1].enclosures[0].type, "Audio/MPEG");

  const auto old = parse_ok(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>G</title>
      <entry><id>1</id><title mode="ESCAPED" type="Text/HTML">a &lt;b&gt;bold&lt;/b&gt;</title>
        <summary mode="Base64" type="TEXT/HTML">PHA+eDwvcD48cD55PC9wPg==</summary>
        <content mode="XML" type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">c <b>d</b></div></content></entry>
    </feed>)");
  ASSERT_EQ(old.items.size(), 1u);
  EXPECT_EQ(old.items[0].title, "a bold");
  EXPECT_EQ(old.items[0].summary, "x\ny");
  EXPECT_EQ(old.items[0].content, "c d");
}

TEST(FeedParserAtom, Atom03) {
  const auto feed = parse_ok(sample("atom03.xml"));
  EXPECT_EQ(feed.format, "atom0.3");
  EXPECT_EQ(feed.title, "Old Mill Diary");
  EXPECT_EQ(feed.description, "Notes from a restored mill");
  EXPECT_EQ(show(feed.updated), "2004-03-01T10:00:00Z");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://mill.example.org/2004/03/wheel");
  EXPECT_EQ(show(feed.items[0].published), "2004-03-01T07:00:00Z");
  EXPECT_EQ(feed.items[0].content, "It creaked, then it turned.");
}

TEST(FeedParserAtom, PrefixedAtomElements) {
  const auto feed = parse_ok(R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title>
      <a:entry><a:title>in</a:title><a:id>urn:x</a:id></a:entry></a:feed>)");
  EXPECT_EQ(feed.format, "atom1.0");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].id, "urn:x");
}

TEST(FeedParserAtom, PersonsAndSourceResolvePrefixesThroughTheEntry) {
  // Authors whose children are prefixed, whose prefix is rebound on the author or on the name,
  // whose default namespace is redeclared, and an entry whose only authors are in its <source>.
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"
        xmlns:a="http://www.w3.org/2005/Atom" xmlns:b="urn:not-atom">
      <entry><id>1</id>
        <author><a:name>Prefixed</a:name></author>
        <a:author><b:name>not atom</b:name><a:email>e@example.org</a:email></a:author>
        <author xmlns:b="http://www.w3.org/2005/Atom"><b:name>Rebound</b:name></author>
        <author xmlns="urn:not-atom"><name>not an Atom author</name></author>
        <author><name xmlns="urn:not-atom">not atom</name><name>Second name</name></author>
        <author><c:name xmlns:c="http://www.w3.org/2005/Atom">Own prefix</c:name></author>
        <author>  Written   directly </author>
      </entry>
      <entry><id>2</id>
        <source><title>S</title><author><name>From the source</name></author>
          <a:author><email>source@example.org</email></a:author></source>
        <a:source><author><name>Second source</name></author></a:source>
      </entry>
      <entry><id>3</id><b:source><author><name>Not a source</name></author></b:source></entry>
      <author><name>Feed author</name></author>
    </feed>)");
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[0].authors,
            (std::vector<std::string>{"Prefixed", "e@example.org", "Rebound", "Second name",
                                      "Own prefix", "Written directly"}));
  EXPECT_EQ(feed.items[1].authors,
            (std::vector<std::string>{"From the source", "source@example.org"}));
  EXPECT_EQ(feed.items[2].authors, (std::vector<std::string>{"Feed author"}));
}

// ---- Encodings ------------------------------------------------------------------------------

// 外務省の発表 in Shift_JIS.
const std::string kSjis = "\x8a\x4f\x96\xb1\x8f\xc8\x82\xcc\x94\xad\x95\x5c"s;

TEST(FeedParserEncoding, ShiftJisDeclaredInTheXml) {
  const std::string bytes = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss version=\"2.0\"><channel><title>" +
                            kSjis + "</title><item><title>" + kSjis + "</title></item></channel></rss>";
  const auto feed = parse_ok(bytes);
  EXPECT_EQ(feed.title, "外務省の発表");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "外務省の発表");
  EXPECT_TRUE(feed.warnings.empty()) << all_warnings(feed);
}

TEST(FeedParserEncoding, ShiftJisFromTheContentType) {
  const std::string bytes = "<rss version=\"2.0\"><channel><title>" + kSjis + "</title></channel></rss>";
  const auto feed = parse_ok(bytes, {.content_type = "application/rss+xml; charset=Shift_JIS"});
  EXPECT_EQ(feed.title, "外務省の発表");
}

TEST(FeedParserEncoding, Windows1252DeclaredAsLatin1) {
  const auto feed = parse_ok("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>"
                             "<title>\x93" "Caf\xE9\x94 \x96 daily</title></channel></rss>");
  EXPECT_EQ(feed.title, "\u201C" "Caf\u00E9\u201D \u2013 daily");
  EXPECT_TRUE(feed.warnings.empty()) << all_warnings(feed);
}

TEST(FeedParserEncoding, EucJpFromTheContentType) {
  // 日本 in EUC-JP.
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><title>\xC6\xFC\xCB\xDC</title></channel></rss>",
                             {.content_type = "text/xml; charset=EUC-JP"});
  EXPECT_EQ(feed.title, "日本");
}

TEST(FeedParserEncoding, Utf16WithBom) {
  const std::string ascii = "<rss version=\"2.0\"><channel><title>Sixteen</title></channel></rss>";
  std::string bytes = "\xFF\xFE";
  for (char c : ascii) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  EXPECT_EQ(parse_ok(bytes).title, "Sixteen");
}

TEST(FeedParserEncoding, InvalidUtf8IsReplacedWithAWarning) {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><title>bad \xFF byte</title></channel></rss>");
  EXPECT_EQ(feed.title, "bad \xEF\xBF\xBD byte");
  EXPECT_THAT(all_warnings(feed), HasSubstr("U+FFFD"));
}

// ---- Broken input ---------------------------------------------------------------------------

// After leveldb's BadRecordType: one corrupt record is dropped and named; the others survive.
TEST(FeedParserRecovery, BrokenItemInTheMiddleIsDroppedAndNamed) {
  const auto feed = parse_ok(sample("bad_item.xml"));
  EXPECT_EQ(feed.title, "Orchard Cooperative News");
  ASSERT_EQ(feed.items.size(), 3u) << all_warnings(feed);
  EXPECT_EQ(feed.items[0].title, "Apple harvest totals");
  EXPECT_EQ(feed.items[1].title, "Cider pressing weekend");
  EXPECT_EQ(feed.items[2].title, "New beehives in the south field");
  ASSERT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 2 ('Pear prices"));
  EXPECT_THAT(feed.warnings[0], HasSubstr("line 11"));
}

TEST(FeedParserRecovery, TruncatedDocumentKeepsTheCompleteItems) {
  const auto feed = parse_ok(sample("truncated.xml"));
  ASSERT_EQ(feed.items.size(), 2u) << all_warnings(feed);
  EXPECT_EQ(feed.items[0].title, "Frost expected overnight");
  EXPECT_EQ(feed.items[1].title, "Fog clears by noon");
  ASSERT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
  EXPECT_THAT(feed.warnings[0], HasSubstr("item 3 ('Storm warning for the coast') dropped"));
}

TEST(FeedParserRecovery, TruncatedAfterTheLastItem) {
  const auto feed = parse_ok("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.warnings.size(), 1u) << all_warnings(feed);
}

TEST(FeedParserRecovery, SeveralBrokenAtomEntries) {
  std::string xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>";
  for (int i = 1; i <= 6; ++i) {
    xml += "<entry><id>e" + std::to_string(i) + "</id><title>entry " + std::to_string(i) +
           (i % 2 == 0 ? " </oops>" : "") + "</title></entry>";
  }
  xml += "</feed>";
  const auto feed = parse_ok(xml);
  ASSERT_EQ(feed.items.size(), 3u) << all_warnings(feed);
  EXPECT_EQ(feed.items[2].id, "e5");
  EXPECT_EQ(feed.warnings.size(), 3u) << all_warnings(feed);
  EXPECT_THAT(all_warnings(feed), HasSubstr("item 6 ('entry 6')"));
}

struct NotAFeed {
  std::string name;
  std::string expected;
};

class FeedParserRejects : public ::testing::TestWithParam<NotAFeed> {};

TEST_P(FeedParserRejects, WithAOneLineError) {
  const auto outcome = parse_feed(sample(GetParam().name));
  EXPECT_FALSE(outcome.feed.has_value());
  EXPECT_THAT(outcome.error, HasSubstr(GetParam().expected));
  EXPECT_EQ(outcome.error.find('\n'), std::string::npos) << outcome.error;
}

INSTANTIATE_TEST_SUITE_P(Samples, FeedParserRejects,
                         ::testing::Values(NotAFeed{"not_a_feed.html", "HTML page"},
                                           NotAFeed{"not_a_feed.txt", "not XML"},
                                           NotAFeed{"not_a_feed.json", "JSON document"}));

TEST(FeedParserRejects, OtherNonFeeds) {
  EXPECT_THAT(parse_feed("").error, HasSubstr("empty"));
  EXPECT_THAT(parse_feed("<svg xmlns=\"http://www.w3.org/2000/svg\"/>").error, HasSubstr("<svg>"));
  // Broken JSON is a feed only when its JSON Feed version was read (json_feed_test.cpp).
  EXPECT_THAT(parse_feed("{\"items\": [], \"version\": \"https://jsonfeed.org/version/1.").error,
              HasSubstr("JSON Feed that is not valid JSON"));
  EXPECT_TRUE(parse_feed("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [").feed);
  EXPECT_THAT(parse_feed("<!doctype html><html><body><p>hi<br></body></html>").error, HasSubstr("HTML"));
  EXPECT_THAT(parse_feed("<<<>>>").error, HasSubstr("XML error"));
}

TEST(FeedParserLimits, ItemsBeyondTheCapAreIgnoredWithAWarning) {
  std::string xml = "<rss version=\"2.0\"><channel><title>big</title>";
  for (int i = 0; i < 10'005; ++i) xml += "<item><guid>g" + std::to_string(i) + "</guid></item>";
  xml += "</channel></rss>";
  const auto feed = parse_ok(xml);
  EXPECT_EQ(feed.items.size(), 10'000u);
  EXPECT_THAT(all_warnings(feed), HasSubstr("ignored 5 items"));
}

// Never throws, never crashes: every prefix of every sample, and byte flips.
TEST(FeedParserRobustness, EveryPrefixAndCorruption) {
  for (const char* name : {"rss2.xml", "rss1.xml", "atom.xml", "atom03.xml", "bad_item.xml"}) {
    const auto bytes = sample(name);
    for (std::size_t n = 0; n <= bytes.size(); n += 7) {
      const auto outcome = parse_feed(std::string_view(bytes).substr(0, n));
      EXPECT_NE(outcome.feed.has_value(), !outcome.error.empty());
    }
    std::string flipped = bytes;
    for (std::size_t i = 0; i < flipped.size(); i += 13) {
      flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
      const auto outcome = parse_feed(flipped);
      EXPECT_NE(outcome.feed.has_value(), !outcome.error.empty());
    }
  }
}

// Feeds built at runtime from the shared corpus (skipped when it is absent): real article text,
// escaped as feeds escape it, must come back out as the same words.
std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

TEST(FeedParserCorpus, ArticlesSurviveRssAndAtomEscaping) {
  const std::filesystem::path dir = std::filesystem::path(NEWSWATCH_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  std::string rss = "<rss version=\"2.0\"><channel><title>corpus</title>";
  std::string atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>corpus</title>";
  std::vector<std::pair<std::string, std::size_t>> expected;  // title, paragraphs
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::istringstream lines(read_file(entry.path()));
    std::string title;
    std::getline(lines, title);
    std::string html;
    std::string text;
    std::size_t paragraphs = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      html += "<p>" + xml_escape(line) + "</p>";
      ++paragraphs;
    }
    if (title.empty() || paragraphs == 0) continue;
    const auto id = "https://corpus.invalid/" + std::to_string(++n);
    rss += "<item><title>" + xml_escape(title) + "</title><link>" + id + "</link><description><![CDATA[" +
           html + "]]></description></item>";
    atom += "<entry><id>" + id + "</id><title>" + xml_escape(title) + "</title><content type=\"html\">" +
            xml_escape(html) + "</content></entry>";
    expected.emplace_back(title, paragraphs);
  }
  rss += "</channel></rss>";
  atom += "</feed>";
  if (expected.empty()) GTEST_SKIP() << "corpus is empty";
  const auto from_rss = parse_ok(rss);
  const auto from_atom = parse_ok(atom);
  ASSERT_EQ(from_rss.items.size(), expected.size());
  ASSERT_EQ(from_atom.items.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [title, paragraphs] = expected[i];
    EXPECT_EQ(from_rss.items[i].title, from_atom.items[i].title);
    EXPECT_FALSE(from_rss.items[i].title.empty());
    EXPECT_EQ(from_rss.items[i].summary, from_atom.items[i].content);
    const auto lines = static_cast<std::size_t>(std::count(from_rss.items[i].summary.begin(),
                                                           from_rss.items[i].summary.end(), '\n')) + 1;
    EXPECT_LE(lines, paragraphs) << title;
    EXPECT_EQ(from_rss.items[i].summary.find('<'), std::string::npos) << title;
  }
  EXPECT_TRUE(from_rss.warnings.empty()) << all_warnings(from_rss);
}

// A fuzzer's find: a CDATA section cut off by an XML error, in a document guessed as IBM866.
// pugixml leaves the cut text half converted, with bytes that are not UTF-8; they are replaced.
TEST(FeedParserBroken, TextCutByAnXmlErrorIsStillUtf8) {
  std::ifstream in(std::filesystem::path(NEWSWATCH_SOURCE_DIR) / "tests/fuzz/seeds/feed/cdata_cut_inside_sequence",
                   std::ios::binary);
  ASSERT_TRUE(in) << "seed file missing";
  std::stringstream bytes;
  bytes << in.rdbuf();
  const auto outcome = parse_feed(bytes.str());
  ASSERT_TRUE(outcome.feed) << outcome.error;
  EXPECT_TRUE(is_valid_utf8(outcome.feed->title)) << outcome.feed->title;
  EXPECT_THAT(all_warnings(*outcome.feed), HasSubstr("bytes that were not UTF-8"));
}

}  // namespace
}  // namespace newswatch::feeds
