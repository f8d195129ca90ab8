// SAML decryption: EncryptedAssertion (replaced in the tree, then the model is rebuilt), EncryptedID and
// EncryptedAttribute (read into the model, tree untouched). Crypto lives in validate/xmlenc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "diag/finding.hpp"
#include "saml/message.hpp"
#include "util/result.hpp"

namespace ssoctl::validate {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using KeyPtr = std::shared_ptr<EVP_PKEY>;

/** The SP's decryption material, loaded once. */
struct SpKey {
    KeyPtr key;
    std::vector<std::string> certs_der;  // what the SP publishes (--sp-cert / --sp-metadata), for hints
};

/** Loads a PEM private key (RSA). Errors: `io_error`, `malformed_input`. */
Result<KeyPtr> load_private_key(const std::string& pem);

/** True when `m` holds an EncryptedAssertion, an EncryptedID (Subject or LogoutRequest) or an
 *  EncryptedAttribute: something decrypt_in_place decrypts, or reports as undecryptable. */
bool has_encrypted_parts(const saml::Message& m);

/** What decrypt_in_place did. */
struct Decryption {
    diag::Report report;
    size_t assertions = 0;  // EncryptedAssertion elements replaced by their Assertion
    size_t name_ids = 0;    // EncryptedID read into Assertion::name_id (or Message::name_id)
    size_t attributes = 0;  // EncryptedAttribute read into Assertion::attributes
};

/**
 * Decrypts everything encrypted in `m` with the SP key.
 *
 * 1. Each EncryptedAssertion that decrypts is replaced in the document by its saml:Assertion; then
 *    the model is rebuilt from the mutated document with saml::parse_message. Contract:
 *    - every xmlNode* taken from `m` before the call (SignatureInfo::node/parent, Assertion::node,
 *      Conditions::node, m.root) and every pointer or reference into `m.signatures` is invalid
 *      afterwards; re-read them from `m`;
 *    - `m.assertions` keeps its element addresses (same count, same order: the i-th entry is the
 *      i-th Assertion/EncryptedAssertion child), so a `const saml::Assertion*` into it stays valid
 *      and now describes the decrypted assertion (`decrypted == true`, `encryption` kept);
 *    - a ds:Signature outside the replaced elements keeps its verification state (`verified`,
 *      `verified_by`, `signed_bytes`); one inside a decrypted assertion is new (`verified` unset);
 *      one that sat inside an EncryptedAssertion (beside EncryptedData) is gone with it.
 * 2. EncryptedID (Subject, LogoutRequest) and EncryptedAttribute are decrypted without touching the
 *    tree (an assertion signature covers them in encrypted form): the NameID goes to `name_id`
 *    (`encrypted_id` stays true), the Attribute is appended to `attributes`.
 *
 * `sp == nullptr`: nothing is decrypted; every encrypted part is a `missing_decryption_key` error.
 * Findings: `missing_decryption_key`, `invalid_decryption_cert`, `unsupported_algorithm`,
 * `decryption_failed` (all errors), `weak_algorithm` (warning: tripledes-cbc).
 */
Decryption decrypt_in_place(saml::Message& m, const SpKey* sp);

/** decrypt_in_place(m, &sp).report (kept for existing callers; same contract). */
diag::Report decrypt_assertions(saml::Message& m, const SpKey& sp);

}  // namespace ssoctl::validate
