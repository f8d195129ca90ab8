// HTTP-Redirect binding signatures: SigAlg + Signature over the query octets as received.
#pragma once

#include "diag/finding.hpp"
#include "dsig/trust_store.hpp"
#include "saml/input.hpp"
#include "util/time.hpp"

namespace ssoctl::dsig {

struct RedirectResult {
    diag::Report report;
    bool verified = false;
    std::string verified_by;
};

/** Verifies `n.signature` (base64) over `n.signed_query` with each trusted key; SHA-1 gives
 *  weak_algorithm, unknown SigAlg unsupported_algorithm, no key fitting invalid_signature. */
RedirectResult verify_redirect(const saml::Normalized& n, const TrustStore& trust, util::UnixTime now);

}  // namespace ssoctl::dsig
