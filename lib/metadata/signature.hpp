// Metadata signature verification (--md-cert): the root's enveloped signature against pinned keys.
#pragma once

#include <string>
#include <string_view>

#include "diag/finding.hpp"
#include "dsig/trust_store.hpp"

namespace ssoctl::metadata {

struct SignatureCheck {
    bool present = false;
    bool verified = false;
    std::string verified_by;
    std::string algorithm;
};

/** Parses the document (hardened, DOM: xmlsec needs it) and verifies the ds:Signature child of
 *  the root EntitiesDescriptor/EntityDescriptor: one Reference to '#' + the root's ID, allow-listed
 *  algorithms, no duplicate IDs, each trusted key tried in turn. Findings: signature_missing,
 *  signature_wrapping, invalid_signature_profile, unsupported_algorithm, digest_mismatch,
 *  invalid_signature, weak_algorithm. Errors (unreadable document): malformed_input, input_too_large. */
Result<SignatureCheck> verify_signature(std::string_view xml, const dsig::TrustStore& trust, diag::Report& r);

}  // namespace ssoctl::metadata
