// Namespace-aware node helpers: find children, read attributes and full text content.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace ssoctl::xml {

inline constexpr std::string_view kSamlp = "urn:oasis:names:tc:SAML:2.0:protocol";
inline constexpr std::string_view kSaml = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr std::string_view kMd = "urn:oasis:names:tc:SAML:2.0:metadata";
inline constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr std::string_view kXenc = "http://www.w3.org/2001/04/xmlenc#";

/** True when `n` is an element named `local` in namespace `ns`. */
bool is(const xmlNode* n, std::string_view ns, std::string_view local);
std::string_view local_name(const xmlNode* n);
std::string_view ns_href(const xmlNode* n);

/** Element children in `ns` named `local` (all element children when `local` is empty). */
std::vector<xmlNode*> children(const xmlNode* parent, std::string_view ns, std::string_view local = {});
xmlNode* first_child(const xmlNode* parent, std::string_view ns, std::string_view local);

/** Attribute value (no namespace), nullopt when absent. */
std::optional<std::string> attr(const xmlNode* n, std::string_view name);
std::string attr_or(const xmlNode* n, std::string_view name, std::string fallback = {});

/** Full text content: all descendant text, comments and processing instructions skipped,
 *  so `alice@example.com<!---->.evil.com` reads whole (DESIGN.md §5 rule 9). */
std::string text(const xmlNode* n);

/** Readable path such as `/samlp:Response/saml:Assertion[1]/saml:Subject`. Element steps use one
 *  fixed prefix per namespace whatever the document uses, so a path reads the same for every IdP
 *  and checks can append `/saml:Conditions`: samlp (protocol), saml (assertion), md (metadata),
 *  ds (XML-Signature), xenc (XML-Encryption), mdui, mdattr, mdrpi, alg, shibmd; other namespaces
 *  keep the document's prefix (none for a default namespace). Entra ID's `<Assertion xmlns=…>` is
 *  `saml:Assertion`, Okta's `saml2p:Response` is `samlp:Response`. Sibling positions
 *  are computed once per parent and cached until a node is created or freed in this thread, so
 *  paths for 60 000 siblings cost linear time. */
std::string path(const xmlNode* n);
/** Drops cached sibling positions; needed only after moving nodes without creating or freeing
 *  any (e.g. xmlUnlinkNode + xmlAddChild of existing nodes). */
void invalidate_paths();

/** Elements with an attribute named `ID`, `Id` or `id` anywhere under `root`. */
std::vector<xmlNode*> elements_with_id(xmlNode* root);

}  // namespace ssoctl::xml
