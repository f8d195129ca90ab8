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
#include "saml/json.hpp"
#include "saml/parse.hpp"
#include "signature_stage.hpp"
#include "util/strings.hpp"
#include "validate/validate.hpp"
#include "validation_flags.hpp"

namespace ssoctl::cmd {
namespace {

struct ValidateOptions {
    CommonOptions common;
    MessageInput input;
    ValidationFlags flags;
    std::string require = "either";
    std::string replay_cache;
    std::string batch;
};

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
    const bool ja = text.ja();
    text.styled(report::Style::bold, ja ? "チェック" : "Checks");
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
        text.styled(style, std::string(saml::check_status_name(c.status)));
        if (!c.reason.empty()) text << "  (" << c.reason << ")";
        text << "\n";
    }
}

/** Validates one message; the pipeline shared by single and batch mode. */
validate::Outcome validate_one(saml::Message& m, const Trust& trust, const ValidateOptions& opts, const validate::Options& vopts) {
    Stages stages = run_stages(m, trust, require_from_name(opts.require), vopts.expect.now);
    return validate::run(m, stages.signature, stages.decryption, vopts);
}

int run_single(const ValidateOptions& opts, const Output& out, const Trust& trust, const validate::Options& vopts) {
    auto loaded = load_message(opts.input);
    if (!loaded) return fail_run(loaded.error(), "validate", out);
    saml::Message& m = loaded->message;
    const validate::Outcome o = validate_one(m, trust, opts, vopts);
    if (out.json()) {
        nlohmann::json j = report::envelope("validate", o.report, out.lang);
        j["verified"] = o.trusted;
        j["checks"] = checks_json(o);
        j["message"] = saml::to_json(m);
        print_json(j);
        return exit_for(o.report);
    }
    auto text = out.text(std::cout);
    report::render_verdict(text, o.report, out.lang == diag::Lang::ja ? "検証" : "validate");
    report::render_findings(text, o.report);
    text << "\n";
    render_checks(text, o);
    text << "\n";
    report::render_message(text, m, report::MessageView{vopts.expect.now, o.trusted});
    return exit_for(o.report);
}

int run_batch(const ValidateOptions& opts, const Output& out, const Trust& trust, const validate::Options& vopts) {
    std::FILE* f = opts.batch == "-" ? stdin : std::fopen(opts.batch.c_str(), "rb");
    if (!f) return fail_run(Error{"io_error", "cannot open '" + opts.batch + "'", std::strerror(errno)}, "validate", out);
    size_t total = 0, failed = 0, unreadable = 0;
    std::map<std::string, size_t> by_code;
    std::string line;
    char* buf = nullptr;
    size_t cap = 0;
    ssize_t len = 0;
    std::string jsonl;
    while ((len = ::getline(&buf, &cap, f)) > 0) {
        std::string_view text(buf, static_cast<size_t>(len));
        text = util::trim(text);
        if (text.empty()) continue;
        ++total;
        diag::Report report;
        nlohmann::json j{{"line", total}};
        auto normalized = saml::normalize(text);
        auto message = normalized ? saml::parse_message(normalized->xml) : tl::make_unexpected(normalized.error());
        if (!message) {
            ++unreadable;
            report.add(message.error());
        } else {
            validate::Outcome o = validate_one(*message, trust, opts, vopts);
            report = std::move(o.report);
            j["id"] = message->id;
            j["verified"] = o.trusted;
        }
        if (report.has_errors()) ++failed;
        for (const auto& fnd : report.findings()) ++by_code[std::string(diag::name(fnd.code))];
        if (out.json()) {
            j["ok"] = !report.has_errors();
            j["findings"] = nlohmann::json::array();
            for (const auto& fnd : report.findings()) j["findings"].push_back(report::finding_json(fnd, out.lang));
            std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
    }
    std::free(buf);
    if (f != stdin) std::fclose(f);
    if (!out.json()) {
        auto t = out.text(std::cout);
        const bool ja = out.lang == diag::Lang::ja;
        t.styled(failed ? report::Style::error : report::Style::ok,
                 ja ? std::to_string(total) + " 件中 " + std::to_string(failed) + " 件にエラー（読み取り不能 " + std::to_string(unreadable) + " 件）"
                    : std::to_string(failed) + " of " + std::to_string(total) + " messages have errors (" + std::to_string(unreadable) + " unreadable)");
        t << "\n";
        for (const auto& [code, n] : by_code) t << "  " << code << ": " << std::to_string(n) << "\n";
    }
    return failed ? kExitFindings : kExitOk;
}

int run_validate(const ValidateOptions& opts) {
    const Output out = resolve(opts.common);
    auto expect = expectations(opts.flags);
    if (!expect) return fail_run(expect.error(), "validate", out);
    auto trust = load_trust(opts.flags, *expect);
    if (!trust) return fail_run(trust.error(), "validate", out);
    validate::Options vopts{*expect, opts.replay_cache, opts.flags.strict};
    const Trust& t = **trust;
    if (vopts.expect.idp_entity_ids.empty()) vopts.expect.idp_entity_ids = t.idp_entity_ids;
    return opts.batch.empty() ? run_single(opts, out, t, vopts) : run_batch(opts, out, t, vopts);
}

}  // namespace

Registration register_validate(CLI::App& parent) {
    auto opts = std::make_shared<ValidateOptions>();
    CLI::App* app = parent.add_subcommand("validate", "Run every check on a SAML response and say why login fails");
    add_message_input(app, opts->input);
    add_trust_flags(app, opts->flags);
    add_sp_flags(app, opts->flags);
    app->add_option("--sp-key", opts->flags.sp_key, "SP private key (PEM) to decrypt an EncryptedAssertion")->type_name("FILE")->group("Service provider");
    app->add_option("--sp-cert", opts->flags.sp_cert, "SP encryption certificate (PEM), to name the right one on a mismatch")->type_name("FILE")->group("Service provider");
    add_check_flags(app, opts->flags);
    app->add_option("--require", opts->require, "which element must carry a valid signature: response|assertion|either")
        ->check(CLI::IsMember({"response", "assertion", "either"}))
        ->type_name("WHAT")
        ->group("Checks");
    app->add_option("--replay-cache", opts->replay_cache, "record assertion IDs here and flag repeats (replayed_assertion)")->type_name("FILE")->group("Checks");
    app->add_option("--batch", opts->batch, "validate one message per line of FILE ('-' for stdin); JSON Lines with --format json")->type_name("FILE");
    add_common(app, opts->common);
    app->footer(
        "Checks, in order: status, structure, signature, decryption, audience, issuer, time,\n"
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
        "EXIT STATUS\n  0 no errors   1 at least one error (or any line of --batch)   2 usage error   3 input could not be read");
    return {app, [opts] { return run_validate(*opts); }};
}

}  // namespace ssoctl::cmd
