// SPDX-License-Identifier: MIT
#include "daemon/digest/digest_render.hpp"

#include <kainjow/mustache.hpp>

#include <memory>

#include "daemon/digest/detail/digest_view.hpp"
#include "daemon/digest/digest_summary.hpp"

namespace newswatch::daemon {
namespace {

constexpr std::size_t kMaxSubjectBytes = 200;

enum class Escape { html, none };

std::string render_one(const std::string& source, std::string_view fallback_name, const kainjow::mustache::data& view,
                       Escape escape) {
  auto parsed = std::make_unique<kainjow::mustache::mustache>(source);
  if (!parsed->is_valid())
    parsed = std::make_unique<kainjow::mustache::mustache>(std::string(default_digest_template(fallback_name)));
  // Plain text and the subject are not HTML: "&" must stay "&". They are still cleaned of
  // control characters by the view, and the subject of line breaks below.
  if (escape == Escape::none) parsed->set_custom_escape([](const std::string& text) { return text; });
  return parsed->render(view);
}

// One line: a subject with a line break would let feed text write mail headers.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool blank = c == '\r' || c == '\n' || c == '\t' || c == ' ';
    if (blank) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > kMaxSubjectBytes) {
    std::size_t cut = kMaxSubjectBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    out.resize(cut);
    out += "…";
  }
  return out;
}

}  // namespace

RenderedDigest render_digest(const DigestInput& input, const DigestTemplates& templates) {
  const DigestSummary summary = summarize(input);
  const auto view = detail::digest_view(input, summary);
  RenderedDigest out;
  out.subject = one_line(render_one(templates.subject, kDigestSubjectTemplate, view, Escape::none));
  out.text = render_one(templates.text, kDigestTextTemplate, view, Escape::none);
  out.html = render_one(templates.html, kDigestHtmlTemplate, view, Escape::html);
  out.empty = input.stories.empty();
  return out;
}

}  // namespace newswatch::daemon
