// ssoctl scim-probe: will this SCIM tenant work with Okta and Entra ID, and why not. The signal
// handler lives here; lib/scim only polls the cancellation flag and cleans up.
#include <atomic>
#include <csignal>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "report/findings.hpp"
#include "scim/http.hpp"
#include "scim/probe.hpp"
#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::cmd {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_signal(int) { g_cancel.store(true); }

struct ScimProbeOptions {
    CommonOptions common;
    std::string base_url;
    std::string token_file;
    std::string auth = "bearer";
    std::string as = "generic";
    bool write = false;
    bool cleanup = false;
    std::string user_domain = "example.com";
    int concurrency = 1;
    double timeout = 10;
    double retry_budget = 30;
    std::string cacert;
    bool insecure = false;
    bool verbose = false;
    bool show_pii = false;
    std::string http_version = "auto";
};

std::string read_token(const ScimProbeOptions& o, std::string& source, diag::Lang lang) {
    std::string token;
    if (!o.token_file.empty()) {
        auto t = read_file(o.token_file, 64 * 1024);
        if (!t) throw UsageError("--token-file: " + i18n::error_text(t.error(), lang));
        token = *t;
        source = o.token_file == "-" ? "stdin (--token-file -)" : "--token-file " + util::visible(o.token_file);
    } else if (const char* env = std::getenv("SSOCTL_SCIM_TOKEN")) {
        token = env;
        source = "SSOCTL_SCIM_TOKEN";
    }
    token = std::string(util::trim(token));
    if (token.empty()) throw UsageError(i18n::tr(N_("no token: give --token-file FILE (or '-') or set SSOCTL_SCIM_TOKEN"), lang));
    return token;
}

std::string xml_escape(std::string_view s) {
    std::string o;
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            default: o += (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') ? ' ' : c;
        }
    }
    return o;
}

std::string render_junit(const scim::ProbeResult& r, const ScimProbeOptions& o, diag::Lang lang) {
    size_t failures = 0, skipped = 0;
    for (const auto& c : r.checks) {
        failures += c.status == scim::Status::fail;
        skipped += c.status == scim::Status::skip;
    }
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"ssoctl scim-probe " << xml_escape(o.as)
      << "\" tests=\"" << r.checks.size() << "\" failures=\"" << failures << "\" skipped=\"" << skipped << "\" errors=\"0\">\n";
    for (const auto& c : r.checks) {
        x << "  <testcase classname=\"scim-probe." << xml_escape(o.as) << "\" name=\"" << xml_escape(c.id + " " + c.title.in(lang)) << "\">";
        const std::string detail = c.detail.in(lang);
        const std::string code = c.code ? std::string(diag::name(*c.code)) : "";
        if (c.status == scim::Status::fail) x << "\n    <failure type=\"" << code << "\" message=\"" << xml_escape(detail) << "\">" << xml_escape(c.request) << "</failure>\n  ";
        else if (c.status == scim::Status::skip) x << "<skipped message=\"" << xml_escape(detail) << "\"/>";
        else if (c.status == scim::Status::warn) x << "<system-out>warning " << code << ": " << xml_escape(detail) << "</system-out>";
        x << "</testcase>\n";
    }
    x << "</testsuite>\n</testsuites>\n";
    return x.str();
}

std::string render_json(const scim::ProbeResult& r, const ScimProbeOptions& o, const Output& out) {
    nlohmann::json j = report::envelope("scim-probe", r.report, out.lang);
    j["target"] = {{"base_url", o.base_url}, {"as", o.as}, {"write", o.write}};
    if (o.write) j["target"]["prefix"] = r.prefix;  // read-only runs create nothing: keep their output stable
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.checks) {
        checks.push_back({{"id", c.id}, {"title", c.title.in(out.lang)}, {"request", c.request}, {"status", scim::status_name(c.status)},
                          {"code", c.code ? nlohmann::json(diag::name(*c.code)) : nlohmann::json(nullptr)}, {"detail", c.detail.in(out.lang)}});
    }
    j["checks"] = checks;
    nlohmann::json left = nlohmann::json::array();
    for (const auto& l : r.leftovers) left.push_back({{"kind", l.kind}, {"id", l.id}, {"name", l.name}, {"reason", l.reason.en}});
    j["leftovers"] = left;
    j["removed"] = r.removed;
    j["interrupted"] = r.interrupted;
    j["unreachable"] = r.unreachable;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_text(const scim::ProbeResult& r, const ScimProbeOptions& o, const Output& out, bool cleanup_mode) {
    std::ostringstream os;
    auto text = out.text(os);
    const diag::Lang lang = out.lang;
    if (cleanup_mode) {
        text.styled(report::Style::bold, "scim-probe --cleanup " + util::visible(o.base_url) + "\n");
        if (r.removed.empty() && r.leftovers.empty() && !r.unreachable) text << (i18n::tr("  no leftovers found\n", lang));
    } else {
        const std::string mode = i18n::trf(o.write ? N_(" as {} (--write)") : N_(" as {} (read-only)"), lang, {o.as});
        text.styled(report::Style::bold, "scim-probe " + util::visible(o.base_url) + mode + "\n");
        for (const auto& c : r.checks) {
            report::Style st = report::Style::ok;
            std::string mark = "✓ " + i18n::tr(N_("pass"), lang);
            if (c.status == scim::Status::fail) st = report::Style::error, mark = "✗ " + i18n::tr(N_("fail"), lang);
            else if (c.status == scim::Status::warn) st = report::Style::warning, mark = "! " + i18n::tr(N_("warn"), lang);
            else if (c.status == scim::Status::skip) st = report::Style::dim, mark = "- " + i18n::tr(N_("skip"), lang);
            text << "  ";
            text.styled(st, mark);
            text << "  " << c.id << std::string(c.id.size() < 4 ? 4 - c.id.size() : 0, ' ') << " " << c.title.in(out.lang);
            const std::string d = c.detail.in(out.lang);
            if (!d.empty()) text.styled(report::Style::dim, " — " + util::visible(d));
            text << "\n";
        }
    }
    for (const auto& rm : r.removed) text << (i18n::tr("  removed ", lang)) << util::visible(rm) << "\n";
    for (const auto& l : r.leftovers) text << (i18n::tr("  LEFT BEHIND ", lang)) << l.kind << "/" << util::visible(l.id) << " (" << util::visible(l.name) << ")\n";
    if (r.interrupted && r.leftovers.empty()) text.styled(report::Style::warning, i18n::tr("interrupted (cleaned up)\n", lang));
    else if (r.interrupted) text.styled(report::Style::warning, i18n::tr("interrupted (cleanup incomplete: see LEFT BEHIND)\n", lang));
    text << "\n";
    report::render_findings(text, r.report);
    report::render_verdict(text, r.report, o.base_url);
    return os.str();
}

int run_scim_probe(const ScimProbeOptions& o) {
    const Output out = resolve(o.common);
    if (o.common.format == "junit" && o.common.json) throw UsageError(i18n::tr(N_("--json and --format junit exclude each other"), out.lang));
    const std::string format = o.common.json ? "json" : o.common.format;
    if (!util::starts_with(o.base_url, "https://") && !util::starts_with(o.base_url, "http://")) {
        throw UsageError(i18n::trf(N_("--base-url: '{}' is not an http(s) URL"), out.lang, {util::visible(o.base_url)}));
    }
    if (o.auth != "bearer" && o.auth != "basic" && !(util::starts_with(o.auth, "header:") && o.auth.size() > 7)) {
        throw UsageError(i18n::tr(N_("--auth: expected bearer, basic or header:NAME"), out.lang));
    }
    if (o.write && o.cleanup) throw UsageError(i18n::tr(N_("--write and --cleanup exclude each other"), out.lang));
    std::string token_source;
    const std::string token = read_token(o, token_source, out.lang);

    scim::ProbeOptions p;
    p.base_url = o.base_url;
    p.token = token;
    p.token_source = token_source;
    p.auth = o.auth;
    p.as = *scim::idp_from_name(o.as);
    p.write = o.write;
    p.user_domain = o.user_domain;
    p.concurrency = o.concurrency;
    p.timeout_ms = static_cast<long>(o.timeout * 1000);
    p.retry_budget_ms = static_cast<long>(o.retry_budget * 1000);
    p.cacert = o.cacert;
    p.insecure = o.insecure;
    p.http_version = o.http_version;
    p.show_pii = o.show_pii;
    p.cancel = &g_cancel;
    const std::vector<std::string> secrets = {token};
    if (o.verbose) p.trace = [&](const std::string& t) { std::cerr << scim::redact(t, secrets) << std::flush; };
    if (o.insecure) std::cerr << "ssoctl: " << i18n::tr(N_("warning: --insecure: TLS certificates are not verified"), out.lang) << "\n";

    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    const scim::ProbeResult r = o.cleanup ? scim::run_cleanup(p) : scim::run_probe(p);
    // From here the report is final: a late signal must not turn its exit status into 130 while it says "interrupted": false.
    sa.sa_handler = SIG_IGN;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    std::string rendered;
    if (format == "json") rendered = render_json(r, o, out);
    else if (format == "junit") rendered = render_junit(r, o, out.lang);
    else rendered = render_text(r, o, out, o.cleanup);
    std::cout << scim::redact(rendered, secrets) << std::flush;
    if (r.interrupted) return kExitInterrupted;
    if (r.unreachable) return kExitRuntime;
    return exit_for(r.report);
}

}  // namespace

Registration register_scim_probe(CLI::App& parent) {
    auto opts = std::make_shared<ScimProbeOptions>();
    CLI::App* app = parent.add_subcommand("scim-probe", N_("Probe a SCIM 2.0 tenant: what breaks with Okta and Entra ID (read-only unless --write)"));
    app->add_option("--base-url", opts->base_url, N_("SCIM root, e.g. https://app.example.com/scim/v2"))->required()->type_name("URL");
    app->add_option("--token-file", opts->token_file, N_("file holding the token ('-' for stdin); else env SSOCTL_SCIM_TOKEN"))->type_name("FILE");
    app->add_option("--auth", opts->auth, N_("how the token is sent: bearer|basic (token is user:password)|header:NAME"))->type_name("MODE");
    app->add_option("--as", opts->as, N_("whose request shapes to send: generic|okta|entra"))->check(CLI::IsMember({"generic", "okta", "entra"}))->type_name("IDP");
    app->add_flag("--write", opts->write, N_("also create, change and delete test users and groups (ssoctl-probe-<random>)"));
    app->add_flag("--cleanup", opts->cleanup, N_("find and delete ssoctl-probe-* users and groups left by earlier runs"));
    app->add_option("--user-domain", opts->user_domain, N_("domain of test users' userName and email (default example.com)"))->type_name("DOMAIN");
    app->add_option("--concurrency", opts->concurrency, N_("requests in flight for fan-out steps (discovery reads, method probes; default 1); checks stay in order"))->check(CLI::Range(1, 16))->type_name("N");
    add_timeout(app, opts->timeout, N_("seconds per request (default 10)"));
    app->add_option("--retry-budget", opts->retry_budget, N_("total seconds to wait out Retry-After on 429 (default 30)"))->check(CLI::Range(0.0, 600.0))->type_name("S");
    app->add_option("--cacert", opts->cacert, N_("PEM file of CAs to trust for the tenant's TLS certificate"))->type_name("FILE");
    app->add_flag("--insecure", opts->insecure, N_("do not verify the TLS certificate (reported on stderr)"));
    app->add_option("--http", opts->http_version, N_("HTTP version: auto (h2 via ALPN, else 1.1)|1.1|2"))->check(CLI::IsMember({"auto", "1.1", "2"}))->type_name("VER");
    app->add_flag("--verbose,-v", opts->verbose, N_("trace every request and response on stderr (token and cookies redacted)"));
    app->add_flag("--show-pii", opts->show_pii, N_("show tenant users' names and emails unmasked"));
    add_common(app, opts->common, {"text", "json", "junit"});
    app->footer(
        N_("Read-only unless --write. Test objects are named ssoctl-probe-<random>-… and deleted at the end,\n"
        "also on failure, timeout and SIGINT/SIGTERM (then exit 130). The token is never printed.\n\n"
        "EXAMPLES\n"
        "  # read-only probe with Entra ID's request shapes\n"
        "  SSOCTL_SCIM_TOKEN=secret ssoctl scim-probe --base-url https://app.example.com/scim/v2 --as entra\n\n"
        "  # full create/update/delete round as Okta sends it, as JUnit for CI\n"
        "  ssoctl scim-probe --base-url https://app.example.com/scim/v2 --token-file token.txt --as okta --write --format junit\n\n"
        "  # remove leftovers of interrupted runs\n"
        "  ssoctl scim-probe --base-url https://app.example.com/scim/v2 --token-file token.txt --cleanup\n\n"
        "  # an unreachable tenant (exit 3)\n"
        "  SSOCTL_SCIM_TOKEN=x ssoctl scim-probe --base-url http://127.0.0.1:9/scim/v2\n\n"
        "EXIT STATUS\n  0 no failed check   1 failed checks   2 usage error   3 unreachable or not SCIM   130 interrupted (after cleanup)"));
    return {app, [opts] { return run_scim_probe(*opts); }};
}

}  // namespace ssoctl::cmd
