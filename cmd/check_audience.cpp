// ssoctl check-audience: is this response meant for this SP (Audience, Recipient, Destination)?
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "message_input.hpp"
#include "report/findings.hpp"
#include "saml/json.hpp"
#include "validation_flags.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::cmd {
namespace {

struct CheckAudienceOptions {
    CommonOptions common;
    MessageInput input;
    ValidationFlags flags;
};

int run_check_audience(const CheckAudienceOptions& opts) {
    const Output out = resolve(opts.common);
    if (opts.flags.sp_entity_ids.empty() && opts.flags.acs_urls.empty() && opts.flags.sp_metadata.empty()) {
        throw UsageError(i18n::text(N_("nothing to check against: give --sp-entity-id, --acs-url or --sp-metadata")));
    }
    auto expect = expectations(opts.flags);
    if (!expect) return fail_run(expect.error(), "check-audience", out);
    auto loaded = load_message(opts.input, out.lang);
    if (!loaded) return fail_run(loaded.error(), "check-audience", out);
    const saml::Message& m = loaded->message;

    diag::Report report;
    bool checked = false;
    for (const auto& a : m.assertions) {
        if (a.encrypted) continue;
        saml::check_audience(m, a, *expect, report);
        checked = true;
    }
    if (!checked) {
        if (m.assertions.empty()) report.add(diag::Code::missing_assertion, i18n::text(N_("the message carries no assertion to check")));
        else report.add(diag::Code::missing_decryption_key, i18n::text(N_("the assertion is encrypted; use 'ssoctl validate --sp-key FILE' to decrypt it")));
    }
    if (opts.flags.strict) report.apply_strict();

    if (out.json()) {
        nlohmann::json j = report::envelope("check-audience", report, out.lang);
        j["verified"] = false;
        j["message"] = saml::to_json(m);
        print_json(j);
        return exit_for(report);
    }
    auto text = out.text(std::cout);
    report::render_verdict(text, report, i18n::tr("audience check", out.lang));
    report::render_findings(text, report);
    return exit_for(report);
}

}  // namespace

Registration register_check_audience(CLI::App& parent) {
    auto opts = std::make_shared<CheckAudienceOptions>();
    CLI::App* app = parent.add_subcommand("check-audience", N_("Check Audience, Recipient and Destination against the SP"));
    add_message_input(app, opts->input);
    add_sp_flags(app, opts->flags);
    app->add_flag("--strict", opts->flags.strict, N_("treat warnings (missing_audience) as errors"));
    add_common(app, opts->common);
    app->footer(
        N_("Compares scheme and host case-insensitively and the path exactly; near misses (trailing slash,\n"
        "http vs https, port, case, Entra's spn: prefix, a path suffix) get a specific hint.\n"
        "Signatures are not checked here: use 'ssoctl validate' for the whole picture.\n\n"
        "EXAMPLES\n"
        "  # the Audience has a trailing slash the SP does not expect\n"
        "  ssoctl check-audience --sp-entity-id https://sp.example.com/saml/metadata testdata/saml/wrong-audience-trailing-slash.xml\n\n"
        "  # expectations from the SP's metadata\n"
        "  ssoctl check-audience --sp-metadata testdata/keys/sp-metadata.xml testdata/saml/wrong-recipient-http.xml\n\n"
        "EXIT STATUS\n  0 matches   1 a mismatch was found   2 usage error   3 input could not be read or parsed"));
    return {app, [opts] { return run_check_audience(*opts); }};
}

}  // namespace ssoctl::cmd
