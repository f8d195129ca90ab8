// SAML parsing: hardened XML parse + the Message model, then the unsigned checks and the JSON
// rendering that every `decode` runs on it.
#include "saml/json.hpp"
#include "saml/parse.hpp"
#include "target.hpp"
#include "validate/validate.hpp"
#include "xml/document.hpp"

using namespace ssoctl;

SSOCTL_FUZZ_TARGET(saml) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    auto doc = xml::parse(in);
    if (!doc) return 0;
    (void)xml::pretty(doc->get());
    auto m = saml::parse_message(std::move(*doc));
    if (!m) return 0;
    (void)saml::to_json(*m).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);  // as cmd/common.cpp prints it
    validate::Options opts;
    opts.expect.now = fuzz::kNow;
    opts.expect.sp_entity_ids = {"https://sp.example.com/saml/metadata"};
    opts.expect.acs_urls = {"https://sp.example.com/saml/acs"};
    opts.expect.request_id = "_req-4f3a9c2e1b";
    opts.expect.username_attr = "email";
    opts.expect.email_domains = {"example.com"};
    validate::SignatureOutcome sig;  // no trust given: not checked
    validate::DecryptionOutcome dec;
    (void)validate::run(*m, sig, dec, opts);
    return 0;
}
