// Trust and SP key loading for the pipeline: IdP keys from dsig, the SP key and the certificates
// the SP publishes (used only to name the right one when the IdP encrypted for another).
#include "validate/trust.hpp"

#include "i18n/i18n.hpp"
#include "saml/sp_metadata.hpp"
#include "util/file.hpp"
#include "x509/cert.hpp"

namespace ssoctl::validate {
namespace {

constexpr size_t kMaxKeyFile = 1u << 20;
constexpr size_t kMaxMetadata = 64u << 20;

}  // namespace

Result<Trust> load_trust(const TrustInputs& in) {
    Trust trust;
    auto store = dsig::load_trust(in.idp);
    if (!store) return tl::make_unexpected(store.error());
    trust.store = std::move(*store);
    trust.idp_entity_ids = trust.store.idp_entity_ids;
    if (!in.idp.entity_id.empty() && trust.idp_entity_ids.empty()) trust.idp_entity_ids.push_back(in.idp.entity_id);
    if (in.sp_key_file.empty()) return trust;

    auto pem = util::read_file(in.sp_key_file, kMaxKeyFile);
    if (!pem) return tl::make_unexpected(pem.error());
    auto key = load_private_key(*pem);
    if (!key) {
        return i18n::failure(key.error().code, i18n::text(N_("--sp-key '{}': {}"), {{in.sp_key_file}, i18n::text_of(key.error())}), i18n::detail_of(key.error()));
    }
    SpKey sp{*key, {}};
    if (!in.sp_cert_file.empty()) {
        auto bytes = util::read_file(in.sp_cert_file, kMaxKeyFile);
        if (!bytes) return tl::make_unexpected(bytes.error());
        auto certs = x509::parse_any(*bytes);
        if (!certs) {
            return i18n::failure(certs.error().code, i18n::text(N_("--sp-cert '{}': {}"), {{in.sp_cert_file}, i18n::text_of(certs.error())}),
                                 i18n::detail_of(certs.error()));
        }
        for (auto& c : *certs) sp.certs_der.push_back(x509::der_of(c.get()));
    }
    if (!in.sp_metadata_file.empty()) {
        if (auto bytes = util::read_file(in.sp_metadata_file, kMaxMetadata)) {
            if (auto md = saml::read_sp_metadata(*bytes)) sp.certs_der.insert(sp.certs_der.end(), md->encryption_certs_der.begin(), md->encryption_certs_der.end());
        }
    }
    trust.sp_key = std::move(sp);
    return trust;
}

}  // namespace ssoctl::validate
