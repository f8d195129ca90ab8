// One place for "is this message covered by a trusted signature?", shared by verify-sig and the
// validation pipeline.
#pragma once

#include "dsig/redirect.hpp"
#include "dsig/verify_message.hpp"
#include "saml/input.hpp"

namespace ssoctl::dsig {

struct Outcome {
    VerifyResult result;  // report + which signatures verified
    QueryVerdict query;   // HTTP-Redirect query signature, when present
};

/** verify_message + verify_query, then coverage: an encrypted assertion in an unsigned response
 *  is `missing_decryption_key` (its own signature needs decryption first); otherwise
 *  require_signed(). Exit 0 of verify-sig == !result.report.has_errors(). `binding` may be null
 *  (not a redirect URL). */
Outcome verify_all(saml::Message& m, const saml::Normalized* binding, const TrustStore& trust, Require require, util::UnixTime now);

/** Every message type has a signature requirement: a verified query signature (HTTP-Redirect)
 *  covers the whole message; otherwise `response` demands a signature on the message element,
 *  `assertion` one on the assertion (on the message element for types without assertions), and
 *  `either` one of the two. Adds `signature_missing` unless the report already has an error. */
void require_signed(const saml::Message& m, VerifyResult& r, const QueryVerdict& query, Require require);

/** Without a trusted key, everything that needs none: document shape (duplicate IDs, misplaced
 *  assertions), the signature profile and digests against the signed octets (digest_mismatch),
 *  for the signatures under `scope` (null: all). `verified` stays unset on every signature. */
VerifyResult check_without_key(saml::Message& m, xmlNode* scope = nullptr);

/** Without a trusted key: `signature_missing` when neither the message element, nor an
 *  assertion, nor the HTTP-Redirect query carries any signature (every SP requires one). Call
 *  after decryption; an assertion still encrypted may carry one, so it counts as unknown. */
void require_present(const saml::Message& m, const saml::Normalized* binding, diag::Report& r);

}  // namespace ssoctl::dsig
