// Hardened libxml2 parsing (DESIGN.md §5 rule 8) and RAII handles for documents.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util/result.hpp"
#include "xml/prescan.hpp"

namespace ssoctl::xml {

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

struct ParseLimits {
    size_t max_bytes = 10u << 20;
    size_t max_nodes = 200000;
    int max_depth = 64;
    NodeLimits nodes;  // per-node caps checked on the raw bytes before libxml2 parses them
};

/** Parses untrusted XML: any DOCTYPE is refused, no entity substitution, no DTD loading,
 *  no network, no XML_PARSE_HUGE; depth and node count are bounded. CDATA is merged to text,
 *  comments are kept (they are part of what the signature covers) and never truncate text reads.
 *  Attributes per element, namespace declarations in scope and node sizes are bounded on the raw
 *  bytes first (`prescan`), so no input makes libxml2 work quadratically. Namespace errors
 *  (undeclared prefix, `xmlns:xml` rebound, a namespaced attribute twice) make the input malformed.
 *  Errors carry code `malformed_input` (or `input_too_large`). */
Result<DocPtr> parse(std::string_view bytes, const ParseLimits& limits = {});

/** libxml2's error: its line and its own (English) words, trimmed. Shown behind "line N:" in the
 *  reader's language (the N_("line {}: {}") pattern). */
struct LibxmlError {
    int line = 0;
    std::string message;
    bool empty() const { return message.empty(); }
};
/** The last error libxml2 recorded on a parser context; empty when none. */
LibxmlError last_error(xmlParserCtxt* ctxt);

/** Installs the process-wide hardening (entity loader that refuses everything). Idempotent;
 *  `parse` calls it, call it early anyway when other libraries (xmlsec) parse too. */
void harden_globals();

/** Pretty-printed serialisation of a document (for `decode --xml`); invisible characters are
 *  written as character references (`escape_invisible`), so the output still parses the same. */
std::string pretty(xmlDoc* doc);

/** Serialised XML with C1 controls, bidi overrides/isolates/marks and zero-width characters
 *  replaced by `&#x…;` references, e.g. U+202E -> `&#x202E;` (what `visible()` escapes in text). */
std::string escape_invisible(std::string_view xml_text);

}  // namespace ssoctl::xml
