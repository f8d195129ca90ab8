// ssoctl validate: one paste, every check, each failure with its code, expected/actual and fix.
// --batch validates one message per line in one process, with trust loaded once.
#include <cerrno>
#include <cstring>
#include <map>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "message_input.hpp"
#include "report/findings.hpp"
#include "report/message.hpp"
#include "report/redaction.hpp"
#include "report/verdict.hpp"
#include "saml/json.hpp"
#include "saml/parse.hpp"
#include "util/strings.hpp"
#include "validate/pipeline.hpp"
#include "validate/redact.hpp"
#include "validation_flags.hpp"
#include "i18n/i18n.hpp"
#include "util/width.hpp"

namespace ssoctl::cmd {
namespace {

struct ValidateOptions {
    CommonOptions common;
    MessageInput input;
    ValidationFlags flags;
    std::string require = "either";
    bool require_trust = false;
    bool redact = false;
    std::string replay_cache;
    std::string batch;
    double timeout = 15;
    bool verbose = false;
};

dsig::Require require_from_name(const std::string& name) {
    if (name == "response") return dsig::Require::response;
    if (name == "assertion") return dsig::Require::assertion;
    return dsig::Require::either;
}

nlohmann::json checks_json(const validate::Outcome& o) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : o.checks) {
        nlohmann::json j{{"id", c.id}, {"status", saml::check_status_name(c.status)}};
        if (!c.reason.empty()) j["reason"] = c.reason;
        checks.push_back(std::move(j));
    }
    return checks;
}

void render_checks(report::TextOut& text, const validate::Outcome& o) {
    const diag::Lang lang = text.lang();
    text.styled(report::Style::bold, i18n::tr("Checks", lang));
    text << "\n";
    for (const auto& c : o.checks) {
        using saml::CheckStatus;
        const report::Style style = c.status == CheckStatus::pass ? report::Style::ok
                                    : c.status == CheckStatus::fail ? report::Style::error
                                    : c.status == CheckStatus::warn ? report::Style::warning
                                                                   : report::Style::dim;
        std::string id = c.id;
        id.resize(std::max<size_t>(id.size(), 16), ' ');
        text << "  " << id;
        text.styled(style, util::pad_to_width(i18n::tr(saml::check_status_name(c.status), lang), 4));
        if (!c.reason.empty()) text << "  " << i18n::trf("({})", lang, {i18n::tr(c.reason, lang)});
        text << "\n";
    }
}

/** The context of one message: the flags, plus the binding it arrived in (query signature). */
validate::Context context_for(const ValidateOptions& opts, const validate::Options& vopts, const saml::Normalized* binding) {
    validate::Context ctx;
    ctx.checks = vopts;
    ctx.require = require_from_name(opts.require);
    ctx.require_trust = opts.require_trust || opts.flags.strict;
    ctx.binding = binding;
    return ctx;
}

int run_single(const ValidateOptions& opts, const Output& out, const validate::Trust& trust, const validate::Options& vopts) {
    auto loaded = load_message(opts.input, out.lang);
    if (!loaded && opts.redact) {
        Error e = loaded.error();  // the reader may quote what it could not read
        capture::Redactor r;
        e.message = r.text(e.message, "error");
        e.detail = r.text(e.detail, "error");
        return fail_run(e, "validate", out);
    }
    if (!loaded) return fail_run(loaded.error(), "validate", out);
    saml::Message& m = loaded->message;
    validate::Context ctx = context_for(opts, vopts, &loaded->normalized);
    ctx.flow = &loaded->item.context;
    validate::Validation v = validate::validate_message(m, trust, ctx);
    capture::Redactor redactor;
    if (opts.redact) validate::redact(redactor, m, v, &loaded->item);  // after the checks: they ran on the original bytes
    const validate::Outcome& o = v.outcome;
    const bool keyed = !trust.store.empty();
    if (out.json()) {
        nlohmann::json j = report::envelope("validate", o.report, out.lang);
        j["verified"] = v.signature_verified;
        j["verdict"] = report::verdict_json(v.verdict);
        j["checks"] = checks_json(o);
        if (v.query.present) j["query_signature"] = {{"algorithm", v.query.algorithm}, {"verified", v.query.verified}};
        if (loaded->count > 1 || !v.context_sources.empty()) j["capture"] = {{"index", loaded->item.index}, {"messages", loaded->count}, {"url", loaded->item.url}, {"context_sources", v.context_sources}};
        j["message"] = saml::to_json(m);
        if (opts.redact) report::add_redaction(j, redactor);
        print_json(j);
        return exit_for(o.report);
    }
    auto text = out.text(std::cout);
    const std::string subject = i18n::tr("validate", out.lang);
    report::render_validation_verdict(text, v, keyed, subject);
    report::render_findings(text, o.report);
    if (!v.context_sources.empty()) {
        text << "\n";
        text.styled(report::Style::bold, i18n::tr("Expectations taken from the capture (flags win)", out.lang));
        text << "\n";
        for (size_t i = 0; i < v.context_sources.size(); ++i) {
            const diag::Text src{v.context_sources[i], i < v.context_sources_ja.size() ? v.context_sources_ja[i] : std::string()};
            text << "  " << util::visible(src.in(out.lang)) << "\n";
        }
    }
    text << "\n";
    render_checks(text, o);
    text << "\n";
    report::MessageView view{vopts.expect.now, o.trusted, v.response_verified};
    report::set_binding(view, loaded->item);
    if (view.query_signature && v.query.present) {
        if (keyed) view.query_signature->verified = v.query.verified;
        view.query_signature->verified_by = v.query.verified_by;
    }
    if (opts.verbose) report::render_message(text, m, view);
    else report::render_message_summary(text, m, view);
    if (opts.redact) report::render_redaction(text, redactor, true);
    if (text.past_one_screen()) {  // the verdict again where the reader's eyes are
        text << "\n";
        report::render_validation_verdict(text, v, keyed, subject);
    }
    return exit_for(o.report);
}

int run_batch(const ValidateOptions& opts, const Output& out, const validate::Trust& trust, const validate::Options& vopts) {
    std::FILE* f = opts.batch == "-" ? stdin : std::fopen(opts.batch.c_str(), "rb");
    if (!f) return fail_run(i18n::error_of("io_error", N_("cannot open '{}'"), {opts.batch}, std::strerror(errno)), "validate", out);
    size_t total = 0, failed = 0, unreadable = 0;
    std::map<std::string, size_t> by_code;
    std::string line;
    char* buf = nullptr;
    size_t cap = 0;
    ssize_t len = 0;
    capture::Redactor redactor;  // one for the run: a value has the same placeholder on every line
    while ((len = ::getline(&buf, &cap, f)) > 0) {
        std::string_view text(buf, static_cast<size_t>(len));
        text = util::trim(text);
        if (text.empty()) continue;
        ++total;
        diag::Report report;
        nlohmann::json j{{"schema_version", 1}, {"command", "validate"}, {"line", total}};
        auto normalized = saml::normalize(text);
        auto message = normalized ? saml::parse_message(normalized->xml) : tl::make_unexpected(normalized.error());
        const size_t redacted_before = redactor.replaced().size();
        if (!message) {
            ++unreadable;
            report.add(i18n::localized(message.error()));
            if (opts.redact) validate::redact(redactor, report);
        } else {
            validate::Validation v = validate::validate_message(*message, trust, context_for(opts, vopts, &*normalized));
            if (opts.redact) validate::redact(redactor, *message, v);
            j["id"] = message->id;
            j["verified"] = v.signature_verified;
            j["verdict"] = report::verdict_json(v.verdict);
            j["checks"] = checks_json(v.outcome);
            report = std::move(v.outcome.report);
        }
        if (report.has_errors()) ++failed;
        for (const auto& fnd : report.findings()) ++by_code[std::string(diag::name(fnd.code))];
        if (out.json()) {
            j["ok"] = !report.has_errors();
            if (opts.redact) report::add_redaction(j, redactor, redacted_before);
            j["findings"] = nlohmann::json::array();
            for (const auto& fnd : report.shown()) j["findings"].push_back(report::finding_json(fnd, out.lang));
            std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
    }
    std::free(buf);
    if (f != stdin) std::fclose(f);
    if (!out.json()) {
        auto t = out.text(std::cout);
        const diag::Lang lang = out.lang;
        t.styled(failed ? report::Style::error : report::Style::ok,
                 i18n::fmt(i18n::trn("{} of {} message has errors ({} unreadable)", "{} of {} messages have errors ({} unreadable)", total, lang),
                           {std::to_string(failed), std::to_string(total), std::to_string(unreadable)}));
        t << "\n";
        for (const auto& [code, n] : by_code) t << "  " << code << ": " << std::to_string(n) << "\n";
        if (opts.redact) report::render_redaction(t, redactor, true);
    }
    return failed ? kExitFindings : kExitOk;
}

int run_validate(const ValidateOptions& opts) {
    const Output out = resolve(opts.common);
    auto expect = expectations(opts.flags);
    if (!expect) return fail_run(expect.error(), "validate", out);
    for (const auto& fp : opts.flags.fingerprints) {
        if (auto ok = dsig::parse_fingerprint(fp); !ok) throw UsageError(i18n::text(N_("--fingerprint '{}': {}"), {{util::visible(fp)}, i18n::text_of(ok.error())}));
    }
    validate::TrustInputs in;
    in.idp.cert_files = opts.flags.idp_certs;
    in.idp.metadata = opts.flags.idp_metadata;
    in.idp.entity_id = opts.flags.idp_entity_id;
    in.idp.fingerprints = opts.flags.fingerprints;
    in.idp.timeout_ms = static_cast<long>(opts.timeout * 1000);
    in.sp_key_file = opts.flags.sp_key;
    in.sp_cert_file = opts.flags.sp_cert;
    in.sp_metadata_file = opts.flags.sp_metadata;
    auto trust = validate::load_trust(in);
    if (!trust) return fail_run(trust.error(), "validate", out);
    validate::Options vopts{*expect, opts.replay_cache, opts.flags.strict};
    const validate::Trust& t = *trust;
    if (vopts.expect.idp_entity_ids.empty()) vopts.expect.idp_entity_ids = t.idp_entity_ids;
    return opts.batch.empty() ? run_single(opts, out, t, vopts) : run_batch(opts, out, t, vopts);
}

}  // namespace

Registration register_validate(CLI::App& parent) {
    auto opts = std::make_shared<ValidateOptions>();
    CLI::App* app = parent.add_subcommand("validate", N_("Run every check on a SAML response and say why login fails"));
    add_message_input(app, opts->input);
    add_trust_flags(app, opts->flags);
    add_sp_flags(app, opts->flags);
    app->add_option("--sp-key", opts->flags.sp_key, N_("SP private key (PEM) to decrypt an EncryptedAssertion"))->type_name("FILE")->group(N_("Service provider"));
    app->add_option("--sp-cert", opts->flags.sp_cert, N_("SP encryption certificate (PEM), to name the right one on a mismatch"))->type_name("FILE")->group(N_("Service provider"));
    add_check_flags(app, opts->flags);
    app->add_option("--require", opts->require, N_("which element must carry a valid signature: response|assertion|either"))
        ->check(CLI::IsMember({"response", "assertion", "either"}))
        ->type_name("WHAT")
        ->group(N_("Checks"));
    app->add_flag("--require-trust", opts->require_trust, N_("an unverified signature (no --idp-cert/--idp-metadata/--fingerprint, or none verified) is an error: exit 1"))->group(N_("Checks"));
    add_timeout(app, opts->timeout, N_("seconds to wait for an --idp-metadata URL (default 15)"))->group(N_("Trust"));
    app->add_flag("--redact", opts->redact,
                  N_("replace personal data and secrets in the output with stable placeholders (the checks run on the original bytes)"));
    app->add_option("--replay-cache", opts->replay_cache, N_("record assertion IDs here and flag repeats (replayed_assertion)"))->type_name("FILE")->group(N_("Checks"));
    app->add_flag("--verbose,-v", opts->verbose, N_("print the whole decoded message (every field, signature and certificate) after the checks"));
    app->add_option("--batch", opts->batch, N_("validate one message per line of FILE ('-' for stdin); JSON Lines with --format json"))->type_name("FILE");
    add_common(app, opts->common);
    app->footer(
        N_("Checks, in order: status, structure, signature, decryption, audience, issuer, time,\n"
        "in_response_to, subject, replay. Every check runs; one that cannot is listed as skipped.\n\n"
        "EXAMPLES\n"
        "  # everything about a captured response, as of the capture time\n"
        "  ssoctl validate --idp-cert testdata/keys/idp.crt --sp-metadata testdata/keys/sp-metadata.xml \\\n"
        "      --now 2026-01-15T10:01:00Z testdata/saml/okta-signed-response.xml\n\n"
        "  # the SP expects the username in the 'email' attribute\n"
        "  ssoctl validate --idp-cert testdata/keys/idp.crt --username-attr email \\\n"
        "      --now 2026-01-15T10:01:00Z testdata/saml/no-email-attr.xml\n\n"
        "  # an encrypted assertion, in Japanese\n"
        "  ssoctl validate --lang ja --idp-cert testdata/keys/idp.crt --sp-key testdata/keys/sp.key \\\n"
        "      --now 2026-01-15T10:01:00Z testdata/saml/encrypted-assertion.xml\n\n"
        "  # a HAR of a failing login: InResponseTo, ACS URL and SP entity ID come from the capture\n"
        "  ssoctl validate --idp-cert testdata/keys/ssp-idp.crt --now 2026-11-27T16:36:06Z \\\n"
        "      testdata/capture/chromium-ssp-clock-ahead.har\n\n"
        "  # the same for a support ticket: checked on the original bytes, personal values replaced\n"
        "  ssoctl validate --redact --idp-cert testdata/keys/ssp-idp.crt --now 2026-11-27T16:36:06Z \\\n"
        "      testdata/capture/chromium-ssp-clock-ahead.har\n\n"
        "EXIT STATUS\n  0 no errors   1 at least one error (or any line of --batch)   2 usage error   3 input could not be read"));
    return {app, [opts] { return run_validate(*opts); }};
}

}  // namespace ssoctl::cmd
