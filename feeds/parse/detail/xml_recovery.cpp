// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/xml_recovery.hpp"

#include "feeds/parse/detail/xml_text.hpp"

namespace newswatch::feeds::detail {
namespace {

bool is_record(pugi::xml_node n) {
  const auto local = local_name(n);
  return local == "item" || local == "entry";
}

struct LastRecord {
  pugi::xml_node node;
  std::size_t count = 0;
};

// The last <item>/<entry> in document order, and how many there are.
LastRecord find_last_record(pugi::xml_node root) {
  LastRecord last;
  std::vector<pugi::xml_node> stack;
  if (root) stack.push_back(root);
  // Records never nest in feeds; visiting element children in order is enough.
  while (!stack.empty()) {
    auto n = stack.back();
    stack.pop_back();
    if (is_record(n)) {
      ++last.count;
      if (!last.node || n.offset_debug() > last.node.offset_debug()) last.node = n;
      continue;
    }
    for (auto c = n.last_child(); c; c = c.previous_sibling()) {
      if (c.type() == pugi::node_element) stack.push_back(c);
    }
  }
  return last;
}

// Start of the next "<name" start tag at or after `from` (followed by whitespace, '>' or '/').
std::size_t find_start_tag(std::string_view text, std::string_view name, std::size_t from) {
  // Built by appends: GCC 12 reports a false -Wrestrict for "<" + std::string(name) at -O2.
  std::string open;
  open.reserve(name.size() + 1);
  open += '<';
  open += name;
  for (auto pos = text.find(open, from); pos != std::string_view::npos; pos = text.find(open, pos + 1)) {
    const auto after = pos + open.size();
    if (after >= text.size()) return std::string_view::npos;
    const char c = text[after];
    if (c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n') return pos;
  }
  return std::string_view::npos;
}

}  // namespace

std::string describe_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

LoadedXml load_clean_xml_in_place(std::string& utf8) {
  LoadedXml out;
  out.doc = std::make_unique<pugi::xml_document>();
  if (out.doc->load_buffer_inplace(utf8.data(), utf8.size(), kParseFlags, pugi::encoding_utf8)) {
    out.clean = true;
  } else {
    out.doc->reset();
  }
  return out;
}

LoadedXml load_xml(std::string_view utf8) {
  LoadedXml out;
  out.doc = std::make_unique<pugi::xml_document>();
  // The text is copied only once a repair needs to cut it (pugixml keeps its own copy anyway).
  std::string owned;
  bool copied = false;
  std::string_view text = utf8;
  std::size_t erased = 0;       // bytes cut so far, all before the current error (see header)
  std::size_t dropped = 0;      // records cut so far
  bool cut_to_end = false;      // the last cut truncated the text: its end error is expected
  for (int attempt = 0;; ++attempt) {
    const auto result = out.doc->load_buffer(text.data(), text.size(), kParseFlags, pugi::encoding_utf8);
    if (result) {
      out.clean = attempt == 0;
      return out;
    }
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
    const auto where = describe_offset(utf8, offset + erased);
    const std::string message = where + ": " + result.description();
    if (attempt == 0) out.first_error = message;
    if (cut_to_end && offset + 1 >= text.size()) return out;  // end of the truncated text, as expected

    const auto last = find_last_record(out.doc->document_element());
    bool broken_record = false;
    std::size_t start = 0;
    if (last.node && last.node.offset_debug() > 0) {
      start = static_cast<std::size_t>(last.node.offset_debug()) - 1;  // offset_debug is past '<'
      const std::string close = "</" + std::string(last.node.name());
      const auto close_at = text.find(close, start);
      broken_record = start < text.size() && text[start] == '<' &&
                      (close_at == std::string_view::npos || close_at >= offset);
    }
    if (!broken_record || attempt >= kMaxRepairs) {
      out.warnings.push_back("XML error at " + message + "; the rest of the document was ignored");
      return out;
    }
    const auto title = child_element(last.node, namespace_uri(last.node), "title");
    const auto label = item_label(last.count + dropped, title ? title.child_value() : "");
    ++dropped;
    const auto next = find_start_tag(text, last.node.name(), std::max(offset, start + 1));
    if (!copied) {
      owned.assign(text);
      copied = true;
    }
    if (next == std::string_view::npos) {
      out.warnings.push_back(label + " dropped: XML error at " + message + " (document cut short?)");
      erased += owned.size() - start;
      owned.resize(start);
      cut_to_end = true;
    } else {
      out.warnings.push_back(label + " dropped: XML error at " + message);
      owned.erase(start, next - start);
      erased += next - start;
    }
    text = owned;
  }
}

}  // namespace newswatch::feeds::detail
