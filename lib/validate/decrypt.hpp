// EncryptedAssertion decryption (XML Encryption: RSA-OAEP / RSA 1.5 key transport, AES-CBC / AES-GCM
// content) with OpenSSL directly: no xmlsec key manager, no KeyInfo retrieval, no network.
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

/** Decrypts every EncryptedAssertion of `m` in place: the element is replaced by the decrypted
 *  Assertion (parsed with the hardened parser rules in the context of the Response) and
 *  `m.assertions` is refreshed. Findings: `invalid_decryption_cert` when the IdP encrypted for a
 *  certificate whose key is not ours, `decryption_failed` otherwise. */
diag::Report decrypt_assertions(saml::Message& m, const SpKey& sp);

}  // namespace ssoctl::validate
