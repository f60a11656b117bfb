// SPDX-License-Identifier: MIT
// parse_feed(): bytes → UTF-8 (encoding.cpp) → XML with recovery (xml_recovery.cpp) → format
// detection from the root element and its namespace → the format's reader → item ids.

#include "feeds/parse/feed_parser.hpp"

#include <algorithm>
#include <new>

#include "feeds/parse/detail/dtd_entities.hpp"
#include "feeds/parse/detail/feed_readers.hpp"
#include "feeds/parse/detail/item_id.hpp"
#include "feeds/parse/detail/json_feed_reader.hpp"
#include "feeds/parse/detail/xml_recovery.hpp"
#include "feeds/parse/detail/xml_text.hpp"
#include "feeds/parse/encoding.hpp"

namespace newswatch::feeds {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// First characters of a document for an error message: printable ASCII only, one line.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 24)) out.push_back(c >= 0x20 && c < 0x7F ? c : ' ');
  return out;
}

constexpr std::size_t kMaxWarnings = 100;

ParseOutcome failure(std::string message) { return ParseOutcome{std::nullopt, std::move(message)}; }

// pugixml writes character references to surrogates or past U+10FFFF ("&#xD800;") as bytes
// that are not UTF-8. Everything else keeps valid UTF-8 valid: decode_to_utf8's output is, the
// text functions cut only at ASCII bytes and write U+FFFD for bad references, URLs are
// percent-encoded. So only a document with such a reference can yield a string needing repair;
// decode_to_utf8 finds them (CharReferences), and references to C1 controls ("&#146;"), which
// only then need mapping. One more source: a text that an XML error cut off may hold bytes
// that are not UTF-8 (pugixml had not finished converting it in place; a fuzzer found a CDATA
// section broken inside a sequence), so broken XML is always checked.

// Every string that leaves the parser is valid UTF-8 (see repair_utf8), and warnings are bounded.
void finish(Feed& feed, CharReferences references, bool xml_broken = false) {
  if (references.bad || xml_broken) {
    std::size_t replaced = 0;
    for (auto* s : {&feed.title, &feed.link, &feed.description, &feed.language}) replaced += repair_utf8(*s);
    for (auto& item : feed.items) {
      for (auto* s : {&item.id, &item.title, &item.link, &item.summary, &item.content}) {
        replaced += repair_utf8(*s);
      }
      for (auto& a : item.authors) replaced += repair_utf8(a);
      for (auto& c : item.categories) replaced += repair_utf8(c);
      for (auto& e : item.enclosures) {
        replaced += repair_utf8(e.url);
        replaced += repair_utf8(e.type);
      }
    }
    if (replaced > 0) {
      feed.warnings.push_back(
          "replaced " + std::to_string(replaced) +
          (references.bad ? " character references to surrogates or past U+10FFFF with U+FFFD"
                          : " bytes that were not UTF-8, left where the XML broke off, with U+FFFD"));
    }
  }
  // "en_US" (a locale name, as some writers put it) is the language tag "en-US".
  std::replace(feed.language.begin(), feed.language.end(), '_', '-');
  // Text fields only: ids and URLs keep what the document says.
  if (references.c1) {
    for (auto* s : {&feed.title, &feed.description}) detail::map_c1_controls(*s);
    for (auto& item : feed.items) {
      for (auto* s : {&item.title, &item.summary, &item.content}) detail::map_c1_controls(*s);
      for (auto& a : item.authors) detail::map_c1_controls(a);
      for (auto& c : item.categories) detail::map_c1_controls(c);
    }
  }
  for (auto& item : feed.items) detail::assign_item_id(item);
  if (feed.warnings.size() > kMaxWarnings) {
    const auto more = feed.warnings.size() - (kMaxWarnings - 1);
    feed.warnings.resize(kMaxWarnings - 1);
    feed.warnings.push_back("... and " + std::to_string(more) + " more warnings");
  }
  for (auto& w : feed.warnings) repair_utf8(w);
}

// The version attribute of <rss> as a format name.
std::string rss_format(pugi::xml_node root, Feed& feed) {
  const auto version = detail::attribute(root, "version");
  if (version == "2.0" || version == "2" || version == "2.00") return "rss2.0";
  if (version == "0.91" || version == "0.92" || version == "0.93" || version == "0.94") return "rss" + version;
  feed.warnings.push_back(version.empty() ? "<rss> without a version; read as RSS 2.0"
                                          : "unknown RSS version '" + std::string(utf8_prefix(version, 16)) +
                                                "'; read as RSS 2.0");
  return "rss2.0";
}

std::optional<ParseOutcome> reject_non_xml(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return failure("not a feed: the document is empty");
  const char c = text[first];
  if (c == '[') return failure("not a feed: a JSON document that is not a JSON Feed");
  if (c != '<') return failure("not a feed: not XML (starts with \"" + excerpt(text.substr(first)) + "\")");
  return std::nullopt;
}

// pugixml leaves "&name;" of a DTD unexpanded: expand them. The references of the text as it is
// then (an expansion may add some, or join a '&' and a '#').
CharReferences expand_entities(DecodedText& decoded) {
  if (detail::expand_internal_entities(decoded.utf8) == 0) return decoded.references;
  return find_char_references(decoded.utf8);
}

// A document starting with '{' is read as JSON Feed (detail/json_feed_reader.hpp).
ParseOutcome parse_json(DecodedText decoded, const ParseOptions& options) {
  auto result = detail::read_json_feed(decoded.utf8, options);
  if (!result.feed) return failure(std::move(result.error));
  auto& feed = *result.feed;
  feed.warnings.insert(feed.warnings.begin(), decoded.warnings.begin(), decoded.warnings.end());
  finish(feed, decoded.references);
  return ParseOutcome{std::move(feed), {}};
}

ParseOutcome parse(std::string_view bytes, const ParseOptions& options) {
  auto decoded = decode_to_utf8(bytes, options.content_type);
  if (const auto first = decoded.utf8.find_first_not_of(" \t\r\n");
      first != std::string::npos && decoded.utf8[first] == '{') {
    return parse_json(std::move(decoded), options);
  }
  if (auto rejected = reject_non_xml(decoded.utf8)) return *rejected;

  auto references = expand_entities(decoded);
  auto loaded = detail::load_clean_xml_in_place(decoded.utf8);
  if (!loaded.clean) {
    // Broken XML: recovery works on an intact text, so decode the bytes again (only this path
    // pays for it) and parse with repairs.
    decoded = decode_to_utf8(bytes, options.content_type);
    references = expand_entities(decoded);
    loaded = detail::load_xml(decoded.utf8);
  }
  const auto root = loaded.doc->document_element();
  if (!root) {
    const auto head = lower_ascii(std::string_view(decoded.utf8).substr(0, 4096));
    if (head.find("<html") != std::string::npos) return failure("not a feed: an HTML page");
    return failure("not a feed: XML error at " + loaded.first_error);
  }

  Feed feed;
  feed.warnings = std::move(decoded.warnings);
  feed.warnings.insert(feed.warnings.end(), loaded.warnings.begin(), loaded.warnings.end());
  const auto local = detail::local_name(root);
  const auto ns = detail::namespace_uri(root);
  if (local == "rss") {
    feed.format = rss_format(root, feed);
    detail::read_rss(root, ns, options, feed);
  } else if (local == "RDF") {
    std::string_view core = detail::kNsRss10;
    feed.format = "rss1.0";
    if (detail::child_element(root, detail::kNsRss090, "channel")) {
      core = detail::kNsRss090;
      feed.format = "rss0.90";
    } else if (!detail::child_element(root, detail::kNsRss10, "channel") &&
               !detail::child_element(root, detail::kNsRss10, "item")) {
      // Empty, but declaring an RSS namespace: a feed with nothing in it yet (read_rss warns).
      bool declares_rss = false;
      for (auto a : root.attributes()) {
        const std::string_view name = a.name();
        if (name != "xmlns" && !name.starts_with("xmlns:")) continue;
        if (a.value() == detail::kNsRss090) {
          core = detail::kNsRss090;
          feed.format = "rss0.90";
        }
        declares_rss =
            declares_rss || a.value() == detail::kNsRss10 || a.value() == detail::kNsRss090;
      }
      if (!declares_rss) return failure("not a feed: an RDF document without an RSS channel");
    }
    detail::read_rss(root, core, options, feed);
  } else if (local == "feed" && (ns == detail::kNsAtom10 || ns == detail::kNsAtom03 || ns.empty() ||
                                  !detail::attribute(root, "version").empty())) {
    const bool old = ns == detail::kNsAtom03 || (ns.empty() && detail::attribute(root, "version") == "0.3");
    feed.format = old ? "atom0.3" : "atom1.0";
    if (ns.empty()) feed.warnings.push_back("<feed> without the Atom namespace; read as " + feed.format);
    if (ns != detail::kNsAtom10 && ns != detail::kNsAtom03 && !ns.empty()) {
      // A draft of Atom before 0.3 (its namespaces were purl.org/echo/, purl.org/pie/ and others):
      // the element names are those of 0.3.
      feed.format = "atom0.3";
      feed.warnings.push_back("<feed version=...> in the namespace '" +
                              std::string(utf8_prefix(ns, 60)) + "'; read as Atom 0.3");
    }
    detail::read_atom(root, ns, options, feed);
  } else if (lower_ascii(local) == "html") {
    return failure("not a feed: an HTML page");
  } else {
    return failure("not a feed: unknown root element <" + std::string(utf8_prefix(root.name(), 40)) + ">");
  }

  finish(feed, references, !loaded.clean);
  return ParseOutcome{std::move(feed), {}};
}

}  // namespace

ParseOutcome parse_feed(std::string_view bytes, const ParseOptions& options) {
  // The contract is "never throws": allocation failure and library exceptions become an error.
  try {
    return parse(bytes, options);
  } catch (const std::bad_alloc&) {
    return failure("out of memory while parsing");
  } catch (const std::exception& e) {
    return failure(std::string("internal parser error: ") + e.what());
  } catch (...) {
    return failure("internal parser error");
  }
}

}  // namespace newswatch::feeds
