// XML Encryption 1.0/1.1 primitives for SAML's EncryptedElementType (EncryptedAssertion, EncryptedID,
// EncryptedAttribute): key lookup inside the container, key transport, content decryption, plaintext parse.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <libxml/tree.h>
#include <openssl/evp.h>

#include "diag/code.hpp"
#include "util/result.hpp"

namespace ssoctl::validate::xmlenc {

/** Why a container could not be decrypted: the finding code and the message in both languages. */
struct Failure {
    diag::Code code = diag::Code::decryption_failed;
    std::string en;
    std::string ja;
};

template <class T>
using Outcome = tl::expected<T, Failure>;

struct NodeListFree {
    void operator()(xmlNode* n) const { xmlFreeNodeList(n); }
};

/** The parsed plaintext: an unlinked node list (freed with the struct) holding exactly one element. */
struct Plaintext {
    std::unique_ptr<xmlNode, NodeListFree> nodes;
    xmlNode* element = nullptr;   // the one element of `nodes`
    std::string data_algorithm;   // EncryptedData/EncryptionMethod
    std::string key_algorithm;    // EncryptedKey/EncryptionMethod
    bool weak = false;            // tripledes-cbc

    /** Unlinks `element` from the list, frees the rest; the caller owns the returned node. */
    xmlNode* take_element();
};

/**
 * Decrypts the EncryptedData of `container` with `key` and parses the plaintext in the context of
 * `container` (inherited namespaces). The tree is not changed. The EncryptedKey is found inline in
 * EncryptedData/KeyInfo, through a same-document RetrievalMethod (`#Id` of a sibling EncryptedKey),
 * by KeyName = CarriedKeyName, or as the sibling EncryptedKey(s). `ns`/`local` name the one element
 * the plaintext must be (saml:Assertion, saml:NameID, saml:Attribute).
 * Failures: `unsupported_algorithm`, `invalid_decryption_cert`, `decryption_failed`.
 */
Outcome<Plaintext> decrypt(xmlNode* container, EVP_PKEY* key, std::string_view ns, std::string_view local);

/** True when some candidate EncryptedKey names a certificate, and none of them names one of `key`. */
bool encrypted_for_other_key(xmlNode* container, EVP_PKEY* key);

}  // namespace ssoctl::validate::xmlenc
