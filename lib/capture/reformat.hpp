// Marks of XML that was reformatted after signing (re-indented by a viewer or editor, line ends
// changed): why a signature over it fails, and that only the original bytes can verify.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "diag/finding.hpp"

namespace ssoctl::capture {

/** What a reformatting left in a signed element. */
struct ReformattingMarks {
    size_t whitespace_nodes = 0;  // whitespace-only text nodes between its elements
    size_t indented = 0;          // of those, the ones ending in a newline and indentation
    int indent_step = 0;          // spaces per level when the indentation follows depth (a pretty-printer), else 0
    size_t wrapped_text = 0;      // text values moved onto their own lines
    bool crlf = false;            // CRLF line ends (named only beside the marks above: parsers normalise them)
    /** The marks in words, e.g. "42 whitespace-only text nodes between its elements, indented 2
     *  spaces per level (a pretty-printer's layout); line ends are CRLF". */
    diag::Text text() const;
};

/** Looks at the signed element's subtree (its ds:Signature excluded, since signers indent
 *  that themselves) for whitespace-only text nodes between elements laid out like a
 *  pretty-printer (indentation growing by a fixed step per level), text values moved onto their
 *  own lines, and — when the received bytes `raw` are given — CRLF line ends. Returns nullopt
 *  when the XML looks as a signer writes it. Call it when a digest or signature fails; a hit
 *  means: report `reformatted_xml`, naming the marks.
 *  Example: `if (auto m = capture::reformatting_marks(sig.parent, item.xml)) message += m->text().en;` */
std::optional<ReformattingMarks> reformatting_marks(const xmlNode* signed_element, std::string_view raw = {});

}  // namespace ssoctl::capture
