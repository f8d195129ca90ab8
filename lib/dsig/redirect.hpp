// HTTP-Redirect binding signatures: SigAlg + Signature over the exact received query octets.
#pragma once

#include <string>

#include "diag/finding.hpp"
#include "dsig/trust_store.hpp"
#include "saml/input.hpp"
#include "util/time.hpp"

namespace ssoctl::dsig {

/** What happened to the query signature of a redirect URL. */
struct QueryVerdict {
    bool present = false;   // SigAlg and Signature were both in the URL
    bool verified = false;
    std::string algorithm;  // SigAlg as received
    std::string verified_by;  // "<label>, <subject>, expires <date>"
    std::string verified_by_ja;
};

/** Verifies `n.signature` over `n.signed_query` (never re-encoded) with each trusted key, using
 *  OpenSSL EVP with the SigAlg digest (RSA/ECDSA with SHA-2; SHA-1 verifies with weak_algorithm).
 *  Fingerprint pins cannot verify it (the binding carries no certificate): no_trusted_cert.
 *  Codes: invalid_signature, unsupported_algorithm, weak_algorithm, no_trusted_cert,
 *  cert_expired / cert_not_yet_valid (warnings). Example:
 *    auto q = verify_query(loaded.normalized, trust, now, report); if (q.verified) … */
QueryVerdict verify_query(const saml::Normalized& n, const TrustStore& trust, util::UnixTime now, diag::Report& report);

}  // namespace ssoctl::dsig
