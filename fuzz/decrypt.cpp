// Decryption with a fixed SP key (testdata/keys/sp.key) and trust in idp.crt, the way `validate
// --sp-key` runs it: validate::validate_message (signatures before decryption, decryption, the
// model re-read, the signatures inside the decrypted assertions, coverage, every check).
#include "saml/parse.hpp"
#include "target.hpp"
#include "validate/pipeline.hpp"
#include "validate/trust.hpp"
#include "x509/cert.hpp"

using namespace ssoctl;

namespace {

const validate::Trust& trust() {
    static const validate::Trust t = [] {
        validate::Trust x;
        if (!dsig::add_cert_file(x.store, "--idp-cert idp.crt", fuzz::testdata("keys/idp.crt"))) fuzz::disagree("decrypt", "cannot load keys/idp.crt");
        x.idp_entity_ids = {"https://idp.example.com/saml2"};
        auto key = validate::load_private_key(fuzz::testdata("keys/sp.key"));
        if (!key) fuzz::disagree("decrypt", "cannot load keys/sp.key");
        validate::SpKey sp;
        sp.key = *key;
        if (auto certs = x509::parse_any(fuzz::testdata("keys/sp.crt"))) {
            for (auto& c : *certs) sp.certs_der.push_back(x509::der_of(c.get()));
        }
        x.sp_key = std::move(sp);
        return x;
    }();
    return t;
}

}  // namespace

SSOCTL_FUZZ_TARGET(decrypt) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const validate::Trust& t = trust();
    auto m = saml::parse_message(in);
    if (!m) return 0;
    validate::Context ctx;
    ctx.checks.expect.now = fuzz::kNow;
    ctx.checks.expect.sp_entity_ids = {"https://sp.example.com/saml/metadata"};
    ctx.checks.expect.acs_urls = {"https://sp.example.com/saml/acs"};
    ctx.checks.expect.idp_entity_ids = t.idp_entity_ids;
    ctx.require_trust = size % 2 == 0;
    (void)validate::validate_message(*m, t, ctx);
    return 0;
}
