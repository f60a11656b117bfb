// SPDX-License-Identifier: MIT
#include "bench/feeds/feed_corpus.hpp"

#include <array>
#include <string_view>

namespace newswatch::bench {
namespace {

// xorshift64*: the same sequence on every platform and standard library (std distributions are
// not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed ? seed : 1) {}
  std::uint64_t next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1DULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }

 private:
  std::uint64_t s_;
};

using Words = std::array<std::string_view, 16>;

constexpr Words kSubjects = {"The harbour council",       "A regional airline",
                             "The city library",          "Fishermen in the north bay",
                             "The ministry of transport", "A group of volunteers",
                             "The university hospital",   "Local farmers",
                             "The coast guard",           "A new ferry operator",
                             "The school board",          "Residents of the old quarter",
                             "The weather office",        "Two rival clubs",
                             "The national museum",       "A software start-up"};
constexpr Words kVerbs = {"announced", "postponed", "approved", "criticised",
                          "welcomed",  "reviewed",  "extended", "cancelled",
                          "signed",    "proposed",  "opened",   "questioned",
                          "delayed",   "funded",    "rejected", "celebrated"};
constexpr Words kObjects = {"a plan for the waterfront",
                            "the winter timetable",
                            "an agreement on fishing quotas",
                            "the budget for next year",
                            "a festival of lanterns",
                            "new rules for street parking",
                            "a study of the tides",
                            "the repair of the old bridge",
                            "a partnership with a sister city",
                            "the rent increase",
                            "a night market",
                            "plans for a solar farm",
                            "the exhibition of maps",
                            "a ban on plastic bags",
                            "the late bus service",
                            "a talk on local history"};
constexpr Words kTails = {"after months of debate", "despite the storm warnings",
                          "on Tuesday evening",     "to the surprise of many",
                          "for the third time",     "at a crowded meeting",
                          "following complaints",   "without a vote",
                          "ahead of the holidays",  "with broad support",
                          "in a short statement",   "under pressure from traders",
                          "as prices rose",         "near the station",
                          "before the deadline",    "amid heavy rain"};
// Made up for this benchmark: Japanese and Chinese sentences in the same register.
constexpr std::array<std::string_view, 8> kJapanese = {
    "港町の議会は、来年度の予算案を賛成多数で可決した。",
    "市立図書館は桟橋に新しい閲覧室を開設すると発表した。",
    "冬季ダイヤの変更により、夕方のフェリーは二十分早く出発する。",
    "地元の漁業者は、北の湾での漁獲量について懸念を示した。",
    "大雨の影響で、沿岸部の道路が一時通行止めとなった。",
    "大学病院は週末の外来診療を再開する方針を明らかにした。",
    "商店街では「夜市」が三年ぶりに開かれ、多くの家族連れでにぎわった。",
    "気象台は、今夜から明日にかけて強い風に注意するよう呼びかけている。"};
constexpr std::array<std::string_view, 8> kChinese = {
    "港口委员会周二宣布，将延长冬季渡轮时刻表。",
    "市图书馆在码头开设了新的阅览室，吸引了大批读者。",
    "当地渔民对北湾的捕捞配额表示担忧。",
    "受暴雨影响，沿海公路暂时封闭，预计明天恢复通行。",
    "大学医院表示，周末门诊将于下月重新开放。",
    "夜市时隔三年再次举办，吸引了许多家庭前来游玩。",
    "气象部门提醒市民，今晚至明天注意防范大风。",
    "两家俱乐部签署了合作协议，共同举办青少年比赛。"};
constexpr std::array<std::string_view, 8> kCategories = {
    "Local", "Transport", "Economy", "Weather", "Culture", "Health", "Politics", "Sport"};
constexpr std::array<std::string_view, 6> kAuthors = {"Mika Sato",  "Lee Park", "Ana Costa",
                                                      "Tomás Ruiz", "Wang Lei", "Jo Brennan"};
constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

enum class Lang { en, ja, zh };

std::string two(std::size_t v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

std::string sentence(Rng& rng, Lang lang) {
  if (lang == Lang::ja) return std::string(rng.pick(kJapanese));
  if (lang == Lang::zh) return std::string(rng.pick(kChinese));
  std::string s;
  s.append(rng.pick(kSubjects)).append(" ").append(rng.pick(kVerbs)).append(" ");
  s.append(rng.pick(kObjects)).append(" ").append(rng.pick(kTails)).append(".");
  return s;
}

std::string title(Rng& rng, Lang lang) {
  if (lang != Lang::en) {
    auto s = sentence(rng, lang);
    return s.substr(0, s.size() - 3);  // drop the final "。" (3 bytes in UTF-8)
  }
  std::string s;
  s.append(rng.pick(kSubjects)).append(" ").append(rng.pick(kVerbs)).append(" ");
  s.append(rng.pick(kObjects));
  return s;
}

// An HTML fragment as a CMS writes it: paragraphs, inline markup, a link, an image and entities
// (named ones that XML does not know, which only work inside HTML).
std::string html_body(Rng& rng, Lang lang, std::size_t paragraphs) {
  std::string h;
  for (std::size_t p = 0; p < paragraphs; ++p) {
    h += "<p>";
    const std::size_t sentences = 1 + rng.below(3);
    for (std::size_t k = 0; k < sentences; ++k) {
      if (k > 0) h += lang == Lang::en ? " " : "";
      auto s = sentence(rng, lang);
      if (rng.chance(20)) s = "<strong>" + s + "</strong>";
      if (rng.chance(15)) s = "&ldquo;" + s + "&rdquo;&nbsp;&mdash; said a spokesperson";
      if (rng.chance(10))
        s += " Tickets cost &euro;" + std::to_string(5 + rng.below(40)) + " &amp; up.";
      if (rng.chance(8)) s += " It&#8217;s the &#x201C;first&#x201D; time.";
      h += s;
    }
    if (rng.chance(25)) {
      h += " <a href=\"https://news.example.org/topics/" + std::to_string(rng.below(500)) +
           "?ref=feed&amp;src=rss\" class=\"inline\">Read more</a>";
    }
    h += "</p>\n";
    if (rng.chance(15)) {
      h += "<figure><img src=\"/media/" + std::to_string(rng.below(10000)) +
           ".jpg\" alt=\"photo\" width=\"640\" height=\"360\"/><figcaption>" + sentence(rng, lang) +
           "</figcaption></figure>\n";
    }
  }
  if (rng.chance(10)) h += "<ul><li>one</li><li>two</li><li>three</li></ul>";
  return h;
}

// Escapes text for XML character data: what a generator does for an RSS <description>.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string rfc822(Rng& rng) {
  return std::string(rng.pick(kDays)) + ", " + two(1 + rng.below(28)) + " " +
         std::string(rng.pick(kMonths)) + " 2024 " + two(rng.below(24)) + ":" + two(rng.below(60)) +
         ":" + two(rng.below(60)) + (rng.chance(50) ? " +0900" : " GMT");
}

std::string rfc3339(Rng& rng) {
  return "2024-" + two(1 + rng.below(12)) + "-" + two(1 + rng.below(28)) + "T" +
         two(rng.below(24)) + ":" + two(rng.below(60)) + ":" + two(rng.below(60)) +
         (rng.chance(50) ? "+09:00" : "Z");
}

Lang pick_lang(Rng& rng) {
  const auto r = rng.below(100);
  return r < 14 ? Lang::ja : r < 26 ? Lang::zh : Lang::en;
}

CorpusFeed rss_feed(Rng& rng, std::size_t feed_no) {
  CorpusFeed f;
  const std::string site = "https://site" + std::to_string(feed_no) + ".example.org";
  std::string& x = f.bytes;
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
       "     xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
       "xmlns:atom=\"http://www.w3.org/2005/Atom\"\n"
       "     xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n";
  x += "  <title>Harbour Daily " + std::to_string(feed_no) + " &amp; Friends</title>\n";
  x += "  <link>" + site + "/</link>\n";
  x += "  <atom:link href=\"" + site + "/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  x += "  <description>News from a &lt;em&gt;made-up&lt;/em&gt; harbour town.</description>\n";
  x += "  <language>en</language>\n  <lastBuildDate>" + rfc822(rng) + "</lastBuildDate>\n";
  x += "  <generator>bench</generator>\n  <ttl>15</ttl>\n";
  const bool cdata = rng.chance(50);
  const bool full_content = rng.chance(60);
  f.items = 20 + rng.below(41);
  for (std::size_t i = 0; i < f.items; ++i) {
    const auto lang = pick_lang(rng);
    const auto path = "/news/2024/" + std::to_string(feed_no) + "-" + std::to_string(i);
    x += "  <item>\n";
    auto t = title(rng, lang);
    if (rng.chance(10)) t += " &amp;amp; more";  // double-escaped, as some CMSs write it
    x += "    <title>" + (rng.chance(5) ? "<![CDATA[" + t + "]]>" : xml_escape(t)) + "</title>\n";
    x += "    <link>" + (rng.chance(15) ? path : site + path) + "</link>\n";
    x += "    <guid isPermaLink=\"" +
         std::string(rng.chance(50) ? "true\">" + site + path
                                    : "false\">tag:" + site.substr(8) + "," + path) +
         "</guid>\n";
    x += "    <pubDate>" + rfc822(rng) + "</pubDate>\n";
    x += "    <dc:creator>" + std::string(rng.pick(kAuthors)) + "</dc:creator>\n";
    for (std::size_t c = 0, n = 1 + rng.below(3); c < n; ++c) {
      x += "    <category>" + std::string(rng.pick(kCategories)) + "</category>\n";
    }
    const auto summary = html_body(rng, lang, 1 + rng.below(2));
    x += "    <description>" + (cdata ? "<![CDATA[" + summary + "]]>" : xml_escape(summary)) +
         "</description>\n";
    if (full_content) {
      x += "    <content:encoded><![CDATA[" + html_body(rng, lang, 3 + rng.below(6)) +
           "]]></content:encoded>\n";
    }
    if (rng.chance(20)) {
      x += "    <enclosure url=\"" + site + "/media/" + std::to_string(i) +
           ".mp3\" type=\"audio/mpeg\" length=\"" + std::to_string(100000 + rng.below(900000)) +
           "\"/>\n";
    }
    if (rng.chance(20)) {
      x += "    <media:content url=\"" + site + "/media/" + std::to_string(i) +
           ".jpg\" medium=\"image\" type=\"image/jpeg\"/>\n";
    }
    x += "  </item>\n";
  }
  x += "</channel>\n</rss>\n";
  return f;
}

CorpusFeed atom_feed(Rng& rng, std::size_t feed_no) {
  CorpusFeed f;
  f.atom = true;
  const std::string site = "https://blog" + std::to_string(feed_no) + ".example.net";
  std::string& x = f.bytes;
  x += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\" xml:base=\"" + site + "/\">\n";
  x += "  <title type=\"text\">Notes from the Quay " + std::to_string(feed_no) + "</title>\n";
  x += "  <subtitle type=\"html\">Stories &amp;lt;b&amp;gt;worth&amp;lt;/b&amp;gt; a "
       "walk</subtitle>\n";
  x += "  <link rel=\"alternate\" type=\"text/html\" href=\"/\"/>\n";
  x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"/atom.xml\"/>\n";
  x += "  <id>tag:" + site.substr(8) + ",2024:feed</id>\n  <updated>" + rfc3339(rng) +
       "</updated>\n";
  x += "  <author><name>" + std::string(rng.pick(kAuthors)) +
       "</name><email>desk@example.net</email></author>\n";
  const bool xhtml = rng.chance(40);
  f.items = 20 + rng.below(41);
  for (std::size_t i = 0; i < f.items; ++i) {
    const auto lang = pick_lang(rng);
    x += "  <entry>\n";
    x += "    <title type=\"html\">" + xml_escape(title(rng, lang)) + "</title>\n";
    x += "    <link rel=\"alternate\" type=\"text/html\" href=\"posts/" + std::to_string(i) +
         ".html\"/>\n";
    x += "    <id>tag:" + site.substr(8) + ",2024:" + std::to_string(i) + "</id>\n";
    x += "    <published>" + rfc3339(rng) + "</published>\n    <updated>" + rfc3339(rng) +
         "</updated>\n";
    if (rng.chance(50))
      x += "    <author><name>" + std::string(rng.pick(kAuthors)) + "</name></author>\n";
    for (std::size_t c = 0, n = rng.below(3); c < n; ++c) {
      x += "    <category term=\"" + std::string(rng.pick(kCategories)) + "\"/>\n";
    }
    x += "    <summary type=\"html\">" + xml_escape(html_body(rng, lang, 1)) + "</summary>\n";
    auto body = html_body(rng, lang, 3 + rng.below(6));
    if (xhtml) {
      // Inline XHTML must be well-formed XML: no HTML-only named entities.
      std::string clean;
      for (std::size_t k = 0; k < body.size(); ++k) {
        if (body[k] == '&' && body.compare(k, 5, "&amp;") != 0 && body.compare(k, 2, "&#") != 0) {
          clean += "&#38;";  // keeps the entity visible as text, as an escaped ampersand
          continue;
        }
        clean.push_back(body[k]);
      }
      x += "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" + clean +
           "</div></content>\n";
    } else {
      x += "    <content type=\"html\">" + xml_escape(body) + "</content>\n";
    }
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return f;
}

}  // namespace

Corpus make_feed_corpus(std::size_t target_bytes, std::uint64_t seed) {
  Rng rng(seed);
  Corpus corpus;
  for (std::size_t n = 0; corpus.total_bytes < target_bytes; ++n) {
    // About two RSS feeds for each Atom feed, as in the wild.
    auto feed = rng.chance(35) ? atom_feed(rng, n) : rss_feed(rng, n);
    corpus.total_bytes += feed.bytes.size();
    corpus.total_items += feed.items;
    corpus.feeds.push_back(std::move(feed));
  }
  return corpus;
}

}  // namespace newswatch::bench
