// Pinned trust for signature verification: certificates from files, IdP metadata or fingerprints.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "diag/finding.hpp"
#include "util/result.hpp"
#include "x509/cert.hpp"

namespace ssoctl::dsig {

/** One trusted key, with the words an admin needs to recognise it. */
struct TrustedKey {
    std::string label;       // "metadata signing key 2 of 2", "--idp-cert idp.crt" (subject/expiry added when shown)
    std::string label_ja;    // `label` in Japanese
    std::string cert_der;
    x509::CertInfo cert;
    std::shared_ptr<EVP_PKEY> public_key;

    diag::Text label_text() const { return {label, label_ja}; }
    /** "<label>, <subject>, expires <date>" in both languages: what verified a signature. */
    diag::Text verified_by() const;
};

/** A fingerprint pin: the certificate embedded in a signature is used only when its digest matches. */
struct Fingerprint {
    std::string algorithm;  // "sha256" or "sha1"
    std::string hex;        // lower-case, no colons
    std::string text() const;  // "sha256:ab:cd:…"
};

/** Everything trusted for one run. Loaded once (per process in batch mode); verification never
 *  adds to it. Nothing from a message is ever trusted except a certificate whose digest equals a
 *  `fingerprints` pin. Example:
 *    TrustSources src; src.cert_files = {"idp.crt"};
 *    auto trust = load_trust(src);   // Result<TrustStore>
 *    auto v = verify_message(msg, *trust, {}); */
struct TrustStore {
    std::vector<TrustedKey> keys;
    std::vector<Fingerprint> fingerprints;
    std::vector<std::string> idp_entity_ids;  // from metadata, for the issuer check
    bool empty() const { return keys.empty() && fingerprints.empty(); }
};

/** Where trust comes from (the --idp-cert / --idp-metadata / --idp-entity-id / --fingerprint flags). */
struct TrustSources {
    std::vector<std::string> cert_files;  // PEM or DER, each may hold several certificates
    std::string metadata;                 // file path or http(s) URL
    std::string entity_id;                // picks the IdP in an aggregate
    std::vector<std::string> fingerprints;
    long timeout_ms = 15000;              // metadata URL
};

/** Loads every source. Errors: `io_error` (unreadable file, unreachable URL: exit 3),
 *  `malformed_input` (not a certificate, bad fingerprint, metadata without IdP signing cert). */
Result<TrustStore> load_trust(const TrustSources& sources);

/** Adds every certificate of a PEM/DER file. Errors: `malformed_input`. */
Result<void> add_cert_file(TrustStore& store, const std::string& label_prefix, std::string_view bytes);

/** Adds the signing certificates (use="signing" or no use) of the IdP role in metadata; with an
 *  aggregate, `entity_id` picks the entity (required when there are several IdPs). */
Result<void> add_idp_metadata(TrustStore& store, std::string_view xml_bytes, std::string_view entity_id);

/** Parses `sha256:AB:CD…` / `sha1:…` (colons and case ignored). Errors: `malformed_input`. */
Result<Fingerprint> parse_fingerprint(std::string_view text);

/** A TrustedKey built from a certificate (DER). */
Result<TrustedKey> key_from_der(diag::Text label, std::string der);

/** The pin that `cert` matches, or nullptr. */
const Fingerprint* matching_pin(const TrustStore& store, const x509::CertInfo& cert);

}  // namespace ssoctl::dsig
