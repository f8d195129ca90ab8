// Order matters: a Response signature covers the EncryptedAssertion, so it is checked before
// decryption replaces that element; the decrypted assertion's own signature is checked after.
#include "signature_stage.hpp"

#include "common.hpp"
#include "saml/parse.hpp"
#include "saml/sp_metadata.hpp"
#include "util/strings.hpp"
#include "xml/node.hpp"

namespace ssoctl::cmd {

dsig::Require require_from_name(const std::string& name) {
    if (name == "response") return dsig::Require::response;
    if (name == "assertion") return dsig::Require::assertion;
    return dsig::Require::either;
}

Result<std::unique_ptr<Trust>> load_trust(const ValidationFlags& flags, const saml::Expectations& expect) {
    auto trust = std::make_unique<Trust>();
    for (const auto& text : flags.fingerprints) {
        if (auto fp = dsig::parse_fingerprint(text); !fp) throw UsageError("--fingerprint '" + util::visible(text) + "': " + fp.error().message);
    }
    dsig::TrustSources sources;
    sources.cert_files = flags.idp_certs;
    sources.metadata = flags.idp_metadata;
    sources.entity_id = flags.idp_entity_id;
    sources.fingerprints = flags.fingerprints;
    auto store = dsig::load_trust(sources);
    if (!store) return tl::make_unexpected(store.error());
    trust->store = std::move(*store);
    trust->idp_entity_ids = trust->store.idp_entity_ids;
    if (!flags.idp_entity_id.empty() && trust->idp_entity_ids.empty()) trust->idp_entity_ids.push_back(flags.idp_entity_id);
    if (!flags.sp_key.empty()) {
        auto pem = read_file(flags.sp_key);
        if (!pem) return tl::make_unexpected(pem.error());
        auto key = validate::load_private_key(*pem);
        if (!key) return fail(key.error().code, "--sp-key '" + flags.sp_key + "': " + key.error().message);
        validate::SpKey sp{*key, {}};
        if (!flags.sp_cert.empty()) {
            auto bytes = read_file(flags.sp_cert);
            if (!bytes) return tl::make_unexpected(bytes.error());
            auto certs = x509::parse_any(*bytes);
            if (!certs) return fail(certs.error().code, "--sp-cert '" + flags.sp_cert + "': " + certs.error().message);
            for (auto& c : *certs) sp.certs_der.push_back(x509::der_of(c.get()));
        }
        if (!flags.sp_metadata.empty()) {
            auto bytes = read_file(flags.sp_metadata);
            if (bytes) {
                if (auto md = saml::read_sp_metadata(*bytes)) sp.certs_der.insert(sp.certs_der.end(), md->encryption_certs_der.begin(), md->encryption_certs_der.end());
            }
        }
        trust->sp_key = std::move(sp);
    }
    (void)expect;
    return trust;
}

Stages run_stages(saml::Message& m, const Trust& trust, dsig::Require require, util::UnixTime now) {
    Stages out;
    const bool check_signatures = !trust.store.empty();
    dsig::VerifyResult before;
    if (check_signatures) before = dsig::verify_message(m, trust.store, {require, now, nullptr});

    if (validate::has_encrypted_parts(m)) {  // EncryptedAssertion, EncryptedID, EncryptedAttribute
        out.decryption.needed = true;
        // Rebuilds m.signatures and every node pointer from the mutated document (decrypt.hpp).
        validate::Decryption dec = validate::decrypt_in_place(m, trust.sp_key ? &*trust.sp_key : nullptr);
        out.decryption.report = std::move(dec.report);
        if (trust.sp_key) {
            out.decryption.ok = !out.decryption.report.has_errors();
            if (dec.assertions > 0 && check_signatures) {
                // Signatures inside the decrypted assertions are new to the model (verified unset): verify them.
                for (const auto& a : m.assertions) {
                    if (!a.decrypted) continue;
                    dsig::VerifyResult inner = dsig::verify_message(m, trust.store, {require, now, a.node});
                    before.report.append(inner.report);
                    before.assertion_verified = before.assertion_verified || inner.assertion_verified;
                    if (inner.trusted_assertion) before.trusted_assertion = inner.trusted_assertion;
                }
                if (before.response_verified && !before.trusted_assertion && !m.assertions.empty()) before.trusted_assertion = &m.assertions.front();
            }
        }
    }
    if (check_signatures) {
        bool still_encrypted = false;
        for (const auto& a : m.assertions) still_encrypted = still_encrypted || a.encrypted;
        if (!still_encrypted) dsig::require_coverage(m, before, require);  // else the decryption finding says why
        out.signature.ran = true;
        out.signature.report = std::move(before.report);
        out.signature.trusted = before.trusted_assertion;
        out.signature.response_verified = before.response_verified;
    }
    return out;
}

}  // namespace ssoctl::cmd
