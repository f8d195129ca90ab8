// Reference binding: the octets a verified Reference digested must be the signature's parent itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace ssoctl::dsig {

/** True when `id` is an XML NCName (no whitespace, quote, colon or parenthesis), the only form of
 *  ID that a same-document Reference '#id' resolves unambiguously: xmlsec evaluates the fragment as
 *  XPointer id('…'), where "a b" names two elements and a quote escapes the expression. */
bool is_ncname(std::string_view id);

/** Exclusive canonical form (without comments) of the element that encloses `signature`, with the
 *  signature subtree removed — exactly what an enveloped + exc-c14n Reference to that element
 *  digests. The InclusiveNamespaces PrefixList of the Reference's exc-c14n transform is honoured;
 *  without an exc-c14n transform the form is inclusive c14n 1.0, as xmlsec's default.
 *  nullopt when libxml2 cannot canonicalise. */
std::optional<std::string> enveloped_c14n_of_parent(xmlNode* signature, bool skip_blank_text = false);

enum class DigestCheck { match, mismatch, unknown };

/** The key-free half of verification: the first Reference's DigestValue against the digest of
 *  enveloped_c14n_of_parent() with its DigestMethod (SHA-1/256/384/512). `unknown` when the
 *  algorithm is not one of those or the DigestValue is not base64 (the profile check says why).
 *  `skip_blank_text`: digest as if whitespace-only text nodes were absent — a match then proves
 *  the element was re-indented after signing (and nothing else changed). */
DigestCheck check_digest(xmlNode* signature, bool skip_blank_text = false);

}  // namespace ssoctl::dsig
