// The `validate` pipeline: every check group in dependency order, on one parsed message.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "diag/finding.hpp"
#include "saml/checks.hpp"
#include "saml/message.hpp"

namespace ssoctl::validate {

/** What the signature stage (lib/dsig, run by the caller) concluded. */
struct SignatureOutcome {
    bool ran = false;                     // false: no trust was given, signatures were not verified
    bool require_trust = false;           // without trust, say so as an error (--require-trust)
    diag::Report report;                  // the verifier's findings (without trust: the key-free checks)
    const saml::Assertion* trusted = nullptr;  // the assertion covered by a verified signature
    bool response_verified = false;       // the Response element itself carries a verified signature
};

/** What the decryption stage concluded (when the assertion was encrypted). */
struct DecryptionOutcome {
    bool needed = false;
    bool ok = false;
    diag::Report report;
};

struct Options {
    saml::Expectations expect;
    std::string replay_cache;  // empty: no replay check
    bool strict = false;
};

struct Outcome {
    diag::Report report;
    std::vector<saml::CheckResult> checks;
    const saml::Assertion* assertion = nullptr;  // the assertion the checks looked at
    bool trusted = false;                        // the checks ran on signed data
};

/** Runs status, structure, then the caller's signature and decryption outcomes, then audience,
 *  issuer, time, InResponseTo, subject and replay. A group that cannot run is listed as skipped
 *  with the reason; nothing stops at the first failure. */
Outcome run(const saml::Message& m, const SignatureOutcome& sig, const DecryptionOutcome& dec, const Options& opts);

}  // namespace ssoctl::validate
