// Decryption with a fixed SP key (testdata/keys/sp.key) and trust in idp.crt, the way `validate
// --sp-key` runs it: verify before decryption, decrypt_assertions, re-collect the signatures of the
// decrypted assertions and verify them, then the validate checks on the result. The stage code
// mirrors cmd/signature_stage.cpp run_stages until that moves into lib/validate.
#include "dsig/trust_store.hpp"
#include "dsig/verify_message.hpp"
#include "saml/parse.hpp"
#include "target.hpp"
#include "validate/decrypt.hpp"
#include "validate/validate.hpp"
#include "x509/cert.hpp"

using namespace ssoctl;

namespace {

struct Fixed {
    dsig::TrustStore store;
    validate::SpKey sp;
};

const Fixed& fixed() {
    static const Fixed f = [] {
        Fixed x;
        if (!dsig::add_cert_file(x.store, "--idp-cert idp.crt", fuzz::testdata("keys/idp.crt"))) fuzz::disagree("decrypt", "cannot load keys/idp.crt");
        auto key = validate::load_private_key(fuzz::testdata("keys/sp.key"));
        if (!key) fuzz::disagree("decrypt", "cannot load keys/sp.key");
        x.sp.key = *key;
        auto certs = x509::parse_any(fuzz::testdata("keys/sp.crt"));
        if (certs) {
            for (auto& c : *certs) x.sp.certs_der.push_back(x509::der_of(c.get()));
        }
        return x;
    }();
    return f;
}

// --- copy of cmd/signature_stage.cpp run_stages (the code under test) ---
struct Stages {
    validate::SignatureOutcome signature;
    validate::DecryptionOutcome decryption;
};

Stages run_stages(saml::Message& m, const dsig::TrustStore& store, const validate::SpKey& sp_key, dsig::Require require, util::UnixTime now) {
    Stages out;
    dsig::VerifyResult before = dsig::verify_message(m, store, {require, now, nullptr});
    bool encrypted = false;
    for (const auto& a : m.assertions) encrypted = encrypted || a.encrypted;
    if (encrypted) {
        out.decryption.needed = true;
        out.decryption.report = validate::decrypt_assertions(m, sp_key);
        out.decryption.ok = !out.decryption.report.has_errors();
        if (out.decryption.ok) {
            std::vector<saml::SignatureInfo> fresh = saml::collect_signatures(m.root);
            for (auto& s : fresh) {
                bool known = false;
                for (const auto& old : m.signatures) known = known || old.node == s.node;
                if (!known) m.signatures.push_back(std::move(s));
            }
            for (const auto& a : m.assertions) {
                dsig::VerifyResult inner = dsig::verify_message(m, store, {require, now, a.node});
                before.report.append(inner.report);
                before.assertion_verified = before.assertion_verified || inner.assertion_verified;
                if (inner.trusted_assertion) before.trusted_assertion = inner.trusted_assertion;
            }
            if (before.response_verified && !before.trusted_assertion && !m.assertions.empty()) before.trusted_assertion = &m.assertions.front();
        }
    }
    bool still_encrypted = false;
    for (const auto& a : m.assertions) still_encrypted = still_encrypted || a.encrypted;
    if (!still_encrypted) dsig::require_coverage(m, before, require);
    out.signature.ran = true;
    out.signature.report = std::move(before.report);
    out.signature.trusted = before.trusted_assertion;
    out.signature.response_verified = before.response_verified;
    return out;
}

}  // namespace

SSOCTL_FUZZ_TARGET(decrypt) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const Fixed& f = fixed();
    auto m = saml::parse_message(in);
    if (!m) return 0;
    Stages st = run_stages(*m, f.store, f.sp, dsig::Require::either, fuzz::kNow);
    validate::Options opts;
    opts.expect.now = fuzz::kNow;
    opts.expect.sp_entity_ids = {"https://sp.example.com/saml/metadata"};
    opts.expect.acs_urls = {"https://sp.example.com/saml/acs"};
    (void)validate::run(*m, st.signature, st.decryption, opts);
    return 0;
}
