// ssoctl verify-sig: "is this really from my IdP?" — every signature against pinned trust only,
// which key signed what, and the identity data read back from the signed bytes.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "message_input.hpp"
#include "dsig/profile.hpp"
#include "dsig/policy.hpp"
#include "dsig/signed_data.hpp"
#include "dsig/trust_store.hpp"
#include "report/findings.hpp"
#include "saml/json.hpp"
#include "util/strings.hpp"
#include "validation_flags.hpp"
#include "xml/node.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::cmd {
namespace {

struct VerifySigOptions {
    CommonOptions common;
    MessageInput input;
    ValidationFlags flags;
    std::string require = "either";
    double timeout = 15;
};

std::string alg_pair(const saml::SignatureInfo& s) {
    return dsig::short_algorithm(s.signature_algorithm) + " / " + dsig::short_algorithm(s.digest_algorithm);
}

std::string covers(const saml::Message& m, const saml::SignatureInfo& s, diag::Lang lang) {
    if (s.parent == m.root) {
        if (m.type == saml::MessageType::response) return i18n::tr("the whole response (and the assertion in it)", lang);
        return i18n::tr("the whole message", lang);
    }
    if (xml::is(s.parent, xml::kSaml, "Assertion")) return i18n::trf("the assertion {}", lang, {util::visible(xml::attr_or(s.parent, "ID"))});
    return i18n::tr("(an element no SAML consumer reads)", lang);
}

nlohmann::json signed_json(const dsig::SignedAssertion& sa) {
    nlohmann::json j;
    const auto& a = sa.assertion;
    j["signed_element"] = sa.signed_element;
    j["id"] = a.id;
    j["issuer"] = a.issuer;
    j["name_id"] = a.name_id ? nlohmann::json{{"value", a.name_id->value}, {"format", a.name_id->format}} : nlohmann::json(nullptr);
    j["not_before"] = a.conditions.not_before;
    j["not_on_or_after"] = a.conditions.not_on_or_after;
    j["audiences"] = a.conditions.audiences;
    nlohmann::json attrs = nlohmann::json::object();
    for (const auto& at : a.attributes) attrs[at.name] = at.values;
    j["attributes"] = attrs;
    return j;
}

void render_signatures(report::TextOut& text, const saml::Message& m, const dsig::QueryVerdict& q) {
    const diag::Lang lang = text.lang();
    text.styled(report::Style::bold, i18n::tr("Signatures", lang));
    text << "\n";
    if (m.signatures.empty() && !q.present) text << (i18n::tr("  (no XML signature)\n", lang));
    for (const auto& s : m.signatures) {
        text << "  " << util::visible(s.element) << "\n";
        text << "      " << (i18n::tr("covers:       ", lang)) << covers(m, s, lang) << " (" << util::visible(s.reference) << ")\n";
        text << "      " << (i18n::tr("algorithms:   ", lang)) << util::visible(alg_pair(s)) << "\n";
        text << "      ";
        if (s.verified.value_or(false)) {
            text.styled(report::Style::ok, i18n::tr("verified", lang));
            text << i18n::trf(" by {}", lang, {diag::Text{s.verified_by, s.verified_by_ja}.in(lang)}) << "\n";
        } else {
            text.styled(report::Style::error, s.verified.has_value() ? (i18n::tr("NOT verified", lang)) : (i18n::tr("NOT verified (refused before verification)", lang)));
            text << "\n";
        }
        if (s.cert && !s.verified.value_or(false)) {
            text << "      " << (i18n::tr("embedded cert: ", lang)) << util::visible(s.cert->subject) << ", sha256 " << x509::pretty_fingerprint(s.cert->sha256)
                 << ", " << util::format_rfc3339(s.cert->not_before) << " .. " << util::format_rfc3339(s.cert->not_after) << (i18n::tr(" (never a source of trust)\n", lang));
        }
    }
    for (const auto& a : m.assertions) {
        if (!a.encrypted) continue;
        text << "  " << util::visible(a.path) << "\n      "
             << (i18n::tr("encrypted: a signature inside it is checked after decryption by 'ssoctl validate --sp-key FILE'\n", lang));
    }
    if (q.present) {
        text << "  " << (i18n::tr("query signature (HTTP-Redirect)", lang)) << "\n";
        text << "      " << (i18n::tr("algorithms:   ", lang)) << util::visible(dsig::short_algorithm(q.algorithm)) << "\n      ";
        if (q.verified) {
            text.styled(report::Style::ok, i18n::tr("verified", lang));
            text << i18n::trf(" by {}", lang, {diag::Text{q.verified_by, q.verified_by_ja}.in(lang)}) << "\n";
        } else {
            text.styled(report::Style::error, i18n::tr("NOT verified", lang));
            text << "\n";
        }
    }
}

void render_signed(report::TextOut& text, const dsig::SignedAssertion& sa) {
    const diag::Lang lang = text.lang();
    const auto& a = sa.assertion;
    text << "\n";
    text.styled(report::Style::bold, i18n::tr("Signed data (read back from the signed bytes)", lang));
    text << "\n";
    text.field("Issuer", util::visible(a.issuer));
    if (a.name_id) text.field("NameID", util::visible(a.name_id->value) + (a.name_id->format.empty() ? "" : "  (" + util::visible(a.name_id->format) + ")"));
    if (a.conditions.present) {
        text.field(i18n::tr("Valid", lang), util::visible(a.conditions.not_before) + " .. " + util::visible(a.conditions.not_on_or_after));
        for (const auto& au : a.conditions.audiences) text.field("Audience", util::visible(au));
    }
    for (const auto& at : a.attributes) text.field(util::visible(at.friendly_name.empty() ? at.name : at.friendly_name), util::visible(util::join(at.values, ", ")), 14);
}

int run_verify_sig(const VerifySigOptions& opts) {
    const Output out = resolve(opts.common);
    const auto& f = opts.flags;
    if (f.idp_certs.empty() && f.idp_metadata.empty() && f.fingerprints.empty()) {
        throw UsageError(i18n::text(N_("nothing to trust: give --idp-cert FILE, --idp-metadata FILE|URL or --fingerprint sha256:HEX")));
    }
    for (const auto& fp : f.fingerprints) {
        if (auto ok = dsig::parse_fingerprint(fp); !ok) throw UsageError(i18n::text(N_("--fingerprint '{}': {}"), {{util::visible(fp)}, i18n::text_of(ok.error())}));
    }
    const util::UnixTime now = resolve_now(f.now);
    dsig::TrustSources src;
    src.cert_files = f.idp_certs;
    src.metadata = f.idp_metadata;
    src.entity_id = f.idp_entity_id;
    src.fingerprints = f.fingerprints;
    src.timeout_ms = static_cast<long>(opts.timeout * 1000);
    auto trust = dsig::load_trust(src);
    if (!trust) return fail_run(trust.error(), "verify-sig", out);
    auto loaded = load_message(opts.input, out.lang);
    if (!loaded) return fail_run(loaded.error(), "verify-sig", out);
    saml::Message& m = loaded->message;

    const dsig::Require require = opts.require == "response" ? dsig::Require::response : opts.require == "assertion" ? dsig::Require::assertion : dsig::Require::either;
    dsig::Outcome o = dsig::verify_all(m, &loaded->normalized, *trust, require, now);
    dsig::VerifyResult& v = o.result;
    const dsig::QueryVerdict& q = o.query;
    if (f.strict) v.report.apply_strict();

    std::optional<dsig::SignedAssertion> signed_data;
    if (!v.report.has_errors()) {
        if (auto sa = dsig::signed_assertion(m, *trust)) signed_data = std::move(*sa);
    }

    if (out.json()) {
        nlohmann::json j = report::envelope("verify-sig", v.report, out.lang);
        j["verified"] = !v.report.has_errors();
        if (q.present) j["query_signature"] = {{"algorithm", q.algorithm}, {"verified", q.verified}, {"verified_by", q.verified_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.verified_by)}};
        j["signed_assertion"] = signed_data ? signed_json(*signed_data) : nlohmann::json(nullptr);
        j["message"] = saml::to_json(m);
        print_json(j);
        return exit_for(v.report);
    }
    auto text = out.text(std::cout);
    report::render_verdict(text, v.report, i18n::tr("signature verification", out.lang));
    report::render_findings(text, v.report);
    text << "\n";
    render_signatures(text, m, q);
    if (signed_data) render_signed(text, *signed_data);
    return exit_for(v.report);
}

}  // namespace

Registration register_verify_sig(CLI::App& parent) {
    auto opts = std::make_shared<VerifySigOptions>();
    CLI::App* app = parent.add_subcommand("verify-sig", N_("Verify every signature against pinned IdP certificates only"));
    add_message_input(app, opts->input);
    add_trust_flags(app, opts->flags);
    app->add_option("--require", opts->require, N_("which signature must cover the assertion: either|response|assertion (default either)"))
        ->check(CLI::IsMember({"either", "response", "assertion"}))
        ->type_name("WHICH")
        ->group(N_("Trust"));
    add_timeout(app, opts->timeout, N_("seconds to wait for an --idp-metadata URL (default 15)"))->group(N_("Trust"));
    app->add_option("--now", opts->flags.now, N_("judge certificate validity as of this RFC 3339 moment (default: the clock)"))->type_name("TIME");
    app->add_flag("--strict", opts->flags.strict, N_("treat warnings (weak_algorithm, cert_expired of a trusted key) as errors"));
    add_common(app, opts->common);
    app->footer(
        N_("Only what you name is trusted: --idp-cert files, the signing certificates of the IdP in\n"
        "--idp-metadata (all of them, so key rotation works), or an embedded certificate whose digest\n"
        "equals a --fingerprint. KeyInfo keys, HMAC keys, RetrievalMethod and look-alike subjects are\n"
        "never trusted; references are same-document only and nothing is fetched while verifying.\n"
        "A full redirect URL with SigAlg and Signature gets its query signature verified too.\n\n"
        "EXAMPLES\n"
        "  # an Okta-shaped response, response and assertion signed\n"
        "  ssoctl verify-sig --idp-cert testdata/keys/idp.crt testdata/saml/okta-signed-response.xml\n\n"
        "  # key rotation: every signing certificate of the metadata is tried\n"
        "  ssoctl verify-sig --idp-metadata testdata/keys/idp-metadata.xml testdata/saml/signed-by-idp2.xml\n\n"
        "  # an XML signature wrapping attack is refused\n"
        "  ssoctl verify-sig --idp-cert testdata/keys/idp.crt testdata/saml/attacks/xsw3.xml\n\n"
        "  # the query signature of an HTTP-Redirect URL\n"
        "  ssoctl verify-sig --idp-cert testdata/keys/idp.crt testdata/saml/paste/authnrequest.redirect-url\n\n"
        "EXIT STATUS\n"
        "  0 every signature verifies with a trusted key and one covers the assertion (or the message)\n"
        "  1 a signature is missing, forged, altered, untrusted or refused   2 usage error\n"
        "  3 the input or the trust (file, metadata URL) could not be read"));
    return {app, [opts] { return run_verify_sig(*opts); }};
}

}  // namespace ssoctl::cmd
