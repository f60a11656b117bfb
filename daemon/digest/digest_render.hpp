// SPDX-License-Identifier: MIT
#pragma once
// Renders a digest: the subject line, the plain-text part and the HTML part, from the period's
// stories and the templates (digest_templates.hpp). What goes in and how it is arranged is
// described in digest_summary.hpp and docs/digests.md. The HTML uses tables and inline styles
// only (no scripts, no external images, no <style> block), which is what Gmail and Outlook keep.
//
// Pure (no clock, no files): the same input and templates render the same bytes. Safe on any
// thread.

#include "daemon/digest/digest_model.hpp"
#include "daemon/digest/digest_templates.hpp"

namespace newswatch::daemon {

// A template that does not parse (load_digest_templates() reports those) is replaced by its
// default, so a digest always renders. The subject is cut to one line of at most 200 bytes.
RenderedDigest render_digest(const DigestInput& input, const DigestTemplates& templates = DigestTemplates::defaults());

}  // namespace newswatch::daemon
