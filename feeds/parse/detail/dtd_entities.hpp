// SPDX-License-Identifier: MIT
#pragma once
// General entities declared in a document's internal DTD subset, which pugixml neither reads nor
// expands: <!DOCTYPE rss [ <!ENTITY path "C:\data"> ]> ... <guid>&path;</guid>. Private to
// feeds/parse. Pure function over a string it is given; thread-safe.

#include <string>

namespace newswatch::feeds::detail {

// Replaces each reference "&name;" after the DOCTYPE with the declared replacement text, which
// the XML parser then reads as it would have read the entity (markup in it is markup). One level
// only: references inside a replacement text are left as they are (so no entity can expand into
// more entities), and the document grows by at most its own size plus 64 KiB; past that the
// remaining references stay unexpanded. Parameter entities and external entities are ignored, and
// the five predefined names are never redeclared. Only a DOCTYPE in the prolog counts (before the
// root element, after the XML declaration and comments). Returns how many references it replaced.
std::size_t expand_internal_entities(std::string& utf8);

}  // namespace newswatch::feeds::detail
