// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/html_text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "feeds/parse/detail/html_entities.hpp"

namespace newswatch::feeds::detail {
namespace {

TEST(HtmlToText, StripsTagsAndKeepsParagraphs) {
  EXPECT_EQ(html_to_text("<p>First  line</p><p>Second\n line</p>", Breaks::keep), "First line\nSecond line");
  EXPECT_EQ(html_to_text("<p>First</p><p>Second</p>", Breaks::collapse), "First Second");
  EXPECT_EQ(html_to_text("one<br>two<br/>three", Breaks::keep), "one\ntwo\nthree");
  EXPECT_EQ(html_to_text("<div><p>a</p>\n\n<p>b</p></div>", Breaks::keep), "a\nb");
  EXPECT_EQ(html_to_text("  <b>bold</b> and <i>italic</i>  ", Breaks::keep), "bold and italic");
}

TEST(HtmlToText, DropsScriptStyleAndComments) {
  EXPECT_EQ(html_to_text("a<script>alert('x')</script>b", Breaks::keep), "a b");
  EXPECT_EQ(html_to_text("a<style>p{color:red}</style>b", Breaks::keep), "a b");
  EXPECT_EQ(html_to_text("a<!-- hidden -->b", Breaks::keep), "ab");
  EXPECT_EQ(html_to_text("a<SCRIPT type=x>var s = '</p>';</SCRIPT>b", Breaks::keep), "a b");
}

TEST(HtmlToText, DecodesEntities) {
  EXPECT_EQ(html_to_text("Tom &amp; Jerry &eacute; &#233; &#xE9; &hellip;", Breaks::keep),
            "Tom & Jerry \xC3\xA9 \xC3\xA9 \xC3\xA9 \xE2\x80\xA6");
  EXPECT_EQ(html_to_text("&copy 2024", Breaks::keep), "\xC2\xA9 2024");     // legacy, no ';'
  EXPECT_EQ(html_to_text("AT&T and &bogus; stay", Breaks::keep), "AT&T and &bogus; stay");
  EXPECT_EQ(html_to_text("&#150;", Breaks::keep), "\xE2\x80\x93");          // windows-1252 mapping
  EXPECT_EQ(html_to_text("&#0;&#xD800;", Breaks::keep), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(html_to_text("a&#1;&#127;&#129;&#x9D;b", Breaks::keep), "ab");  // control characters dropped
  EXPECT_EQ(html_to_text("a&nbsp;&nbsp;b", Breaks::keep), "a b");
}

TEST(HtmlToText, DoubleEscapedMarkupIsCleanedToo) {
  EXPECT_EQ(html_to_text("&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;", Breaks::keep), "Hello & welcome");
  EXPECT_EQ(html_to_text("&amp;quot;quoted&amp;quot;", Breaks::keep), "\"quoted\"");
}

TEST(HtmlToText, LiteralAngleBracketsSurvive) {
  EXPECT_EQ(html_to_text("if a < b and c > d", Breaks::keep), "if a < b and c > d");
  EXPECT_EQ(html_to_text("I <3 feeds", Breaks::keep), "I <3 feeds");
  EXPECT_EQ(html_to_text("x <unclosed", Breaks::keep), "x <unclosed");
}

TEST(HtmlToText, CdataIsText) {
  EXPECT_EQ(html_to_text("<![CDATA[a < b]]> c", Breaks::keep), "a < b c");
}

TEST(HtmlToText, TableCellsAreSeparated) {
  EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", Breaks::keep),
            "a b\nc");
}

TEST(HtmlToText, AttributesWithQuotesAndAngleBrackets) {
  EXPECT_EQ(html_to_text("<a href=\"x?a>b\" title='it''s'>link</a> text", Breaks::keep), "link text");
  EXPECT_EQ(html_to_text("<img alt=\"a > b\" src=x>after", Breaks::keep), "after");
}

TEST(PlainToText, OnlyKnownTagsAreRemoved) {
  EXPECT_EQ(plain_to_text("a<b>bold</b> <notatag> x", Breaks::collapse), "abold <notatag> x");
  EXPECT_EQ(plain_to_text("vector<int> and a<b", Breaks::collapse), "vector<int> and a<b");
  EXPECT_EQ(plain_to_text("Q&amp;A:  two\n lines", Breaks::collapse), "Q&A: two lines");
}

TEST(PlainToText, KeepsLineBreaksOnlyWhenAsked) {
  EXPECT_EQ(plain_to_text("First paragraph.\n\n\nSecond  one.\r\n", Breaks::keep), "First paragraph.\nSecond one.");
  EXPECT_EQ(plain_to_text("First paragraph.\n\nSecond one.", Breaks::collapse), "First paragraph. Second one.");
  EXPECT_EQ(html_to_text("First\n\nsecond", Breaks::keep), "First second");  // HTML: newline is a space
}

TEST(PlainToText, EveryKnownTagIsRecognised) {
  // Guards the sorted tables used by binary search: a misplaced name would not be found.
  for (const char* tag :
       {"a", "abbr", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big",
        "blockquote", "body", "br", "button", "caption", "center", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset",
        "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "li", "link",
        "main", "mark", "meta", "nav", "noscript", "object", "ol", "p", "param", "picture", "pre", "q",
        "s", "samp", "section", "small", "source", "span", "strike", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "title", "tr", "u", "ul", "video"}) {
    const std::string in = std::string("x<") + tag + ">y</" + tag + ">z";
    EXPECT_EQ(plain_to_text(in, Breaks::collapse).find('<'), std::string::npos) << tag;
  }
}

TEST(HtmlToText, EveryBlockTagBreaksTheLine) {
  for (const char* tag : {"address", "article", "aside", "blockquote", "br", "caption", "center", "dd",
                          "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
                          "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
                          "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
                          "tfoot", "thead", "tr", "ul", "video"}) {
    const std::string in = std::string("x<") + tag + ">y";
    EXPECT_EQ(html_to_text(in, Breaks::keep), "x\ny") << tag;
  }
}

TEST(HtmlEntities, TableLookups) {
  EXPECT_GT(html_entity_count(), 2000u);
  EXPECT_EQ(lookup_html_entity("amp;"), "&");
  EXPECT_EQ(lookup_html_entity("amp"), "&");
  EXPECT_EQ(lookup_html_entity("zwnj;"), "\xE2\x80\x8C");
  EXPECT_FALSE(lookup_html_entity("nosuchentity;"));
}

TEST(HtmlToText, NeverReadsPastTheEnd) {
  // Inputs cut at every position of a tricky fragment must not crash or loop.
  const std::string s = "<p a='1' b=\"<\">&#x1F600;&amp<!--c--><![CDATA[d]]><script>e</script>&#";
  for (std::size_t n = 0; n <= s.size(); ++n) {
    (void)html_to_text(s.substr(0, n), Breaks::keep);
    (void)plain_to_text(s.substr(0, n), Breaks::collapse);
  }
}

}  // namespace
}  // namespace newswatch::feeds::detail
