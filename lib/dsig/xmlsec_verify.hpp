// One XML signature checked against one pinned key with a hardened xmlsec context (DESIGN.md §5).
#pragma once

#include <string>

#include <libxml/tree.h>
#include <openssl/evp.h>

#include "diag/finding.hpp"

namespace ssoctl::dsig {

enum class RawVerdict { valid, bad_signature_value, digest_mismatch, refused, not_bound };

struct RawResult {
    RawVerdict verdict = RawVerdict::refused;
    diag::Text detail;  // why, when not valid (xmlsec's own words stay English)
    std::string pre_digest;  // the canonical bytes that were hashed (valid + `keep_pre_digest` only)
};

/** Initialises libxml2 + xmlsec + its OpenSSL backend once per process, then re-installs the
 *  deny-all entity loader. Safe to call often. Returns false when xmlsec cannot start. */
bool ensure_xmlsec();

/** Verifies `signature` with `key` only: no keys manager, KeyInfo ignored, same-document
 *  references only, transform/algorithm allow-list (SHA-1 only when `allow_sha1`), manifests
 *  ignored, success only when the context status is succeeded with exactly one reference whose
 *  URI is '#' + the parent's ID and that ID resolves (xmlGetID) to the parent itself. The caller
 *  registered IDs and ran the profile checks. */
RawResult verify_with_key(xmlNode* signature, EVP_PKEY* key, bool allow_sha1, bool keep_pre_digest = false);

}  // namespace ssoctl::dsig
