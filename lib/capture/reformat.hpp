// Marks of XML that was reformatted after signing (re-indented by a viewer or editor, line ends
// changed): why a signature over it fails, and that only the original bytes can verify.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace ssoctl::capture {

/** Looks at the signed element's subtree (its ds:Signature excluded, since signers indent
 *  that themselves) for whitespace-only text nodes between elements laid out like a
 *  pretty-printer (indentation growing by a fixed step per level), text values moved onto their
 *  own lines, and — when the received bytes `raw` are given — CRLF line ends. Returns a
 *  sentence describing the marks, or nullopt when the XML looks as a signer writes it.
 *  Call it when a digest or signature fails; a hit means: report `reformatted_xml`.
 *  Example: `if (auto m = capture::reformatting_marks(sig.parent, item.xml)) finding.message += *m;` */
std::optional<std::string> reformatting_marks(const xmlNode* signed_element, std::string_view raw = {});

}  // namespace ssoctl::capture
