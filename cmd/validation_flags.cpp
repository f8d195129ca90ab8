// One definition of the validation flags so the three commands cannot drift apart.
#include "validation_flags.hpp"

#include "common.hpp"
#include "saml/sp_metadata.hpp"

namespace ssoctl::cmd {

void add_trust_flags(CLI::App* app, ValidationFlags& f) {
    app->add_option("--idp-cert", f.idp_certs, N_("trusted IdP signing certificate, PEM or DER (repeatable)"))->allow_extra_args(false)->type_name("FILE")->group(N_("Trust"));
    app->add_option("--idp-metadata", f.idp_metadata, N_("IdP metadata file or URL; every signing certificate is trusted"))->type_name("FILE|URL")->group(N_("Trust"));
    app->add_option("--idp-entity-id", f.idp_entity_id, N_("expected IdP entity ID (picks the entity in an aggregate)"))->type_name("ID")->group(N_("Trust"));
    app->add_option("--fingerprint", f.fingerprints, N_("trust the embedded certificate only with this fingerprint: sha256:HEX or sha1:HEX (repeatable)"))->allow_extra_args(false)->type_name("ALG:HEX")->group(N_("Trust"));
}

void add_sp_flags(CLI::App* app, ValidationFlags& f) {
    app->add_option("--sp-entity-id", f.sp_entity_ids, N_("the SP entity ID the Audience must name (repeatable)"))->allow_extra_args(false)->type_name("ID")->group(N_("Service provider"));
    app->add_option("--acs-url", f.acs_urls, N_("the SP's ACS URL that Recipient and Destination must name (repeatable)"))->allow_extra_args(false)->type_name("URL")->group(N_("Service provider"));
    app->add_option("--sp-metadata", f.sp_metadata, N_("SP metadata file: entity ID, ACS URLs and encryption certificate"))->type_name("FILE")->group(N_("Service provider"));
}

void add_check_flags(CLI::App* app, ValidationFlags& f) {
    app->add_option("--request-id", f.request_id, N_("ID of the AuthnRequest the response must answer (InResponseTo)"))->type_name("ID")->group(N_("Checks"));
    app->add_option("--username-attr", f.username_attr, N_("attribute that must carry the username (default: NameID)"))->type_name("NAME")->group(N_("Checks"));
    app->add_option("--email-domain", f.email_domains, N_("allowed email domain of the username (repeatable)"))->allow_extra_args(false)->type_name("DOMAIN")->group(N_("Checks"));
    app->add_option("--now", f.now, N_("evaluate times as of this RFC 3339 moment (default: the clock)"))->type_name("TIME")->group(N_("Checks"));
    app->add_option("--skew", f.skew, N_("allowed clock skew in seconds (default 180)"))->type_name("SECONDS")->check(CLI::Range(0, 86400))->group(N_("Checks"));
    app->add_flag("--strict", f.strict, N_("treat warnings (weak_algorithm, missing_audience, clock_skew …) as errors"))->group(N_("Checks"));
}

Result<saml::Expectations> expectations(const ValidationFlags& f) {
    saml::Expectations e;
    e.sp_entity_ids = f.sp_entity_ids;
    e.acs_urls = f.acs_urls;
    if (!f.idp_entity_id.empty()) e.idp_entity_ids.push_back(f.idp_entity_id);
    e.request_id = f.request_id;
    e.username_attr = f.username_attr;
    e.email_domains = f.email_domains;
    e.now = resolve_now(f.now);
    e.skew = f.skew;
    if (!f.sp_metadata.empty()) {
        auto bytes = read_file(f.sp_metadata);
        if (!bytes) return tl::make_unexpected(bytes.error());
        auto sp = saml::read_sp_metadata(*bytes);
        if (!sp) return tl::make_unexpected(sp.error());
        if (e.sp_entity_ids.empty()) e.sp_entity_ids.push_back(sp->entity_id);
        if (e.acs_urls.empty()) e.acs_urls = sp->acs_urls;
    }
    return e;
}

}  // namespace ssoctl::cmd
