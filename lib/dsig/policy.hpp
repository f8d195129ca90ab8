// The verify-sig verdict: every signature, the redirect query signature and coverage, in one call.
#pragma once

#include "dsig/redirect.hpp"
#include "dsig/trust_store.hpp"
#include "dsig/verify_message.hpp"
#include "saml/input.hpp"
#include "saml/message.hpp"

namespace ssoctl::dsig {

struct Outcome {
    VerifyResult result;  // report + which signatures verified
    QueryVerdict query;   // HTTP-Redirect query signature, when present
};

/** verify_message + verify_query, then coverage: an encrypted assertion in an unsigned response
 *  is `missing_decryption_key` (its own signature needs decryption first); otherwise `require`
 *  must be met unless a verified query signature covers the whole message; a message without an
 *  assertion (logout, error response) must itself be covered. Exit 0 of verify-sig ==
 *  !result.report.has_errors(). `binding` may be null (not a redirect URL). */
Outcome verify_all(saml::Message& m, const saml::Normalized* binding, const TrustStore& trust, Require require, util::UnixTime now);

}  // namespace ssoctl::dsig
