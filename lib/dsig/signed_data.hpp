// "See what is signed": the assertion re-read from the canonical bytes its signature covered.
#pragma once

#include <string>

#include "dsig/trust_store.hpp"
#include "saml/message.hpp"
#include "util/result.hpp"
#include "xml/document.hpp"

namespace ssoctl::dsig {

struct SignedAssertion {
    xml::DocPtr doc;           // owns the nodes of `assertion`
    saml::Assertion assertion;
    std::string signed_element;  // path of the element whose signature carried the bytes
};

/** After verify_message said the message is fine: takes the single assertion's verified signature
 *  (its own, else the Response's) and the pre-digest bytes its verification kept (exc-c14n, comments
 *  dropped, the Signature removed; re-verified with the trusted keys when none were kept), parses them with the same
 *  hardened parser and reads the assertion from them. Identity data shown as verified must come from
 *  here (security-anchors §2.5). Errors: `signature_missing` when no verified signature covers the
 *  assertion, `malformed_input` when the signed bytes do not hold exactly one assertion. */
Result<SignedAssertion> signed_assertion(const saml::Message& msg, const TrustStore& trust);

}  // namespace ssoctl::dsig
