// SPDX-License-Identifier: MIT
// Renders a realistic weekly digest (invented stories, not corpus text) to OUTDIR/digest.html,
// digest.txt and digest-subject.txt, for the headless-Chromium screenshot test (issue 7 proof).
// Usage: newswatch_digest_sample OUTDIR
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "daemon/digest/digest_render.hpp"
#include "daemon/digest/digest_schedule.hpp"

namespace {

using namespace std::chrono;
using newswatch::daemon::DigestInput;
using newswatch::daemon::DigestSource;
using newswatch::daemon::DigestStory;
using newswatch::rules::Severity;

struct Report {
  const char* feed;
  const char* title;
  int minutes_later;
};

DigestStory make(std::string id, Severity severity, std::vector<std::string> tags, sys_seconds first_seen,
                 std::optional<double> tone, std::vector<std::string> terms, std::vector<Report> reports) {
  DigestStory story{.id = id, .severity = severity, .tags = std::move(tags), .first_seen = first_seen,
                    .last_seen = first_seen, .terms = std::move(terms), .tone = tone};
  for (const auto& report : reports) {
    const auto seen = first_seen + minutes(report.minutes_later);
    std::string slug = id + "-" + std::to_string(story.sources.size() + 1);
    story.sources.push_back({report.feed, report.title, "https://news.example/" + slug, seen});
    story.last_seen = std::max(story.last_seen, seen);
  }
  story.headline = story.sources.front().title;
  return story;
}

DigestInput sample(sys_seconds start, sys_seconds end) {
  const auto day = [&](int d, int h) { return start + days(d) + hours(h); };
  DigestInput input{.title = "Japan–China weekly digest", .zone = "Asia/Tokyo", .period_start = start,
                    .period_end = end};
  input.stories = {
      make("coast-guard-zone", Severity::high, {"maritime-military"}, day(0, 3), -6.0,
           {"coast guard", "contiguous zone", "Senkaku"},
           {{"Harbor Daily", "Coast guard counts four patrol ships inside the contiguous zone for a third day", 0},
            {"Pacific Wire", "Patrol ships linger near disputed islets, Tokyo says", 35},
            {"Kanto Evening", "Four vessels again spotted near islands; protest planned", 80},
            {"North Asia Monitor", "Analysis: why the patrols are getting longer", 400}}),
      make("gallium-licences", Severity::high, {"trade"}, day(1, 1), -4.0, {"export controls", "gallium", "licence"},
           {{"Pacific Wire", "Beijing widens licence checks on gallium and graphite shipments", 0},
            {"Market Line Asia", "Chip makers in Japan brace for slower metal deliveries", 50},
            {"Harbor Daily", "Trade ministry to seek talks on new export licence rules", 190}}),
      make("ministers-dialogue", Severity::medium, {"meeting"}, day(2, 6), 4.0, {"foreign minister", "dialogue"},
           {{"東京新報", "日中外相が電話会談、来月の戦略対話開催で一致", 0},
            {"Pacific Wire", "Foreign ministers agree to resume strategic dialogue next month", 25},
            {"Kanto Evening", "Phone talks end months of silence between the two capitals", 70}}),
      make("seafood-buyers", Severity::medium, {"trade"}, day(3, 2), -2.0, {"seafood", "import ban"},
           {{"Market Line Asia", "Scallop exporters court new buyers while the import ban drags on", 0},
            {"Harbor Daily", "Fishing cooperatives ask for a longer support package", 300}}),
      make("survey-ship", Severity::medium, {"protest", "maritime-military"}, day(3, 9), -5.0,
           {"lodged a protest", "survey ship", "EEZ"},
           {{"Kanto Evening", "Tokyo lodges protest over survey ship working inside its EEZ", 0},
            {"North Asia Monitor", "Research vessel leaves the area after two days", 900}}),
      make("youth-exchange", Severity::low, {"cooperation"}, day(4, 4), 6.0, {"exchange programme", "students"},
           {{"华东日报", "中日青年交流项目恢复，首批学生抵达大阪", 0},
            {"Pacific Wire", "Student exchange resumes with a first group in Osaka", 120}}),
      make("consulate-advice", Severity::high, {"nationals"}, day(4, 11), -3.0, {"citizens", "consulate", "safety"},
           {{"Harbor Daily", "Consulate urges citizens to take care after an assault in a southern city", 0},
            {"Kanto Evening", "Police detain suspect; embassy asks for a full account", 140},
            {"Pacific Wire", "Schools add security guidance for families abroad", 600}}),
      make("carrier-transit", Severity::medium, {"taiwan"}, day(5, 0), -4.0, {"carrier group", "Taiwan"},
           {{"North Asia Monitor", "Defence staff track a carrier group transiting east of Taiwan", 0}}),
      make("marine-plastics", Severity::low, {"cooperation"}, day(5, 7), 5.0, {"joint panel", "marine pollution"},
           {{"Pacific Wire", "Joint panel on marine plastic pollution meets for the first time", 0}}),
      make("archive-exhibition", Severity::low, {"history"}, day(6, 1), -2.0, {"wartime", "museum"},
           {{"Kanto Evening", "Museum exhibition on wartime records draws criticism from both capitals", 0}}),
      make("airspace-scramble", Severity::critical, {"maritime-military"}, day(6, 5), -8.0,
           {"airspace", "scrambled", "surveillance aircraft"},
           {{"Harbor Daily", "Fighters scrambled as a surveillance aircraft briefly enters airspace", 0},
            {"Pacific Wire", "Defence ministry calls airspace entry 'unacceptable'", 20},
            {"東京新報", "領空侵犯で緊急発進、政府が厳重抗議", 45},
            {"North Asia Monitor", "First such entry this year, data show", 60},
            {"Kanto Evening", "Envoy summoned over airspace entry", 95},
            {"Market Line Asia", "Shares of defence contractors rise after airspace incident", 180},
            {"华东日报", "外交部回应侦察机相关问题", 240},
            {"Harbor Daily", "Opposition asks for a briefing on the scramble", 320},
            {"Pacific Wire", "What we know about the surveillance flight", 400},
            {"Kanto Evening", "Residents near the base describe the noise", 460}}),
  };
  const auto before = [&](int d) { return start - days(7) + days(d) + hours(5); };
  input.previous_stories = {
      make("p1", Severity::medium, {"trade"}, before(1), -2.0, {}, {{"Pacific Wire", "Earlier trade story", 0}}),
      make("p2", Severity::medium, {"maritime-military"}, before(2), -4.0, {}, {{"Harbor Daily", "Earlier patrol", 0}}),
      make("p3", Severity::low, {"meeting"}, before(3), 3.0, {}, {{"Pacific Wire", "Earlier meeting", 0}}),
      make("p4", Severity::low, {"meeting"}, before(4), 2.0, {}, {{"Kanto Evening", "Earlier talks", 0}}),
      make("p5", Severity::low, {"history"}, before(5), -1.0, {}, {{"Kanto Evening", "Earlier history", 0}}),
      make("p6", Severity::low, {"history"}, before(6), -1.0, {}, {{"Kanto Evening", "Earlier archive", 0}}),
  };
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: newswatch_digest_sample OUTDIR\n";
    return 2;
  }
  // The week that ended on Monday 2024-11-18 08:00 in Tokyo, as "weekly mon 08:00 Asia/Tokyo" sees it.
  const auto schedule = *newswatch::daemon::DigestSchedule::parse("weekly mon 08:00 Asia/Tokyo").schedule;
  const auto period = schedule.period_ending(schedule.next_fire(sys_days{year{2024} / 11 / 17}));
  const auto rendered = newswatch::daemon::render_digest(sample(period.start, period.end));
  const std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out);
  std::ofstream(out / "digest.html", std::ios::binary) << rendered.html;
  std::ofstream(out / "digest.txt", std::ios::binary) << rendered.text;
  std::ofstream(out / "digest-subject.txt", std::ios::binary) << rendered.subject << '\n';
  std::cout << (out / "digest.html").string() << '\n';
  return 0;
}
