// ssoctl verify-sig: is this really from my IdP? Every signature against pinned trust only.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "dsig/redirect.hpp"
#include "message_input.hpp"
#include "report/findings.hpp"
#include "report/message.hpp"
#include "saml/json.hpp"
#include "signature_stage.hpp"
#include "validation_flags.hpp"

namespace ssoctl::cmd {
namespace {

struct VerifySigOptions {
    CommonOptions common;
    MessageInput input;
    ValidationFlags flags;
    std::string require = "either";
};

int run_verify_sig(const VerifySigOptions& opts) {
    const Output out = resolve(opts.common);
    if (opts.flags.idp_certs.empty() && opts.flags.idp_metadata.empty() && opts.flags.fingerprints.empty()) {
        throw UsageError("nothing to trust: give --idp-cert FILE, --idp-metadata FILE|URL or --fingerprint sha256:HEX");
    }
    const util::UnixTime now = resolve_now(opts.flags.now);
    saml::Expectations expect;
    expect.now = now;
    auto trust = load_trust(opts.flags, expect);
    if (!trust) return fail_run(trust.error(), "verify-sig", out);
    auto loaded = load_message(opts.input);
    if (!loaded) return fail_run(loaded.error(), "verify-sig", out);
    saml::Message& m = loaded->message;

    diag::Report report;
    nlohmann::json query_signature = nullptr;
    if (loaded->normalized.signature) {
        // HTTP-Redirect binding: the signature travels in the query string, over the received octets.
        dsig::RedirectResult q = dsig::verify_redirect(loaded->normalized, (*trust)->store, now);
        report.append(q.report);
        query_signature = {{"sig_alg", *loaded->normalized.sig_alg}, {"verified", q.verified}, {"verified_by", q.verified_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.verified_by)}};
    }
    if (m.type == saml::MessageType::response || m.type == saml::MessageType::assertion || !m.signatures.empty() || !loaded->normalized.signature) {
        Stages stages = run_stages(m, **trust, require_from_name(opts.require), now);
        report.append(stages.signature.report);
        for (const auto& f : stages.decryption.report.findings()) {
            if (f.code != diag::Code::missing_decryption_key) report.add(f);
        }
        if (stages.decryption.needed && !(*trust)->sp_key) {
            report.add(diag::Code::missing_decryption_key, {"the assertion is encrypted: its signature can be verified only after decryption ('ssoctl validate --sp-key FILE')",
                                                            "アサーションが暗号化されています。署名は復号後にのみ検証できます（'ssoctl validate --sp-key FILE'）"})
                .location = m.assertions.front().path;
        }
    }
    if (opts.flags.strict) report.apply_strict();

    if (out.json()) {
        nlohmann::json j = report::envelope("verify-sig", report, out.lang);
        j["message"] = saml::to_json(m);
        j["query_signature"] = query_signature;
        print_json(j);
        return exit_for(report);
    }
    auto text = out.text(std::cout);
    report::render_verdict(text, report, out.lang == diag::Lang::ja ? "署名検証" : "signature check");
    report::render_findings(text, report);
    text << "\n";
    if (!query_signature.is_null()) {
        text.styled(report::Style::bold, out.lang == diag::Lang::ja ? "クエリ署名 (HTTP-Redirect)" : "Query signature (HTTP-Redirect)");
        text << " ";
        const bool ok = query_signature["verified"].get<bool>();
        text.styled(ok ? report::Style::ok : report::Style::error, ok ? "[VERIFIED]" : "[INVALID]");
        text << "\n";
        text.field("SigAlg", *loaded->normalized.sig_alg);
        if (ok) text.field(out.lang == diag::Lang::ja ? "検証鍵" : "verified by", query_signature["verified_by"].get<std::string>());
        text << "\n";
    }
    report::render_message(text, m, report::MessageView{now, !report.has_errors()});
    return exit_for(report);
}

}  // namespace

Registration register_verify_sig(CLI::App& parent) {
    auto opts = std::make_shared<VerifySigOptions>();
    CLI::App* app = parent.add_subcommand("verify-sig", "Verify every signature of a SAML message against pinned trust");
    add_message_input(app, opts->input);
    add_trust_flags(app, opts->flags);
    app->add_option("--sp-key", opts->flags.sp_key, "SP private key (PEM) to decrypt an EncryptedAssertion before verifying it")->type_name("FILE");
    app->add_option("--require", opts->require, "which element must carry a valid signature: response|assertion|either")
        ->check(CLI::IsMember({"response", "assertion", "either"}))
        ->type_name("WHAT");
    app->add_option("--now", opts->flags.now, "judge certificate validity as of this RFC 3339 moment")->type_name("TIME");
    app->add_flag("--strict", opts->flags.strict, "treat warnings (weak_algorithm, expired trusted keys) as errors");
    add_common(app, opts->common);
    app->footer(
        "Only what you name is trusted: never KeyInfo key values, HMAC keys, RetrievalMethod, or a\n"
        "certificate whose subject merely looks right. Verification makes no network or file access.\n\n"
        "EXAMPLES\n"
        "  # a response signed by the IdP's certificate\n"
        "  ssoctl verify-sig --idp-cert testdata/keys/idp.crt testdata/saml/okta-signed-response.xml\n\n"
        "  # key rotation: every signing certificate of the IdP metadata is tried\n"
        "  ssoctl verify-sig --idp-metadata testdata/keys/idp-metadata.xml testdata/saml/signed-by-idp2.xml\n\n"
        "  # an HTTP-Redirect URL with SigAlg and Signature in the query string\n"
        "  ssoctl verify-sig --idp-cert testdata/keys/idp.crt testdata/saml/paste/authnrequest.redirect-url\n\n"
        "EXIT STATUS\n  0 every signature verifies and one covers the assertion   1 otherwise   2 usage error\n"
        "  3 unreadable input or unreachable metadata URL");
    return {app, [opts] { return run_verify_sig(*opts); }};
}

}  // namespace ssoctl::cmd
