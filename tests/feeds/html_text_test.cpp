// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/html_text.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

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

// The pass that decodes text escaped twice keeps the paragraphs the first pass found (it used to
// read their '\n' as a space and join them), and still collapses in titles.
TEST(HtmlToText, TextEscapedTwiceKeepsItsParagraphs) {
  EXPECT_EQ(html_to_text("<p>one &amp;amp; two</p><p>three</p>", Breaks::keep), "one & two\nthree");
  EXPECT_EQ(html_to_text("&lt;p&gt;one &amp;amp; two&lt;/p&gt;&lt;p&gt;three&lt;/p&gt;", Breaks::keep),
            "one & two\nthree");
  EXPECT_EQ(html_to_text("<p>one &amp;amp; two</p><p>three</p>", Breaks::collapse), "one & two three");
  EXPECT_EQ(plain_to_text("one &amp;amp; two\n\nthree", Breaks::keep), "one & two\nthree");
}

TEST(HtmlToText, EscapedTagsBesideRealTagsAreText) {
  // "&lt;" in HTML with tags of its own is a '<' shown to the reader (a code sample); without any
  // real tag it may be markup escaped twice. "&amp;quot;" is escaped twice either way.
  EXPECT_EQ(html_to_text("<p>Write <code>&lt;em&gt;</code> for emphasis</p>", Breaks::keep),
            "Write <em> for emphasis");
  EXPECT_EQ(html_to_text("Write &lt;em&gt;this&lt;/em&gt;", Breaks::keep), "Write this");
  EXPECT_EQ(html_to_text("<p>&amp;quot;quoted&amp;quot;</p>", Breaks::keep), "\"quoted\"");
}

TEST(MapC1Controls, Windows1252ForControlCharacters) {
  std::string text = "it\xC2\x92s \xC2\x80" "5 \xC2\xA9 \xC2\x81x";
  EXPECT_EQ(map_c1_controls(text), 3u);
  EXPECT_EQ(text, "it\u2019s \u20AC" "5 \u00A9 x");
  std::string plain = "caf\xC3\xA9 \xC2\xA0";
  EXPECT_EQ(map_c1_controls(plain), 0u);
  EXPECT_EQ(plain, "caf\xC3\xA9 \xC2\xA0");
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

// The whitespace policy of TextSink written the slow, obvious way, byte by byte (it was the
// implementation before the word-at-a-time one): the two must agree on every input.
class ReferenceSink {
 public:
  ReferenceSink(Breaks breaks, bool keep_newlines) : breaks_(breaks), keep_newlines_(keep_newlines) {}
  void text(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
      const char c = s[i];
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
      if (space || nbsp) {
        if (keep_newlines_ && breaks_ == Breaks::keep && c == '\n') {
          pending_ = 2;
        } else if (pending_ == 0) {
          pending_ = 1;
        }
        i += nbsp ? 2 : 1;
        continue;
      }
      if (pending_ != 0 && !out_.empty()) out_.push_back(pending_ == 2 && breaks_ == Breaks::keep ? '\n' : ' ');
      pending_ = 0;
      out_.push_back(c);
      ++i;
    }
  }
  void block_break() { pending_ = 2; }
  std::string take() { return out_; }

 private:
  Breaks breaks_;
  bool keep_newlines_;
  int pending_ = 0;  // 0 none, 1 space, 2 newline
  std::string out_;
};

TEST(TextSink, AgreesWithTheByteByByteReference) {
  // Pieces chosen to meet every case of the word-at-a-time scan: lone spaces, runs, U+00A0 next to
  // spaces, other C2 sequences, stray C2/A0 bytes, control characters, and word boundaries.
  const std::vector<std::string> pieces = {"a", "bc", "defghij", " ", " ", "  ", "\n", "\t", "\r\n", "\f",
                                           "\xC2\xA0", "\xC2\xA9", "\xC2", "\xA0", "\x01", "\xE6\x97\xA5", "."};
  std::mt19937 rng(42);
  for (int round = 0; round < 5000; ++round) {
    std::string input;
    const auto count = rng() % 24;
    for (unsigned k = 0; k < count; ++k) input += pieces[rng() % pieces.size()];
    const auto breaks = rng() % 2 ? Breaks::keep : Breaks::collapse;
    const bool keep_newlines = rng() % 2;
    // Fed in one to three calls, as append_html does between tags.
    const std::size_t cut1 = input.empty() ? 0 : rng() % (input.size() + 1);
    const std::size_t cut2 = cut1 + (input.size() == cut1 ? 0 : rng() % (input.size() - cut1 + 1));
    TextSink sink(breaks);
    ReferenceSink ref(breaks, keep_newlines);
    if (keep_newlines) sink.keep_newlines();
    for (auto [from, to] : {std::pair{std::size_t{0}, cut1}, std::pair{cut1, cut2}, std::pair{cut2, input.size()}}) {
      sink.text(std::string_view(input).substr(from, to - from));
      ref.text(std::string_view(input).substr(from, to - from));
    }
    ASSERT_EQ(sink.take(), ref.take()) << "input: '" << input << "' cuts " << cut1 << "," << cut2;
  }
}

TEST(HtmlToText, AgreesWithTheReferenceOnTagsEntitiesAndWhitespace) {
  // append_html scans for tags, references and whitespace in one pass; the expected text is
  // built piece by piece with the byte-by-byte ReferenceSink. Words of 1 to 21 bytes move the
  // events across the 16-byte blocks of the scan.
  struct Piece {
    std::string html;
    std::string text;  // what the sink receives for it
    bool block = false;
  };
  const std::vector<Piece> pieces = {
      {"a", "a"},           {"bc", "bc"},     {"abcdefghijklmnopqrstu", "abcdefghijklmnopqrstu"},
      {" ", " "},           {" ", " "},       {"  ", "  "},
      {"\n", "\n"},         {"\t", "\t"},     {"\r\n", "\r\n"},
      {"\xC2\xA0", "\xC2\xA0"}, {"\xC2\xA9", "\xC2\xA9"}, {"\xE6\x97\xA5", "\xE6\x97\xA5"},
      {"\x01", "\x01"},     {".", "."},       {"&nbsp;", "\xC2\xA0"},
      {"&mdash;", "\xE2\x80\x94"}, {"&#8217;", "\xE2\x80\x99"}, {"&#32;", " "},
      {"&#10;", "\n"},       {"<b>", ""},      {"</b>", ""},
      {"<span class=\"x y\">", ""}, {"<!-- note -->", ""}, {"<p>", "", true},
      {"</p>", "", true},   {"<br/>", "", true}, {"<li>", "", true},
      {"x < y", "x < y"},   {"AT&T", "AT&T"},
  };
  std::mt19937 rng(7);
  for (int round = 0; round < 5000; ++round) {
    const auto breaks = rng() % 2 ? Breaks::keep : Breaks::collapse;
    const bool plain = rng() % 4 == 0;  // plain_to_text: known tags only, newlines kept
    std::string input;
    ReferenceSink ref(breaks, plain);
    const auto count = rng() % 30;
    for (unsigned k = 0; k < count; ++k) {
      const auto& piece = pieces[rng() % pieces.size()];
      input += piece.html;
      if (piece.block) {
        ref.block_break();
      } else {
        ref.text(piece.text);
      }
    }
    const auto got = plain ? plain_to_text(input, breaks) : html_to_text(input, breaks);
    ASSERT_EQ(got, ref.take()) << (plain ? "plain" : "html") << " input: '" << input << "'";
  }
}

TEST(HtmlToText, EventsInTheLastBlockAgreeWithTheReference) {
  // The scan reads a text's last partial block as the last 16 bytes with the bytes before the
  // position masked off: every event at every position of texts 1 to 40 bytes long, and the
  // text fed to the sink directly too.
  const std::vector<std::pair<std::string, std::string>> events = {
      {" ", " "}, {"  ", "  "}, {"\n", "\n"}, {"\xC2\xA0", "\xC2\xA0"}, {"\xC2\xA9", "\xC2\xA9"},
      {"\x01", "\x01"}, {"&amp;", "&"}, {"<b>", ""}, {" y", " y"}};
  for (std::size_t len = 1; len <= 40; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      for (const auto& [html, text] : events) {
        const std::string before(at, 'x');
        const std::string after(len - at, 'z');
        for (const auto breaks : {Breaks::keep, Breaks::collapse}) {
          ReferenceSink ref(breaks, false);
          ref.text(before);
          ref.text(text);
          ref.text(after);
          const std::string expected = ref.take();
          ASSERT_EQ(html_to_text(before + html + after, breaks), expected) << before + html + after;
          TextSink sink(breaks);
          sink.text(before + text + after);
          ASSERT_EQ(sink.take(), expected) << before + text + after;
        }
      }
    }
  }
}

TEST(HtmlEntities, EveryNameFoundThroughTheHashIndex) {
  // A few from every region of the table, with and without ';', and near misses.
  EXPECT_EQ(lookup_html_entity("AElig"), "\xC3\x86");
  EXPECT_EQ(lookup_html_entity("AElig;"), "\xC3\x86");
  EXPECT_EQ(lookup_html_entity("nbsp;"), "\xC2\xA0");
  EXPECT_EQ(lookup_html_entity("ldquo;"), "\xE2\x80\x9C");
  EXPECT_EQ(lookup_html_entity("yuml"), "\xC3\xBF");
  EXPECT_EQ(lookup_html_entity("zwj;"), "\xE2\x80\x8D");
  EXPECT_FALSE(lookup_html_entity("ldquo"));  // no legacy form
  EXPECT_FALSE(lookup_html_entity("Amp;"));
  EXPECT_FALSE(lookup_html_entity(""));
}

TEST(HtmlToText, CommonReferencesDecodeAsTheTableSays) {
  // The most common names take a fast path (by their first eight bytes): the same text as the
  // table, near the end of the input too (shorter than eight bytes), and no match on a prefix.
  for (std::string_view name : {"amp", "lt", "gt", "quot", "nbsp", "apos", "rsquo", "lsquo", "ldquo",
                                "rdquo", "mdash", "ndash", "hellip", "euro", "copy"}) {
    const auto expected = lookup_html_entity(std::string(name) + ";");
    ASSERT_TRUE(expected) << name;
    const std::string ref = "&" + std::string(name) + ";";
    for (const std::string tail : {"", "x", "abcdefghij"}) {
      std::string want = "a" + std::string(*expected) + tail;
      if (*expected == "\xC2\xA0") want = tail.empty() ? "a" : "a " + tail;  // whitespace policy
      EXPECT_EQ(html_to_text("a" + ref + tail, Breaks::collapse), want) << name << tail;
    }
  }
  EXPECT_EQ(html_to_text("&ampx;abcdefgh", Breaks::collapse), "&x;abcdefgh");  // legacy "&amp"
  EXPECT_EQ(html_to_text("&ltx;abcdefgh", Breaks::collapse), "<x;abcdefgh");
  EXPECT_EQ(html_to_text("&ldquox;abcdefgh", Breaks::collapse), "&ldquox;abcdefgh");
  EXPECT_EQ(html_to_text("&#x201C;&#X201d;&#8217;abcdefgh", Breaks::collapse),
            "\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\x99" "abcdefgh");
}

TEST(HtmlToText, CommonReferenceTableAgreesWithTheGeneralPath) {
  // The common names are found by their first eight bytes cut after the first ';' (a hash
  // table); with fewer than eight bytes left the general path decodes them. Both must agree on
  // the names and on near misses: other case, a missing or early ';', a second ';', a prefix.
  for (std::string_view name : {"amp;", "lt;", "gt;", "quot;", "nbsp;", "apos;", "rsquo;", "lsquo;",
                                "ldquo;", "rdquo;", "mdash;", "ndash;", "hellip;", "euro;", "copy;",
                                "amp", "ampx;", "am;", "amp;;", "AMP;", "nbs;", "hellip", "lt;lt;",
                                "quot;x", ";", "copy", "eur;", "mdash", "#8217;", "#8216;",
                                "#8220;", "#8221;", "#8211;", "#8212;", "#8230;", "#039;", "#39;",
                                "#038;", "#x2019;", "#x201C;", "#x201D;", "#160;", "#8217",
                                "#82170;", "#08217;", "#x201c;", "#X201C;", "#0039;", "#38;",
                                "#038;amp;", "#039;s", "#160;;", "#x201Cx;"}) {
    const std::string tail = " zzzzzzzz";
    const std::string general = html_to_text("x&" + std::string(name), Breaks::collapse);
    EXPECT_EQ(html_to_text("x&" + std::string(name) + tail, Breaks::collapse), general + tail)
        << name;
  }
}

TEST(HtmlToText, KnownTagLookupIsExact) {
  // Tag names are looked up by a packed key: prefixes, extensions and long names must not match.
  EXPECT_EQ(html_to_text("x<blockquote>y", Breaks::keep), "x\ny");
  EXPECT_EQ(html_to_text("x<blockquotes>y", Breaks::keep), "xy");
  EXPECT_EQ(html_to_text("x<figcaption>y", Breaks::keep), "x\ny");
  EXPECT_EQ(html_to_text("x<figcaptionx>y", Breaks::keep), "xy");
  EXPECT_EQ(plain_to_text("a <spanx> b", Breaks::keep), "a <spanx> b");
  EXPECT_EQ(plain_to_text("a <span> b", Breaks::keep), "a b");
  EXPECT_EQ(plain_to_text("a<abcdefghijklmnopq>b", Breaks::keep), "a<abcdefghijklmnopq>b");
}

// The attribute rule of append_html byte by byte (as it was written before the block scan):
// index past the closing '>', or npos when the tag is never closed.
std::size_t reference_skip_attributes(std::string_view s, std::size_t i) {
  char quote = 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    const char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      const char before = s[k - 1];
      if (before == '=' || before == ' ' || before == '\n') quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  if (quote) {
    const auto gt = s.find('>', i);
    return gt == std::string_view::npos ? gt : gt + 1;
  }
  return std::string_view::npos;
}

TEST(HtmlToText, AttributesAgreeWithTheByteRule) {
  // Attributes are skipped a block at a time, stopping at quotes and '>': quotes that open a
  // value or not, unterminated ones, '>' inside values, at every alignment and near the end.
  const std::string alphabet = "a= \"'>x\n";
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    const std::string prefix(1 + rng() % 17, 'w');
    std::string attributes;
    for (auto count = rng() % 48; count > 0; --count) attributes += alphabet[rng() % alphabet.size()];
    const std::string tail = rng() % 2 ? "" : " tail";
    const std::string input = prefix + "<span " + attributes + tail;
    const std::size_t end = reference_skip_attributes(input, prefix.size() + 5);
    for (const auto breaks : {Breaks::keep, Breaks::collapse}) {
      TextSink expected(breaks);
      if (end == std::string_view::npos) {
        expected.text(input);  // never closed: all of it is text
      } else {
        expected.text(prefix);
        expected.text(std::string_view(input).substr(end));
      }
      ASSERT_EQ(html_to_text(input, breaks), expected.take()) << input;
    }
  }
}

TEST(HtmlToText, ParagraphEndTakenWholeAgreesWithTheTagByTagPath) {
  // "</p>" and a newline (and a "<p>" after it) are read in one step; "</p >" and "<p >" (the same
  // tags, a space before the '>') take the general path. Both must give the same text, whatever
  // comes around them (more whitespace, other tags, the end of the text).
  const std::vector<std::string> around = {"", "a", " ", "  ", "\n", "\n\n", "\xC2\xA0", "&nbsp;", "<b>",
                                           "x y", "</p>", "<p>", "<br>", "&amp;", "<", "<p", "abcdefghijklmnopq"};
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"</p>\n<p>", "</p >\n<p >"}, {"</p>\n", "</p >\n"}, {"</p>\n \n<p>\n", "</p >\n \n<p >\n"}};
  for (const auto& [fast, general] : shapes) {
    for (const auto& before : around) {
      for (const auto& after : around) {
        for (const auto breaks : {Breaks::keep, Breaks::collapse}) {
          const std::string whole = before + fast + after;
          const std::string slow = before + general + after;
          ASSERT_EQ(html_to_text(whole, breaks), html_to_text(slow, breaks)) << whole;
          ASSERT_EQ(plain_to_text(whole, breaks), plain_to_text(slow, breaks)) << whole;
        }
      }
    }
  }
}

// What a numeric reference to `cp` reads as, by the HTML5 rules spelled out one by one.
std::string expected_numeric(std::uint64_t cp) {
  static constexpr std::uint32_t kWindows1252[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (cp >= 0x80 && cp <= 0x9F) cp = kWindows1252[cp - 0x80];
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  const bool whitespace = cp == ' ' || (cp >= '\t' && cp <= '\r');
  if ((cp < 0x20 && !whitespace) || (cp >= 0x7F && cp <= 0x9F)) return "";
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

TEST(HtmlToText, NumericReferencesAgreeWithTheRules) {
  // Decimal and hex (either case of 'x' and of the digits), leading zeros, with and without ';',
  // values past U+10FFFF (many digits too), at the end of the text and before more digits' worth
  // of letters ("&#x41g": the reference ends at 'g').
  std::vector<std::uint64_t> points = {0,      9,      10,      32,      65,       127,     128,
                                       130,    150,    157,     159,     160,      233,     0x7FF,
                                       0x800,  0x2019, 0x201C,  0xD7FF,  0xD800,   0xDFFF,  0xE000,
                                       0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF, 0x110000,
                                       0xFFFFFFFF, 0xFFFFFFFFFFULL, 99999999999999ULL};
  std::mt19937 rng(11);
  for (int k = 0; k < 300; ++k) points.push_back(rng() % 0x11000);
  for (const std::uint64_t cp : points) {
    const std::string expected = expected_numeric(cp);
    std::string hex_lower(32, '\0');
    hex_lower.resize(static_cast<std::size_t>(std::snprintf(hex_lower.data(), hex_lower.size(), "%llx",
                                                            static_cast<unsigned long long>(cp))));
    std::string hex_upper = hex_lower;
    for (char& c : hex_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string forms[] = {std::to_string(cp), "000" + std::to_string(cp), "x" + hex_lower,
                                 "X" + hex_upper, "x00" + hex_upper};
    for (const auto& form : forms) {
      for (const std::string tail : {";.", ";", "", ".", " z", ";g", "g", "; zzzzzzzz"}) {
        if (tail.empty() || tail == "g") {
          if (tail == "g" && form[0] != 'x' && form[0] != 'X') continue;
        }
        const std::string input = "a&#" + form + tail;
        ReferenceSink ref(Breaks::keep, false);
        ref.text("a");
        ref.text(expected);
        ref.text(tail.empty() || tail[0] != ';' ? tail : tail.substr(1));
        ASSERT_EQ(html_to_text(input, Breaks::keep), ref.take()) << input;
      }
    }
  }
  // Not a reference: no digit after "&#" or "&#x".
  for (const std::string input : {"a&#;", "a&#", "a&#x", "a&#x;", "a&#xg;", "a&#-1;", "a&# 1;"}) {
    EXPECT_EQ(html_to_text(input, Breaks::keep), input);
  }
}

TEST(TagAction, NulTerminatedNamesReadAsTheirViews) {
  // The C-string form stops at the NUL where the view stops at its end: the same action for
  // every known name, in either case, cut or lengthened, and for names of 15 to 17 bytes.
  std::vector<std::string> names = {"",           "p",          "P",          "br",
                                    "a",          "3d",         "td",         "img",
                                    "script",     "STYLE",      "template",   "x:p",
                                    "p.x",        "h1-",        "blockquote", "figcaption",
                                    "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
                                    "blockquoteblock", "blockquoteblockq", "blockquoteblockqu",
                                    "divvvvvvvvvvvvvv", "p_", "-p"};
  for (std::string_view known : {"address", "article", "aside", "body", "caption", "center", "dd",
                                 "details", "dialog", "div", "dl", "dt", "fieldset", "figure",
                                 "footer", "form", "h6", "header", "hr", "html", "li", "main",
                                 "nav", "ol", "pre", "section", "summary", "table", "tbody",
                                 "tfoot", "thead", "title", "tr", "ul", "video", "th", "span"}) {
    names.emplace_back(known);
    std::string upper(known);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    names.push_back(upper);
    names.push_back(std::string(known) + "x");
    names.push_back(std::string(known.substr(0, known.size() - 1)));
  }
  for (const auto& name : names) {
    for (const bool closing : {false, true}) {
      for (const bool self_closing : {false, true}) {
        EXPECT_EQ(tag_action(name.c_str(), closing, self_closing),
                  tag_action(std::string_view(name), closing, self_closing))
            << name << closing << self_closing;
      }
    }
  }
}

// append_escaped_text as it was written before its scan was joined with the sink's: the text
// cut at the control characters print() writes as references, each piece through
// TextSink::text, with the hints of '&' and '<' byte by byte.
void reference_escaped_text(std::string_view s, TextSink& sink, char next) {
  const auto printed_as_reference = [](unsigned char c) {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  };
  std::size_t seg = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if (c == '&' || c == '<') {
      const char after = k + 1 < s.size() ? s[k + 1] : next;
      const auto a = static_cast<unsigned char>(after);
      if (after != 0 && (std::isalpha(a) || a == '#' || a == '/' || a == '!' || a == '&' ||
                         a == '<' || a == '>' || printed_as_reference(a))) {
        if (c == '<') {
          sink.note_decoded_lt();
        } else {
          sink.note_decoded_markup();
        }
      }
      continue;
    }
    if (!printed_as_reference(c) || c == '\f' || c == '\v') continue;
    sink.text(s.substr(seg, k - seg));
    seg = k + 1;
  }
  sink.text(s.substr(seg));
}

TEST(AppendEscapedText, AgreesWithTheTextSinkPerPiece) {
  // Random texts of references-to-be, controls (dropped or whitespace), whitespace runs, U+00A0
  // and other C2 sequences around 16-byte blocks; several texts into one sink, with and
  // without keep_newlines, and the escaped-twice hints compared too.
  const std::vector<std::string> pieces = {
      "a", "bc", "defghijklmnopq", " ", "  ", "\n", "\t", "\r\n", "\f", "\v", "\x01", "\x1F",
      "\xC2\xA0", "\xC2\xA9", "\xC2", "\xA0", "&", "<", ">", "&lt;", "<p", "&#", "</", "<!",
      "&&", "\xE6\x97\xA5", ".", " &", " <", "x "};
  std::mt19937 rng(5);
  for (int round = 0; round < 20000; ++round) {
    const auto breaks = rng() % 2 ? Breaks::keep : Breaks::collapse;
    const bool keep_newlines = rng() % 2;
    TextSink got(breaks);
    TextSink want(breaks);
    if (keep_newlines) {
      got.keep_newlines();
      want.keep_newlines();
    }
    std::string shown;
    for (unsigned texts = 1 + rng() % 3; texts > 0; --texts) {
      std::string input;
      for (unsigned count = rng() % 12; count > 0; --count) input += pieces[rng() % pieces.size()];
      const char next = "\0a <&\x01#"[rng() % 7];
      append_escaped_text(input, got, next);
      reference_escaped_text(input, want, next);
      shown += "[" + input + "|" + std::string(1, next) + "]";
      if (rng() % 4 == 0) {
        got.block_break();
        want.block_break();
      }
    }
    ASSERT_EQ(got.decoded_markup(), want.decoded_markup()) << shown;
    ASSERT_EQ(got.take(), want.take()) << shown;
  }
}

TEST(LooksLikeMarkup, CommentsToTheLastByte) {
  EXPECT_TRUE(looks_like_markup("<!--"));
  EXPECT_TRUE(looks_like_markup("a <!-- note -->"));
  EXPECT_FALSE(looks_like_markup("<!-"));
  EXPECT_FALSE(looks_like_markup("a <!-x"));
  EXPECT_FALSE(looks_like_markup("a <!"));
  EXPECT_TRUE(looks_like_markup("<p>a"));
  EXPECT_FALSE(looks_like_markup("a < b"));
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
