// Everything a validation run trusts or decrypts with, loaded once per process (single or --batch).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsig/trust_store.hpp"
#include "util/result.hpp"
#include "validate/decrypt.hpp"

namespace ssoctl::validate {

/** Where trust and the SP key come from (the --idp-cert, --idp-metadata, --idp-entity-id,
 *  --fingerprint, --sp-key, --sp-cert and --sp-metadata flags). */
struct TrustInputs {
    dsig::TrustSources idp;
    std::string sp_key_file;
    std::string sp_cert_file;
    std::string sp_metadata_file;
};

struct Trust {
    dsig::TrustStore store;  // empty: signatures are checked without a key (digests, shape) only
    std::vector<std::string> idp_entity_ids;
    std::optional<SpKey> sp_key;
};

/** Loads every source. Errors: `io_error` (exit 3), `malformed_input` (not a key or certificate). */
Result<Trust> load_trust(const TrustInputs& in);

}  // namespace ssoctl::validate
