// The validation pipeline: one call validates one message with its context — trust, SP key,
// expectations, the binding it arrived in — for validate, --batch, captures and login alike.
#pragma once

#include <string>
#include <vector>

#include "capture/capture.hpp"
#include "dsig/policy.hpp"
#include "saml/input.hpp"
#include "saml/message.hpp"
#include "validate/trust.hpp"
#include "validate/validate.hpp"

namespace ssoctl::validate {

struct Context {
    Options checks;                              // expectations, replay cache, --strict
    dsig::Require require = dsig::Require::either;
    bool require_trust = false;                  // an unverified signature is an error (--require-trust)
    const saml::Normalized* binding = nullptr;   // the URL/form it arrived in (query signature), may be null
    /** What the capture around the message says (HAR, SAML-tracer): fills expectations the flags
     *  left empty — flags win — and each value used is named in Validation::context_sources. */
    const capture::Context* flow = nullptr;
};

/** What the verdict may claim: `complete` only when every check ran and every signature was
 *  verified with a trusted key; `unverified` names what was not (e.g. "signature", "audience"). */
struct Verdict {
    bool ok = false;
    bool complete = false;
    size_t checks_run = 0;
    std::vector<std::string> unverified;
};

struct Validation {
    Outcome outcome;            // findings, the check list, the assertion the checks read
    dsig::QueryVerdict query;   // the HTTP-Redirect query signature, when there was one
    bool response_verified = false;
    bool signature_verified = false;  // a trusted key verified what the checks read
    std::vector<std::string> context_sources;  // "expected InResponseTo '…': ID of AuthnRequest #2 in the capture"
    std::vector<std::string> context_sources_ja;  // the same in Japanese, one for one
    Verdict verdict;
};

/** Signatures before decryption (a Response signature covers the EncryptedAssertion), then
 *  decryption — after which the model is re-read from the document, so no pointer into the
 *  replaced elements survives — then the signatures inside decrypted assertions, coverage for
 *  the message type, and every check of validate::run. Without a trusted key, everything that
 *  needs none still runs. `m` is updated in place (decrypted, `verified` set on signatures).
 *  Example: `auto v = validate_message(msg, trust, ctx); if (!v.verdict.ok) …` */
Validation validate_message(saml::Message& m, const Trust& trust, const Context& ctx);

}  // namespace ssoctl::validate
