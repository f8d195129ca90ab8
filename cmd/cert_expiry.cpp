// ssoctl cert-expiry: certificates from files, directories, metadata and TLS endpoints against expiry thresholds, for CI.
#include <iostream>

#include <unistd.h>

#include "commands.hpp"
#include "common.hpp"
#include "i18n/i18n.hpp"
#include "report/findings.hpp"
#include "report/json_stream.hpp"
#include "util/strings.hpp"
#include "x509/expiry_report.hpp"
#include "x509/load.hpp"

namespace ssoctl::cmd {
namespace {

struct CertExpiryOptions {
    CommonOptions common;
    std::vector<std::string> targets;
    int warn_days = 30;
    int fail_days = 0;
    std::string now;
    std::string password_file;
    double timeout = 10;
    std::string ca_file;
    bool strict = false;
    bool all = false;
    bool wide = false;
};

Result<std::string> read_password(const std::string& path) {
    auto raw = read_file(path, 4096);
    if (!raw) return raw;
    std::string pw = *raw;
    while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
    return pw;
}

int run_cert_expiry(CertExpiryOptions opts) {
    const Output out = resolve(opts.common);
    x509::Policy policy;
    policy.now = resolve_now(opts.now);
    policy.warn_days = opts.warn_days;
    policy.fail_days = opts.fail_days;
    if (opts.warn_days < 0 || opts.fail_days < 0) throw UsageError(i18n::tr(N_("--warn-days and --fail-days must be 0 or more"), out.lang));
    if (opts.targets.empty()) {
        if (isatty(STDIN_FILENO)) throw UsageError(i18n::tr(N_("no target: give files, directories, metadata URLs, https://host[:port] or '-' for stdin"), out.lang));
        opts.targets.push_back("-");
    }
    x509::LoadOptions lo;
    lo.timeout_ms = static_cast<int>(opts.timeout * 1000);
    lo.ca_file = opts.ca_file;
    if (!opts.password_file.empty()) {
        auto pw = read_password(opts.password_file);
        if (!pw) return fail_run(pw.error(), "cert-expiry", out);
        lo.password = *pw;
        lo.have_password = true;
    }
    x509::Collector collector(lo);
    std::vector<x509::TargetFailure> failures;
    for (const auto& t : opts.targets) {
        if (auto r = collector.load(t); !r) {
            std::cerr << util::visible("ssoctl: " + r.error().code + ": " + i18n::error_text(r.error(), out.lang)) << '\n';
            failures.push_back({t, r.error()});
        }
    }
    std::vector<std::pair<std::string, Error>> findings_only;
    for (const auto& [source, e] : collector.problems()) {
        if (e.code == "unreadable_certificate" || e.code == "metadata_misplaced_entity") findings_only.emplace_back(source, e);
        else {
            std::cerr << util::visible("ssoctl: " + e.code + ": " + source + ": " + i18n::error_text(Error{e.code, e.message, {}, e.ja}, out.lang)) << '\n';
            failures.push_back({source, e});
        }
    }
    x509::ExpiryRun run = x509::check_all(collector, policy, std::move(failures));
    for (const auto& [source, e] : findings_only) run.report.add(e).location = source;
    if (opts.strict) run.report.apply_strict();

    if (out.format == "json") {
        // streamed: a federation aggregate's certificates and findings never exist twice in memory
        nlohmann::json j = report::envelope_head("cert-expiry", run.report);
        j["summary"] = {{"certificates", run.certs.size()},
                        {"unique", run.unique},
                        {"ok", run.count(x509::Status::ok)},
                        {"expiring", run.count(x509::Status::expiring)},
                        {"expired", run.count(x509::Status::expired)},
                        {"not_yet_valid", run.count(x509::Status::not_yet_valid)},
                        {"weak", run.weak_count()},
                        {"unreadable_targets", run.failures.size()}};
        j["now"] = util::format_rfc3339(policy.now);
        j["warn_days"] = policy.warn_days;
        j["fail_days"] = policy.fail_days;
        report::write_object(std::cout, j,
                             {{"certificates", [&](const auto& emit) { for (const auto& c : run.certs) emit(x509::certificate_json(c)); }},
                              {"findings", report::findings_stream(run.report, out.lang)}});
        std::cout << '\n';
    } else if (out.format == "junit") {
        x509::junit(std::cout, run, out.lang);
    } else if (out.format == "prometheus") {
        x509::prometheus(std::cout, run);
    } else {
        auto text = out.text(std::cout);
        x509::render_table(text, run, opts.all || run.certs.size() <= x509::kListAll, opts.wide);
        if (!run.report.findings().empty()) {
            text << "\n";
            report::render_findings(text, run.report);
        }
        text << "\n";
        report::render_verdict(text, run.report);
        text << "\n";
    }
    if (!run.failures.empty()) return kExitRuntime;
    return exit_for(run.report);
}

}  // namespace

Registration register_cert_expiry(CLI::App& parent) {
    auto opts = std::make_shared<CertExpiryOptions>();
    CLI::App* app = parent.add_subcommand("cert-expiry", N_("Check certificate expiry in files, directories, SAML metadata and TLS endpoints"));
    app->add_option("targets", opts->targets,
                    N_("PEM/DER/PKCS#12 file, directory (recursive), SAML metadata file or URL, https://host[:port], or '-' for stdin"))
        ->type_name("TARGET");
    app->add_option("--warn-days", opts->warn_days, N_("warn (cert_expiring) when fewer days are left (default 30)"))->type_name("N");
    app->add_option("--fail-days", opts->fail_days, N_("error when fewer days are left (default 0: only expired certificates fail)"))->type_name("N");
    app->add_option("--now", opts->now, N_("evaluate as of this RFC 3339 moment instead of the clock"))->type_name("TIME");
    app->add_option("--password-file", opts->password_file, N_("file holding the PKCS#12 password ('-' for stdin)"))->type_name("FILE");
    add_timeout(app, opts->timeout, N_("network timeout in seconds for URLs and TLS endpoints (default 10)"));
    app->add_option("--ca-file", opts->ca_file, N_("extra trusted CA certificates (PEM) for metadata URLs"))->type_name("FILE");
    app->add_flag("--strict", opts->strict, N_("turn warnings (expiring, weak) into errors"));
    app->add_flag("--all", opts->all, N_("text: list every certificate (by default, more than 100 lists only the ones with problems)"));
    app->add_flag("--wide", opts->wide, N_("text: whole subjects and locations (by default the table fits 100 columns)"));
    add_common(app, opts->common, {"text", "json", "junit", "prometheus"});
    app->footer(
        N_("Targets are detected by content: PEM bundles (every certificate), DER, PKCS#12 (.p12/.pfx),\n"
        "SAML metadata (EntityDescriptor or aggregates of any size, streamed), directories (recursive;\n"
        "files that are not certificates are skipped), http(s) metadata URLs, https://host[:port] or\n"
        "tls://host:port TLS endpoints (the served chain, SNI from the host). Duplicates are parsed once.\n\n"
        "EXAMPLES\n"
        "  # every certificate of a PEM bundle, sorted by days left\n"
        "  ssoctl cert-expiry testdata/x509/bundle.pem\n\n"
        "  # the certificates of a federation aggregate, fail when fewer than 14 days are left\n"
        "  ssoctl cert-expiry --fail-days 14 testdata/metadata/federation.xml\n\n"
        "  # a PKCS#12 keystore\n"
        "  ssoctl cert-expiry --password-file testdata/x509/store.p12.pass testdata/x509/store.p12\n\n"
        "  # JUnit for a CI dashboard, Prometheus textfile for node-exporter\n"
        "  ssoctl cert-expiry --format junit testdata/x509/dir testdata/metadata/okta-idp.xml\n"
        "  ssoctl cert-expiry --format prometheus testdata/metadata/entra-idp.xml\n\n"
        "EXIT STATUS\n  0 nothing expired (or within --fail-days)   1 an error finding   2 usage error\n"
        "  3 a target could not be read or reached (the others are still reported)"));
    return {app, [opts] { return run_cert_expiry(*opts); }};
}

}  // namespace ssoctl::cmd
