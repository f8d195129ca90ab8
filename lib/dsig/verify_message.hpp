// Verifies every signature of a SAML message against a TrustStore and reports in codes.
#pragma once

#include "diag/finding.hpp"
#include "dsig/trust_store.hpp"
#include "saml/message.hpp"
#include "util/time.hpp"

namespace ssoctl::dsig {

enum class Require { either, response, assertion };

struct VerifyOptions {
    Require require = Require::either;
    util::UnixTime now = 0;  // trusted-certificate validity (cert_expired / cert_not_yet_valid warnings); 0: not judged
    /** Only signatures under this node (after decryption); null: the whole message. */
    xmlNode* scope = nullptr;
};

struct VerifyResult {
    diag::Report report;
    /** The assertion covered by a verified signature (its own, or its Response's), else null.
     *  Its node is the very node the signature referenced, so data read from it was signed. */
    const saml::Assertion* trusted_assertion = nullptr;
    bool response_verified = false;
    bool assertion_verified = false;
};

/** Structural checks first (duplicate IDs, assertion placement, profile), then crypto with each
 *  trusted key in turn. Sets `verified` / `verified_by` on `m.signatures`. Example:
 *  `auto r = verify_message(msg, trust, {Require::either, now}); if (r.trusted_assertion) …` */
VerifyResult verify_message(saml::Message& m, const TrustStore& trust, const VerifyOptions& opts);

}  // namespace ssoctl::dsig
