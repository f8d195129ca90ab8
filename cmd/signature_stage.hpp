// Glue between the validation flags and lib/dsig + lib/validate: trust and SP key loaded once,
// then signature and decryption stages per message (single or --batch).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "dsig/trust_store.hpp"
#include "dsig/verify_message.hpp"
#include "saml/checks.hpp"
#include "saml/message.hpp"
#include "util/result.hpp"
#include "validate/decrypt.hpp"
#include "validate/validate.hpp"
#include "validation_flags.hpp"

namespace ssoctl::cmd {

struct Trust {
    dsig::TrustStore store;               // empty: signatures are not checked
    std::vector<std::string> idp_entity_ids;
    std::optional<validate::SpKey> sp_key;
};

/** Reads --idp-cert, --idp-metadata (file or URL), --fingerprint, --sp-key, --sp-cert, --sp-metadata. */
Result<std::unique_ptr<Trust>> load_trust(const ValidationFlags& flags, const saml::Expectations& expect);

/** Verification before decryption (Response signatures cover the encrypted form), decryption,
 *  then verification of signatures inside decrypted assertions; `require` coverage at the end. */
struct Stages {
    validate::SignatureOutcome signature;
    validate::DecryptionOutcome decryption;
};
Stages run_stages(saml::Message& m, const Trust& trust, dsig::Require require, util::UnixTime now);

dsig::Require require_from_name(const std::string& name);

}  // namespace ssoctl::cmd
