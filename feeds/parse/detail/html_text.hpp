// SPDX-License-Identifier: MIT
#pragma once
// HTML → plain text, as every text field of an Item is stored.
//
// Whitespace policy (chosen for rule matching and for display in alerts):
//   - Breaks::keep (summary, content, feed description): block elements (p, br, div, li, h1-h6,
//     blockquote, tr, ...) end a line; runs of blank lines become one '\n'; every other run of
//     whitespace (spaces, tabs, newlines inside a paragraph, U+00A0) becomes one ' '; lines and the
//     whole text are trimmed. So paragraphs are separated by exactly one '\n'.
//   - Breaks::collapse (titles, names, categories): everything, block breaks included, becomes
//     single spaces: the result is one trimmed line.
// Tags are removed, script/style/template contents dropped, comments dropped, CDATA kept as text,
// numeric and all HTML5 named entities decoded. Double-escaped input (`&lt;p&gt;` after XML
// decoding, `&amp;quot;`) is decoded once more when the first pass produced markup or entities:
// neither `<p>` nor `&quot;` survives. But `&lt;` in HTML that has real tags of its own is a
// literal '<' (a code sample: `<code>&lt;br&gt;</code>` reads "<br>"). Pure functions; thread-safe.

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace newswatch::feeds::detail {

enum class Breaks { keep, collapse };

// Whitespace for the policy: ASCII whitespace, and U+00A0 (C2 A0) written as a character.
inline bool is_nbsp_at(const char* p, std::size_t k, std::size_t n) {
  return p[k] == '\xC2' && k + 1 < n && p[k + 1] == '\xA0';
}
inline bool starts_whitespace(const char* p, std::size_t k, std::size_t n) {
  const char c = p[k];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         is_nbsp_at(p, k, n);
}

// Accumulates plain text with the whitespace policy above. Feed it text runs and block breaks
// (from an HTML tokenizer or a DOM walk), then take() the result once.
class TextSink {
 public:
  explicit TextSink(Breaks breaks, std::size_t reserve = 0);

  void text(std::string_view literal);  // literal text (no entity or tag processing)
  // With Breaks::keep, makes a '\n' inside literal text a block break instead of a space (for
  // text that is plain, where a newline is the only way to say "new paragraph").
  void keep_newlines() { keep_newlines_ = breaks_ == Breaks::keep; }
  void block_break() { pending_ = Pending::newline; }
  void space() {
    if (pending_ == Pending::none) pending_ = Pending::space;
  }

  // For tokenizers that find whitespace runs themselves (append_html): `segment` holds no
  // whitespace but single spaces before other characters, as next_event() leaves them.
  // (Inline: append_html calls it for every run of text between two events.)
  void append_segment(std::string_view segment) {
    append_segment(segment, segment.data() + segment.size());
  }
  // The same, for a segment of a text that may be read up to `readable_end`: short segments are
  // then copied in 16-byte blocks, without a call to memcpy and its branches on the length.
  void append_segment(std::string_view segment, const char* readable_end) {
    if (segment.empty()) return;
    if (segment.front() == ' ') {  // a lone space starting a segment is a whitespace run of its own
      space();
      segment.remove_prefix(1);
      if (segment.empty()) return;
    }
    flush_pending();
    copy_in(segment.data(), segment.size(), readable_end);
  }
  // A segment of 1 to 16 bytes that starts with no space, in a buffer of 16 readable bytes (a
  // decoded reference): one block copy, without append_segment's tests on the segment.
  void append_block(const char* block, std::size_t n) {
    flush_pending();
    copy_block(room(kCopyBlock), block);
    len_ += n;
  }
  // Takes the whitespace run (ASCII whitespace, U+00A0) that starts at s[k] as one space or
  // break, and returns the index just past it.
  std::size_t whitespace_run(std::string_view s, std::size_t k);
  // The same, inline and without a loop when the run is one byte of ASCII whitespace (most runs
  // between text and markup: " <a", "</p>\n").
  std::size_t whitespace_run_at(std::string_view s, std::size_t k) {
    if (s[k] != '\xC2' && k + 1 < s.size() && !starts_whitespace(s.data(), k + 1, s.size())) {
      if (keep_newlines_ && s[k] == '\n') {
        block_break();
      } else {
        space();
      }
      return k + 1;
    }
    return whitespace_run(s, k);
  }
  // Hints that the text was escaped twice: a reference decoded to '&' before a name or '#'
  // (strong: "&amp;quot;"), or to '<' before a letter, '/' or '!' (weak: in HTML that has real
  // tags, "<code>&lt;br&gt;</code>" is a literal tag shown to the reader, not markup).
  void note_decoded_markup() { decoded_markup_ = true; }
  void note_decoded_lt() { decoded_lt_ = true; }
  void note_tag() { saw_tag_ = true; }  // a real tag was read (and removed)

  // True if the text may have been escaped twice: a strong hint, or a weak one without real tags.
  bool decoded_markup() const { return decoded_markup_ || (decoded_lt_ && !saw_tag_); }
  std::string take();

 private:
  enum class Pending { none, space, newline };
  void flush_pending() {
    if (pending_ != Pending::none) write_pending();
  }
  void write_pending();

  // The text is out_[0, len_); the rest of out_ is room to write into, which take() cuts off.
  // (Writing through a pointer within size() saves std::string::append's capacity check and its
  // memcpy call per segment; libstdc++ 12 has no resize_and_overwrite in C++20.)
  char* room(std::size_t n) {
    if (out_.size() - len_ < n) grow(n);
    return out_.data() + len_;
  }
  void grow(std::size_t n);
  static constexpr std::size_t kCopyBlock = 16;
  void copy_in(const char* src, std::size_t n, const char* readable_end) {
    char* dst = room(n + kCopyBlock);
    const std::size_t blocks = (n + kCopyBlock - 1) & ~(kCopyBlock - 1);
    if (static_cast<std::size_t>(readable_end - src) >= blocks) {
      for (std::size_t k = 0; k < n; k += kCopyBlock) copy_block(dst + k, src + k);
    } else {
      std::memcpy(dst, src, n);
    }
    len_ += n;
  }
  static void copy_block(char* dst, const char* src) {
    char block[kCopyBlock];  // a load and a store (memcpy of a constant size is inlined)
    std::memcpy(block, src, kCopyBlock);
    std::memcpy(dst, block, kCopyBlock);
  }

  std::string out_;
  std::size_t len_ = 0;
  Breaks breaks_;
  Pending pending_ = Pending::none;
  bool decoded_markup_ = false;
  bool decoded_lt_ = false;
  bool saw_tag_ = false;
  bool keep_newlines_ = false;
};

// How strictly '<' starts a tag: html treats every `<letter` as a tag (HTML tokenizer rules);
// known_tags_only strips only known HTML element names, so plain text like "a<b" survives.
enum class TagMode { html, known_tags_only };

// Tokenizes `html` into the sink: tags removed (blocks become breaks), entities decoded.
void append_html(std::string_view html, TextSink& sink, TagMode mode = TagMode::html);

// For walks over an XML DOM that must read markup exactly as append_html reads it serialized
// (xml_text.cpp reads inline XHTML that way rather than printing it and scanning it again).
// What append_html does at the tag `<name ...>`, `</name>` (closing) or `<name .../>`
// (self_closing): `literal` means it would not read it as a tag at all (the name does not start
// with an ASCII letter); `raw_text` means it would skip to the first "</name" (script, style).
enum class TagAction { none, space, block_break, raw_text, literal };
TagAction tag_action(std::string_view name, bool closing, bool self_closing);
// The same for a NUL-terminated name (pugixml's): read up to the NUL, without measuring it first.
TagAction tag_action(const char* name, bool closing, bool self_closing);

// Appends the character data of a text node as append_html reads it once xml_node::print has
// escaped it: '&', '<', '>' come back as themselves but may mark the text as escaped twice (as
// the references they were printed as would), and control characters other than whitespace,
// printed as numeric references, are dropped. `next` is the first byte of the text node printed
// right after this one (adjacent text nodes remain where a comment was dropped), or 0 when a tag
// or nothing follows.
void append_escaped_text(std::string_view text, TextSink& sink, char next);

// Finishes a sink: takes its text and, when it may have been escaped twice, cleans it again.
std::string finish_text(TextSink& sink, Breaks breaks);

// Convenience: one HTML fragment to plain text.
std::string html_to_text(std::string_view html, Breaks breaks);

// Text that is meant to be plain (Atom type="text"): entities decoded, only known HTML tags removed.
// With Breaks::keep its line breaks are kept: each run of newlines becomes one '\n'.
std::string plain_to_text(std::string_view text, Breaks breaks);

// True if `s` still holds something a reader would see as markup: a known HTML tag, a comment,
// or an entity reference that decodes.
bool looks_like_markup(std::string_view s);

// C1 control characters (U+0080-U+009F) in text become the windows-1252 characters their authors
// meant, as HTML5 reads "&#146;" (XML reads it as a control character; feeds write it for ’);
// the five that windows-1252 leaves undefined are dropped. Returns how many were changed.
std::size_t map_c1_controls(std::string& text);

}  // namespace newswatch::feeds::detail
