// Structural checks before any cryptography: SAML signature profile, wrapping shapes, duplicate IDs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "diag/finding.hpp"
#include "saml/message.hpp"

namespace ssoctl::dsig {

/** One reason a signature (or the document) is refused before verification. */
struct Problem {
    diag::Code code;
    diag::Text message;
    std::string location;
};

enum class AlgStrength { strong, weak, refused };

/** SignatureMethod allow-list: RSA/ECDSA with SHA-2 strong, with SHA-1 weak, everything else refused. */
AlgStrength signature_method_strength(std::string_view uri);
/** DigestMethod allow-list: SHA-256/384/512 strong, SHA-1 weak. */
AlgStrength digest_method_strength(std::string_view uri);
/** Short name for display: "rsa-sha256", "sha256"; the URI when unknown. */
std::string short_algorithm(std::string_view uri);

/** The SAML profile of one ds:Signature (saml-core §5.4 + security-anchors §2.6): children
 *  SignedInfo, SignatureValue, optional KeyInfo only (ds:Object or foreign content: wrapping); one
 *  Reference whose URI is '#' + the parent's ID (else wrapping); exc-c14n; allow-listed algorithms;
 *  at most two transforms, enveloped + exc-c14n only; no comments/PIs/elements in DigestValue or
 *  SignatureValue; no HMACOutputLength. Empty result: the shape is acceptable. */
std::vector<Problem> check_signature_profile(xmlNode* signature);

/** Document-wide shape: duplicate ID/Id/id/AssertionID/xml:id values, assertions or responses
 *  anywhere but /Response/Assertion (saml:Advice content is ignored), more than one assertion,
 *  signatures that sign nothing a SAML consumer reads. */
std::vector<Problem> check_document(const saml::Message& msg);

/** Registers the ID attribute of the signed elements (the root and direct-child assertions) with
 *  xmlAddID, refusing a value already bound to another node. False: a conflict (treat as wrapping). */
bool register_ids(const saml::Message& msg);

/** check_document into a report; registers the IDs when clean. False: refuse every signature. */
bool check_document(const saml::Message& msg, diag::Report& report);

/** check_signature_profile into a report; `sha1` is set when SignatureMethod or DigestMethod is
 *  SHA-1 (verifies, reported as weak_algorithm by the caller). False: do not verify this one. */
bool check_signature(const saml::Message& msg, const saml::SignatureInfo& sig, diag::Report& report, bool& sha1);

/** True when `n` lies inside a saml:Advice element (content that is never consumed). */
bool inside_advice(const xmlNode* n);

}  // namespace ssoctl::dsig
