// SPDX-License-Identifier: MIT
// Issue 7, digests: grouping, ranking, counts against the previous period, the chart, escaping of
// feed text and links, CJK text, template overrides and the empty digest.
#include "daemon/digest/digest_render.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "daemon/digest/digest_summary.hpp"
#include "daemon/digest/wall_clock_text.hpp"

namespace newswatch::daemon {
namespace {

using namespace std::chrono;
using rules::Severity;

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min) {
  return sys_days{year{y} / month{m} / day{d}} + hours(h) + minutes(min);
}

// A daily digest in Tokyo: 2024-11-12 08:00 JST (11-11 23:00 UTC) to 2024-11-13 08:00 JST.
const sys_seconds kStart = utc(2024, 11, 11, 23, 0);
const sys_seconds kEnd = utc(2024, 11, 12, 23, 0);

DigestStory story(std::string id, std::string headline, Severity severity, std::vector<std::string> tags,
                  std::size_t sources, sys_seconds first_seen, std::optional<double> tone = std::nullopt) {
  DigestStory out{.id = id, .headline = headline, .severity = severity, .tags = std::move(tags)};
  for (std::size_t i = 0; i < sources; ++i) {
    out.sources.push_back({"Outlet " + std::to_string(i % 3), headline + " (" + std::to_string(i) + ")",
                           "https://news.example/" + id + "/" + std::to_string(i), first_seen + minutes(10 * i)});
  }
  out.first_seen = first_seen;
  out.last_seen = first_seen + minutes(10 * (sources ? sources - 1 : 0));
  out.terms = {"export controls", "rare earths"};
  out.tone = tone;
  return out;
}

DigestInput input(std::vector<DigestStory> stories, std::vector<DigestStory> previous = {}) {
  return {"Japan–China daily digest", "Asia/Tokyo", kStart, kEnd, std::move(stories), std::move(previous)};
}

std::vector<std::string> tags_of(const DigestSummary& summary) {
  std::vector<std::string> out;
  for (const auto& group : summary.groups) out.push_back(group.tag);
  return out;
}

std::vector<std::string> ids_of(const DigestGroup& group) {
  std::vector<std::string> out;
  for (const auto* s : group.stories) out.push_back(s->id);
  return out;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

TEST(DigestSummary, AStoryIsListedOnceUnderItsFirstTag) {
  const auto in = input({story("a", "Tariff talks", Severity::medium, {"trade"}, 1, kStart + hours(1)),
                         story("b", "Embassy protest", Severity::medium, {"protest", "nationals"}, 1, kStart + hours(2)),
                         story("c", "Citizen released", Severity::medium, {"nationals"}, 1, kStart + hours(3)),
                         story("d", "Untagged item", Severity::medium, {}, 1, kStart + hours(4))});
  const auto summary = summarize(in);
  EXPECT_EQ(tags_of(summary), (std::vector<std::string>{"nationals", "protest", "trade", "other"}));
  EXPECT_EQ(ids_of(summary.groups[1]), std::vector<std::string>{"b"});
  EXPECT_EQ(ids_of(summary.groups[0]), std::vector<std::string>{"c"});
  EXPECT_EQ(summary.total, 4u);
  // The other tags are still shown with the story.
  const auto rendered = render_digest(in);
  EXPECT_NE(rendered.html.find("Also tagged: nationals"), std::string::npos);
  EXPECT_NE(rendered.text.find("Also tagged: nationals"), std::string::npos);
}

TEST(DigestSummary, GroupsAndStoriesRankBySeverityThenSources) {
  const auto in = input({story("t1", "Trade medium five sources", Severity::medium, {"trade"}, 5, kStart + hours(1)),
                         story("t2", "Trade high two sources", Severity::high, {"trade"}, 2, kStart + hours(2)),
                         story("t3", "Trade medium five later", Severity::medium, {"trade"}, 5, kStart + hours(3)),
                         story("t4", "Trade medium one", Severity::medium, {"trade"}, 1, kStart + hours(1)),
                         story("m1", "Maritime critical", Severity::critical, {"maritime"}, 1, kStart + hours(5)),
                         story("h1", "History low", Severity::low, {"history"}, 3, kStart + hours(6)),
                         story("c1", "Cooperation low", Severity::low, {"cooperation"}, 1, kStart + hours(6)),
                         story("c2", "Cooperation low too", Severity::low, {"cooperation"}, 1, kStart + hours(7))});
  const auto summary = summarize(in);
  // Most severe story first; equal severity: the larger group, then the name.
  EXPECT_EQ(tags_of(summary), (std::vector<std::string>{"maritime", "trade", "cooperation", "history"}));
  EXPECT_EQ(ids_of(summary.groups[1]), (std::vector<std::string>{"t2", "t1", "t3", "t4"}));
  const auto html = render_digest(in).html;
  EXPECT_LT(html.find("Maritime critical"), html.find("Trade high two sources"));
  EXPECT_LT(html.find("Trade high two sources"), html.find("Trade medium five sources"));
  EXPECT_LT(html.find("Trade medium five sources"), html.find("Trade medium five later"));
  EXPECT_LT(html.find("Trade medium five later"), html.find("Trade medium one"));
}

TEST(DigestSummary, CountsAgainstThePreviousPeriod) {
  const auto in = input({story("a", "A", Severity::medium, {"trade"}, 1, kStart + hours(1)),
                         story("b", "B", Severity::medium, {"trade"}, 1, kStart + hours(2)),
                         story("c", "C", Severity::high, {"protest"}, 1, kStart + hours(3))},
                        {story("p", "P", Severity::medium, {"protest"}, 1, kStart - hours(3)),
                         story("q", "Q", Severity::medium, {"protest"}, 1, kStart - hours(3)),
                         story("r", "R", Severity::medium, {"history"}, 1, kStart - hours(2)),
                         story("s", "S", Severity::medium, {"history"}, 1, kStart - hours(2))});
  const auto summary = summarize(in);
  ASSERT_EQ(summary.tag_counts.size(), 3u);
  EXPECT_EQ(summary.tag_counts[0].tag, "protest");
  EXPECT_EQ(summary.tag_counts[0].count, 1u);
  EXPECT_EQ(summary.tag_counts[0].previous, 2u);
  EXPECT_EQ(summary.tag_counts[1].tag, "trade");
  EXPECT_EQ(summary.tag_counts[1].previous, 0u);
  EXPECT_EQ(summary.tag_counts[2].tag, "history");  // only in the previous period
  EXPECT_EQ(summary.tag_counts[2].count, 0u);
  const auto rendered = render_digest(in);
  EXPECT_NE(rendered.text.find("3 stories, -1 vs previous"), std::string::npos) << rendered.text;
  EXPECT_NE(rendered.text.find("  protest: 1 / 2 / -1\n"), std::string::npos);
  EXPECT_NE(rendered.text.find("  trade: 2 / 0 / +2\n"), std::string::npos);
  EXPECT_NE(rendered.text.find("  history: 0 / 2 / -2\n"), std::string::npos);
  EXPECT_NE(rendered.html.find("3 stories, -1 vs previous"), std::string::npos);
  EXPECT_NE(rendered.subject.find("3 stories, -1 vs previous"), std::string::npos);
  const auto same = render_digest(input({story("a", "A", Severity::medium, {"trade"}, 1, kStart + hours(1))},
                                        {story("p", "P", Severity::medium, {"trade"}, 1, kStart - hours(1))}));
  EXPECT_NE(same.text.find("1 story, ±0 vs previous"), std::string::npos);
}

TEST(DigestSummary, ChartBucketsFollowTheWallClock) {
  const auto in = input({story("a", "A", Severity::medium, {"trade"}, 1, utc(2024, 11, 11, 23, 30), -4.0),   // 08:30 JST
                         story("b", "B", Severity::medium, {"trade"}, 1, utc(2024, 11, 12, 0, 10), -2.0),    // 09:10 JST
                         story("c", "C", Severity::medium, {"protest"}, 1, utc(2024, 11, 12, 14, 0), 3.0),   // 23:00 JST
                         story("d", "D", Severity::medium, {"protest"}, 1, utc(2024, 11, 10, 0, 0))});       // before: clamped
  const auto summary = summarize(in);
  // A day in 3-hour buckets aligned on local 00:00: 06-09 (holds 08:00) .. 06-09 the next morning.
  EXPECT_EQ(summary.bucket_size, hours(3));
  ASSERT_EQ(summary.buckets.size(), 9u);
  EXPECT_EQ(summary.buckets[0].start, local_days{year{2024} / 11 / 12} + hours(6));
  EXPECT_EQ(summary.chart_tags, (std::vector<std::string>{"protest", "trade"}));
  EXPECT_EQ(summary.buckets[0].per_tag, (std::vector<std::size_t>{1, 1}));  // a (08:30) and d (clamped to 08:00)
  EXPECT_EQ(summary.buckets[1].per_tag, (std::vector<std::size_t>{0, 1}));  // b
  EXPECT_EQ(summary.buckets[5].per_tag, (std::vector<std::size_t>{1, 0}));  // c, 21-24
  EXPECT_EQ(summary.buckets[0].mean_tone, std::optional(-4.0));
  EXPECT_EQ(summary.buckets[5].mean_tone, std::optional(3.0));
  EXPECT_FALSE(summary.buckets[3].mean_tone.has_value());
  ASSERT_TRUE(summary.mean_tone.has_value());
  EXPECT_NEAR(*summary.mean_tone, -1.0, 1e-9);

  const auto rendered = render_digest(in);
  EXPECT_NE(rendered.text.find("Stories per 3 hours"), std::string::npos);
  EXPECT_NE(rendered.text.find("  Tue 06:00  ############################## 2  (protest 1, trade 1)"), std::string::npos)
      << rendered.text;
  EXPECT_NE(rendered.text.find("  Tue 06:00        ====|           -4.0"), std::string::npos) << rendered.text;
  EXPECT_NE(rendered.text.find("  Tue 21:00            |===        +3.0"), std::string::npos) << rendered.text;
  // HTML bars: the busiest bucket is full width, split 50/50 between its two tags.
  EXPECT_NE(rendered.html.find("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
                               "border=\"0\"><tr>\n<td width=\"50%\" bgcolor="),
            std::string::npos);
  EXPECT_NE(rendered.html.find("width=\"40%\" align=\"right\""), std::string::npos);  // tone -4.0
  EXPECT_NE(rendered.html.find("width=\"30%\" align=\"left\""), std::string::npos);   // tone +3.0

  auto weekly = in;
  weekly.period_start = kEnd - days(7);
  EXPECT_EQ(summarize(weekly).bucket_size, days(1));
  EXPECT_EQ(summarize(weekly).buckets.size(), 8u);  // 08:00 to 08:00 touches eight local days
  auto hourly = in;
  hourly.period_start = kEnd - hours(1);
  EXPECT_EQ(summarize(hourly).bucket_size, hours(1));
  EXPECT_EQ(summarize(hourly).buckets.size(), 1u);
  auto endless = in;
  endless.period_start = kEnd - days(500);
  EXPECT_TRUE(summarize(endless).buckets.empty());
  EXPECT_EQ(render_digest(endless).html.find("Stories per"), std::string::npos);
}

TEST(DigestRender, EscapesFeedTextAndDropsUnsafeLinks) {
  auto evil = story("x", "<script>alert('x')</script> & \"friends\"", Severity::high, {"trade"}, 0, kStart + hours(1));
  evil.sources = {{"Feed <b>bold</b>", "Title\r\nBcc: victim@example.org\x1b[31m", "javascript:alert(1)", kStart + hours(1)},
                  {"Data feed", "Data link", "data:text/html,<script>alert(1)</script>", kStart + hours(1)},
                  {"Quote feed", "Quote link", "https://news.example/a\" onmouseover=\"alert(1)", kStart + hours(1)},
                  {"Good feed", "Good link", "  https://news.example/story?id=1&lang=ja  ", kStart + hours(2)}};
  evil.terms = {"<img src=x onerror=alert(1)>"};
  auto in = input({evil});
  in.title = "Digest\r\nX-Injected: yes";
  const auto rendered = render_digest(in);
  const auto& html = rendered.html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("data:text"), std::string::npos);
  EXPECT_EQ(html.find("onmouseover=\""), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;friends&quot;"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://news.example/story?id=1&amp;lang=ja\""), std::string::npos);
  // Every href is http(s).
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[1].str().rfind("https://", 0), 0u) << (*it)[1].str();
  }
  // Control characters are gone; the subject is one line.
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(rendered.text.find('\x1b'), std::string::npos);
  EXPECT_NE(rendered.text.find("Title Bcc: victim@example.org [31m"), std::string::npos) << rendered.text;
  EXPECT_EQ(rendered.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(rendered.subject.rfind("Digest X-Injected: yes, ", 0), 0u) << rendered.subject;
  // Plain text is not HTML: it keeps the characters as they are.
  EXPECT_NE(rendered.text.find("<script>alert('x')</script> & \"friends\""), std::string::npos);
  EXPECT_NE(rendered.text.find("https://news.example/story?id=1&lang=ja"), std::string::npos);
}

TEST(DigestRender, HtmlIsMailSafe) {
  const auto html = render_digest(input({story("a", "A", Severity::high, {"trade"}, 2, kStart + hours(1), -3.0),
                                         story("b", "B", Severity::low, {"protest"}, 1, kStart + hours(9), 4.0)}))
                        .html;
  for (const char* banned : {"<script", "<style", "<img", "<link", "src=", "javascript:", "position:", "display:flex",
                             "<svg", "<canvas", "@import", "url("}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  EXPECT_EQ(occurrences(html, "<table"), occurrences(html, "</table>"));
  EXPECT_EQ(occurrences(html, "<tr"), occurrences(html, "</tr>"));
  EXPECT_EQ(occurrences(html, "<td"), occurrences(html, "</td>"));
  EXPECT_EQ(html.find("{{"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
}

TEST(DigestRender, JapaneseAndChineseHeadlinesSurvive) {
  const std::string japanese = "日中外相が電話会談、海洋問題で意見交換";
  const std::string chinese = "中日经贸对话在东京举行，双方同意恢复磋商";
  auto first = story("j", japanese, Severity::high, {"meeting"}, 2, kStart + hours(1), 2.0);
  first.terms = {"外相", "電話会談"};
  first.sources[0].feed = "東京新報";
  const auto rendered = render_digest(input({first, story("c", chinese, Severity::medium, {"trade"}, 1, kStart + hours(2))}));
  for (const auto* part : {&rendered.html, &rendered.text}) {
    EXPECT_NE(part->find(japanese), std::string::npos);
    EXPECT_NE(part->find(chinese), std::string::npos);
    EXPECT_NE(part->find("外相, 電話会談"), std::string::npos);
    EXPECT_NE(part->find("東京新報"), std::string::npos);
  }
  EXPECT_NE(rendered.subject.find(japanese), std::string::npos) << rendered.subject;  // the top story
}

TEST(DigestRender, LongSubjectsAreCutOnACharacterBoundary) {
  std::string headline;
  for (int i = 0; i < 100; ++i) headline += "日";
  const auto subject = render_digest(input({story("j", headline, Severity::high, {"x"}, 1, kStart + hours(1))})).subject;
  EXPECT_LE(subject.size(), 200u + std::string("…").size());
  EXPECT_EQ(subject.substr(subject.size() - std::string("…").size()), "…");
  // What comes before the ellipsis is whole three-byte characters after an ASCII prefix.
  const auto prefix_end = subject.find("日");
  EXPECT_EQ((subject.size() - std::string("…").size() - prefix_end) % 3, 0u);
}

TEST(DigestRender, ManySourcesAreCapped) {
  const auto rendered = render_digest(input({story("a", "Big story", Severity::high, {"trade"}, 12, kStart + hours(1))}));
  EXPECT_NE(rendered.html.find("and 4 more sources"), std::string::npos);
  EXPECT_NE(rendered.text.find("12 sources from 3 outlets"), std::string::npos);
  EXPECT_EQ(occurrences(rendered.text, "   - Outlet "), 8u);
}

TEST(DigestRender, SourcesSayTheHeadlineOnceAndShortTimesOnTheFirstDay) {
  auto one = story("a", "Port talks", Severity::high, {"trade"}, 2, utc(2024, 11, 12, 0, 0));  // 09:00 JST
  one.sources[0].title = "Port talks";
  one.sources[1].seen = utc(2024, 11, 12, 16, 0);  // 01:00 JST the next day
  const auto text = render_digest(input({one})).text;
  EXPECT_NE(text.find("   - Outlet 0 (09:00)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("   - Outlet 1: Port talks (1) (Wed 13 Nov 01:00)\n"), std::string::npos) << text;
}

TEST(DigestRender, EmptyDigest) {
  const auto rendered = render_digest(input({}, {story("p", "P", Severity::medium, {"trade"}, 1, kStart - hours(1))}));
  EXPECT_TRUE(rendered.empty);
  EXPECT_NE(rendered.html.find("No stories in this period."), std::string::npos);
  EXPECT_EQ(rendered.text, "Japan–China daily digest\nTue 12 Nov 08:00 – Wed 13 Nov 08:00 (Asia/Tokyo)\n\n"
                           "No stories in this period (0 stories, -1 vs previous).\n\n-- \nnewswatch " NEWSWATCH_VERSION
                           "; times in Asia/Tokyo\n");
  EXPECT_EQ(rendered.subject, "Japan–China daily digest, Wed 13 Nov: 0 stories, -1 vs previous");
  EXPECT_EQ(rendered.html.find("Stories per"), std::string::npos);
  EXPECT_FALSE(render_digest(input({story("a", "A", Severity::low, {}, 1, kStart + hours(1))})).empty);
}

TEST(DigestRender, ShowsTimesInTheDigestZone) {
  const auto rendered = render_digest(input({story("a", "A", Severity::low, {"trade"}, 1, utc(2024, 11, 12, 0, 30))}));
  EXPECT_NE(rendered.text.find("Tue 12 Nov 08:00 – Wed 13 Nov 08:00 (Asia/Tokyo)"), std::string::npos) << rendered.text;
  EXPECT_NE(rendered.text.find("First seen Tue 12 Nov 09:30"), std::string::npos);
  auto unknown_zone = input({});
  unknown_zone.zone = "Nowhere/Atlantis";
  EXPECT_NE(render_digest(unknown_zone).text.find("Mon 11 Nov 23:00 – Tue 12 Nov 23:00 (UTC)"), std::string::npos);
}

TEST(DigestRender, RendersTheSameBytesTwice) {
  const auto in = input({story("a", "A", Severity::high, {"trade"}, 3, kStart + hours(1), 1.0),
                         story("b", "B", Severity::low, {"protest", "history"}, 2, kStart + hours(5), -6.0)});
  const auto one = render_digest(in);
  const auto two = render_digest(in);
  EXPECT_EQ(one.html, two.html);
  EXPECT_EQ(one.text, two.text);
  EXPECT_EQ(one.subject, two.subject);
}

class DigestTemplatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("newswatch-digest-templates-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(std::string_view name, std::string_view content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }
  std::filesystem::path dir_;
};

TEST_F(DigestTemplatesTest, DefaultsAreCompiledIn) {
  const auto defaults = DigestTemplates::defaults();
  EXPECT_NE(defaults.html.find("{{#groups}}"), std::string::npos);
  EXPECT_NE(defaults.text.find("{{#groups}}"), std::string::npos);
  EXPECT_NE(defaults.subject.find("{{title}}"), std::string::npos);
  EXPECT_FALSE(mustache_error(defaults.html));
  EXPECT_FALSE(mustache_error(defaults.text));
  EXPECT_FALSE(mustache_error(defaults.subject));
  const auto none = load_digest_templates(std::nullopt);
  EXPECT_TRUE(none.errors.empty());
  EXPECT_EQ(none.templates.html, defaults.html);
}

TEST_F(DigestTemplatesTest, ADirectoryOverridesByFileName) {
  write("digest-subject.mustache", "{{story_count}} for {{title}}: {{#groups}}[{{tag}}]{{/groups}}");
  write("digest.txt.mustache", "{{#groups}}{{#stories}}{{headline}} <{{link}}>\n{{/stories}}{{/groups}}");
  write("unrelated.mustache", "{{#broken}}");
  const auto load = load_digest_templates(dir_);
  EXPECT_TRUE(load.errors.empty());
  EXPECT_EQ(load.templates.html, DigestTemplates::defaults().html);  // not overridden
  const auto rendered = render_digest(
      input({story("a", "Fish & chips", Severity::high, {"trade"}, 1, kStart + hours(1))}), load.templates);
  EXPECT_EQ(rendered.subject, "1 for Japan–China daily digest: [trade]");
  EXPECT_EQ(rendered.text, "Fish & chips <https://news.example/a/0>\n");
  EXPECT_NE(rendered.html.find("Fish &amp; chips"), std::string::npos);
}

TEST_F(DigestTemplatesTest, BrokenTemplatesAreReportedAndKeepTheDefault) {
  write("digest.html.mustache", "<p>{{#groups}}{{tag}}</p>");
  const auto load = load_digest_templates(dir_);
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].rfind((dir_ / "digest.html.mustache").string() + ": ", 0), 0u) << load.errors[0];
  EXPECT_NE(load.errors[0].find("groups"), std::string::npos) << load.errors[0];
  EXPECT_EQ(load.templates.html, DigestTemplates::defaults().html);
  // A broken template handed to the renderer anyway renders with the default.
  DigestTemplates broken = DigestTemplates::defaults();
  broken.html = "{{#groups}}";
  EXPECT_NE(render_digest(input({}), broken).html.find("No stories in this period."), std::string::npos);
}

TEST_F(DigestTemplatesTest, AMissingOrEmptyDirectoryIsAnError) {
  const auto missing = load_digest_templates(dir_ / "nope");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_NE(missing.errors[0].find("not a directory of digest templates"), std::string::npos);
  const auto empty = load_digest_templates(dir_);
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_NE(empty.errors[0].find("holds none of digest.html.mustache"), std::string::npos);
}

TEST(DigestWallClockText, FormatsInEnglish) {
  const local_seconds t = local_days{year{2024} / 3 / 5} + hours(7) + minutes(4);
  EXPECT_EQ(day_text(floor<days>(t)), "Tue 5 Mar");
  EXPECT_EQ(day_with_year_text(floor<days>(t)), "Tue 5 Mar 2024");
  EXPECT_EQ(clock_text(t), "07:04");
  EXPECT_EQ(day_and_clock_text(t), "Tue 5 Mar 07:04");
}

}  // namespace
}  // namespace newswatch::daemon
