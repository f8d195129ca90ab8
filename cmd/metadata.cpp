// ssoctl metadata: what an IdP/SP metadata document (or a federation aggregate) says, and what is wrong with it.
#include <iostream>

#include <unistd.h>

#include "commands.hpp"
#include "common.hpp"
#include "metadata/fetch.hpp"
#include "dsig/trust_store.hpp"
#include "metadata/lint.hpp"
#include "metadata/signature.hpp"
#include "i18n/i18n.hpp"
#include "report/findings.hpp"
#include "report/json_stream.hpp"
#include "util/strings.hpp"
#include "util/width.hpp"
#include "x509/expiry.hpp"

namespace ssoctl::cmd {
namespace {

struct MetadataOptions {
    CommonOptions common;
    std::string input;
    std::vector<std::string> entity_ids;
    std::string binding;
    int warn_days = 30;
    std::string now;
    double timeout = 30;
    std::string ca_file;
    bool strict = false;
    std::vector<std::string> md_certs;
};

nlohmann::json endpoints_json(const std::vector<metadata::Endpoint>& eps) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : eps) {
        nlohmann::json j = {{"binding", e.binding}, {"location", e.location}};
        if (e.index) j["index"] = *e.index;
        if (e.is_default) j["is_default"] = true;
        a.push_back(std::move(j));
    }
    return a;
}

nlohmann::json entity_json(const metadata::EntitySummary& s, const x509::Policy& p) {
    const auto& e = s.entity;
    nlohmann::json roles = nlohmann::json::array(), certs = nlohmann::json::array(), sso = nlohmann::json::array(),
                   acs = nlohmann::json::array(), slo = nlohmann::json::array(), formats = nlohmann::json::array();
    for (const auto& r : e.roles) {
        roles.push_back(r.kind);
        for (auto& x : endpoints_json(r.sso)) sso.push_back(std::move(x));
        for (auto& x : endpoints_json(r.acs)) acs.push_back(std::move(x));
        for (auto& x : endpoints_json(r.slo)) slo.push_back(std::move(x));
        for (const auto& f : r.name_id_formats) formats.push_back(f);
    }
    for (const auto& c : s.certs) {
        nlohmann::json j = {{"role", c.role}, {"use", c.use.empty() ? "both" : c.use}};
        if (c.info) {
            j.update({{"subject", c.info->subject},
                      {"issuer", c.info->issuer},
                      {"serial", c.info->serial},
                      {"sha256", c.info->sha256},
                      {"sha1", c.info->sha1},
                      {"not_before", util::format_rfc3339(c.info->not_before)},
                      {"not_after", util::format_rfc3339(c.info->not_after)},
                      {"days_left", x509::days_left(*c.info, p.now)},
                      {"status", x509::status_name(x509::status_of(*c.info, p))},
                      {"key_type", c.info->key_type},
                      {"key_bits", c.info->key_bits},
                      {"signature_algorithm", c.info->signature_algorithm}});
        } else {
            j["status"] = "unreadable";
        }
        certs.push_back(std::move(j));
    }
    auto opt = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
    return {{"entity_id", e.entity_id},
            {"display_name", opt(e.display_name)},
            {"roles", roles},
            {"certificates", certs},
            {"sso_services", sso},
            {"acs_services", acs},
            {"slo_services", slo},
            {"name_id_formats", formats},
            {"valid_until", opt(e.valid_until.empty() ? e.inherited_valid_until : e.valid_until)},
            {"cache_duration", opt(e.cache_duration)},
            {"errors", s.errors},
            {"warnings", s.warnings}};
}

std::string status_text(x509::Status s, diag::Lang lang) {
    switch (s) {
        case x509::Status::ok: return i18n::tr(N_("ok"), lang);
        case x509::Status::expiring: return i18n::tr(N_("expiring"), lang);
        case x509::Status::expired: return i18n::tr(N_("expired"), lang);
        case x509::Status::not_yet_valid: return i18n::tr(N_("not_yet_valid"), lang);
    }
    return std::string(x509::status_name(s));
}

std::string use_text(const std::string& use, diag::Lang lang) {
    if (use.empty()) return i18n::tr(N_("both"), lang);
    if (use == "signing") return i18n::tr(N_("signing"), lang);
    if (use == "encryption") return i18n::tr(N_("encryption"), lang);
    return use;
}

/** "2026-01-30 (15 d)": the date and the whole days left (negative: past). */
std::string date_and_days(util::UnixTime when, util::UnixTime now, diag::Lang lang) {
    return util::format_rfc3339(when).substr(0, 10) + " (" + i18n::trf(N_("{} d"), lang, {std::to_string(util::days_between(now, when))}) + ")";
}

std::string cert_line(const metadata::EntityCert& c, const x509::Policy& p, diag::Lang lang) {
    size_t use_width = 10;
    for (const char* u : {"", "signing", "encryption"}) use_width = std::max(use_width, util::display_width(use_text(u, lang)));
    const std::string use = util::pad_to_width(use_text(c.use, lang), use_width) + " ";
    if (!c.info) return use + i18n::tr(N_("unreadable"), lang);
    const std::string status = util::pad_to_width(status_text(x509::status_of(*c.info, p), lang), 8) + " ";
    return use + status + date_and_days(c.info->not_after, p.now, lang) + "  " + c.info->key_type + " " + std::to_string(c.info->key_bits) + "  " +
           c.info->subject + "  sha256:" + c.info->sha256.substr(0, 16) + "…";
}

void render_entity(report::TextOut& out, const metadata::EntitySummary& s, const x509::Policy& p) {
    using report::Style;
    const diag::Lang lang = out.lang();
    const auto& e = s.entity;
    out.styled(Style::bold, i18n::tr(N_("Entity"), lang) + " ");
    out.styled(Style::value, util::visible(e.entity_id));
    out << "\n";
    if (!e.display_name.empty()) out.field(i18n::tr(N_("name"), lang), e.display_name);
    const std::string vu = e.valid_until.empty() ? e.inherited_valid_until : e.valid_until;
    if (!vu.empty()) out.field(i18n::tr(N_("valid until"), lang), vu);
    if (!e.cache_duration.empty()) out.field(i18n::tr(N_("cache"), lang), e.cache_duration);
    for (size_t ri = 0; ri < e.roles.size(); ++ri) {
        const metadata::Role& r = e.roles[ri];
        out << "  ";
        out.styled(Style::bold, r.kind == "idp" ? "IdP" : r.kind == "sp" ? "SP" : r.kind);
        out << " (" << r.element << (r.type.empty() ? "" : " " + util::visible(r.type)) << ")\n";
        for (const auto& ep : r.sso) out.field("  SSO", metadata::short_binding(ep.binding) + "  " + ep.location);
        for (const auto& ep : r.acs) {
            out.field("  ACS", metadata::short_binding(ep.binding) + "  " + ep.location +
                                   (ep.index ? "  " + i18n::trf(N_("index {}"), lang, {std::to_string(*ep.index)}) : "") +
                                   (ep.is_default ? " " + i18n::tr(N_("(default)"), lang) : ""));
        }
        for (const auto& ep : r.slo) out.field("  SLO", metadata::short_binding(ep.binding) + "  " + ep.location);
        for (const auto& f : r.name_id_formats) out.field("  NameID", f);
        if (r.want_authn_requests_signed) {
            out.field("  " + i18n::tr(N_("signed req"), lang), i18n::tr(*r.want_authn_requests_signed ? N_("wanted") : N_("not required"), lang));
        }
        if (r.authn_requests_signed) out.field("  " + i18n::tr(N_("signs req"), lang), i18n::tr(*r.authn_requests_signed ? N_("yes") : N_("no"), lang));
        for (const auto& c : s.certs) {
            if (c.role_index != ri) continue;
            out.field("  " + i18n::tr(N_("cert"), lang), cert_line(c, p, lang));
            // The SHA-1 thumbprint, whole: what the Entra and ADFS consoles show to pick a certificate
            if (c.info) out.field("  " + i18n::tr(N_("thumbprint"), lang), util::to_upper(c.info->sha1));
        }
    }
}

/** One line per entity; columns as wide as their widest cell (display width), two spaces apart. */
void render_table(report::TextOut& out, const std::vector<metadata::EntitySummary>& all, const x509::Policy& p) {
    const diag::Lang lang = out.lang();
    struct Row {
        std::string roles, certs, when, issues, entity;
        report::Style style;
    };
    std::vector<Row> rows;
    rows.reserve(all.size());
    for (const auto& s : all) {
        std::vector<std::string> kinds;
        for (const auto& r : s.entity.roles) kinds.push_back(r.kind);
        util::UnixTime earliest = 0;
        for (const auto& c : s.certs) {
            if (c.info && (!earliest || c.info->not_after < earliest)) earliest = c.info->not_after;
        }
        std::string issues = s.errors ? i18n::trf(N_("{}E"), lang, {std::to_string(s.errors)}) : "";
        if (s.warnings) issues += (issues.empty() ? "" : " ") + i18n::trf(N_("{}W"), lang, {std::to_string(s.warnings)});
        if (issues.empty()) issues = "-";
        rows.push_back({util::join(kinds, ","), std::to_string(s.certs.size()), earliest ? date_and_days(earliest, p.now, lang) : "-", issues,
                        util::visible(s.entity.entity_id),
                        s.errors ? report::Style::error : s.warnings ? report::Style::warning : report::Style::ok});
    }
    const Row head{i18n::tr(N_("ROLES"), lang), i18n::tr(N_("CERTS"), lang), i18n::tr(N_("EARLIEST NOT AFTER"), lang), i18n::tr(N_("ISSUES"), lang),
                   i18n::tr(N_("ENTITY ID"), lang), report::Style::bold};
    auto width = [&](std::string Row::*cell) {
        size_t w = util::display_width(head.*cell);
        for (const auto& r : rows) w = std::max(w, util::display_width(r.*cell));
        return w;
    };
    const size_t w_roles = width(&Row::roles), w_certs = width(&Row::certs), w_when = width(&Row::when), w_issues = width(&Row::issues);
    const std::string gap = "  ";
    out.styled(report::Style::bold, util::pad_to_width(head.roles, w_roles) + gap + util::pad_to_width(head.certs, w_certs) + gap +
                                        util::pad_to_width(head.when, w_when) + gap + util::pad_to_width(head.issues, w_issues) + gap + head.entity);
    out << "\n";
    for (const auto& r : rows) {
        out << util::pad_to_width(r.roles, w_roles) << gap << util::pad_to_width(r.certs, w_certs) << gap << util::pad_to_width(r.when, w_when) << gap;
        out.styled(r.style, util::pad_to_width(r.issues, w_issues));
        out << gap << r.entity << "\n";
    }
}

std::string signature_words(const metadata::Document& doc, const std::optional<metadata::SignatureCheck>& sig, diag::Lang lang) {
    if (!sig) {
        if (doc.signed_root) return i18n::tr(N_(", signed (not verified; pass --md-cert)"), lang);
        return i18n::tr(doc.signatures_elsewhere ? N_(", signed only inside (no signature covers the whole document)") : N_(", unsigned"), lang);
    }
    if (!sig->present) return i18n::tr(N_(", unsigned"), lang);
    return sig->verified ? i18n::trf(N_(", signature verified by {}"), lang, {util::visible(sig->verified_by)}) : i18n::tr(N_(", signature NOT verified"), lang);
}

/** The failure for --entity-id values the document does not hold, in both languages. */
Error no_such_entity(const std::vector<std::string>& ids, const std::string& source, size_t total) {
    const std::string listed = util::join(ids, "', '"), n = std::to_string(total);
    auto in = [&](diag::Lang lang) {
        return i18n::fmt(i18n::trn("no entity '{}' in '{}' ({} entity)", "no entity '{}' in '{}' ({} entities)", total, lang), {listed, source, n});
    };
    return Error{"malformed_input", in(diag::Lang::en), {}, in(diag::Lang::ja)};
}

int run_metadata(MetadataOptions opts) {
    const Output out = resolve(opts.common);
    x509::Policy policy;
    policy.now = resolve_now(opts.now);
    policy.warn_days = opts.warn_days;
    if (opts.input.empty() && isatty(STDIN_FILENO)) throw UsageError(i18n::tr(N_("no input: give a metadata FILE or URL, or '-' for stdin"), out.lang));
    const std::string source = opts.input.empty() ? "-" : opts.input;
    metadata::Linter linter({policy, opts.binding, source});
    diag::Report report;
    std::vector<metadata::EntitySummary> shown;
    size_t total = 0;
    auto on_entity = [&](metadata::Entity&& e) {
        ++total;
        if (!opts.entity_ids.empty() && std::find(opts.entity_ids.begin(), opts.entity_ids.end(), e.entity_id) == opts.entity_ids.end()) return;
        shown.push_back(linter.lint(std::move(e), report));
    };
    dsig::TrustStore md_trust;
    for (const auto& path : opts.md_certs) {
        auto bytes = read_file(path);
        if (!bytes) return fail_run(bytes.error(), "metadata", out);
        if (auto ok = dsig::add_cert_file(md_trust, "--md-cert " + path, *bytes); !ok) return fail_run(ok.error(), "metadata", out);
    }
    Result<metadata::Document> doc = fail("io_error", "no input");
    std::string body;  // kept only when the signature must be verified (xmlsec needs the whole tree)
    if (metadata::is_url(source)) {
        metadata::FetchOptions fo;
        fo.timeout_ms = static_cast<long>(opts.timeout * 1000);
        fo.ca_file = opts.ca_file;
        auto fetched = metadata::fetch(source, fo);
        if (!fetched) return fail_run(fetched.error(), "metadata", out);
        body = std::move(*fetched);
        doc = metadata::read_memory(body, on_entity);
    } else if (!opts.md_certs.empty()) {
        // the signature needs the whole document in memory: check the per-node caps first, streaming
        if (source != "-") {
            if (auto ok = metadata::prescan_file(source); !ok) return fail_run(ok.error(), "metadata", out);
        }
        auto bytes = read_file(source, 512u << 20);
        if (!bytes) return fail_run(bytes.error(), "metadata", out);
        body = std::move(*bytes);
        doc = metadata::read_memory(body, on_entity);
    } else {
        doc = metadata::read_file(source, on_entity);
    }
    if (!doc) return fail_run(doc.error(), "metadata", out);
    std::optional<metadata::SignatureCheck> signature;
    diag::Report sig_report;
    if (!opts.md_certs.empty()) {
        auto checked = metadata::verify_signature(body, md_trust, sig_report);
        if (!checked) return fail_run(checked.error(), "metadata", out);
        signature = *checked;
    }
    if (!opts.entity_ids.empty() && shown.empty()) {
        return fail_run(no_such_entity(opts.entity_ids, source, total), "metadata", out);
    }
    diag::Report doc_report = std::move(sig_report);
    linter.lint_document(*doc, doc_report);
    doc_report.append(report);
    report = std::move(doc_report);
    if (opts.strict) report.apply_strict();

    if (out.json()) {
        nlohmann::json j = report::envelope_head("metadata", report);
        auto opt = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
        j["document"] = {{"source", source},        {"aggregate", doc->aggregate},          {"name", opt(doc->name)},
                         {"valid_until", opt(doc->valid_until)}, {"cache_duration", opt(doc->cache_duration)},
                         {"signed", doc->signed_root}, {"entities", doc->entities}};
        j["document"]["signature"] = signature ? nlohmann::json{{"present", signature->present}, {"verified", signature->verified},
                                                                {"verified_by", opt(signature->verified_by)}, {"algorithm", opt(signature->algorithm)}}
                                               : nlohmann::json(nullptr);
        // streamed: an aggregate's entities and findings are never a second time in memory
        report::write_object(std::cout, j,
                             {{"entities", [&](const auto& emit) { for (const auto& s : shown) emit(entity_json(s, policy)); }},
                              {"findings", report::findings_stream(report, out.lang)}});
        std::cout << '\n';
        return exit_for(report);
    }
    auto text = out.text(std::cout);
    if (doc->aggregate) {
        text.styled(report::Style::bold, i18n::tr(N_("Aggregate"), out.lang) + " ");
        text << i18n::fmt(i18n::trn("{}: {} entity", "{}: {} entities", doc->entities, out.lang),
                          {util::visible(doc->name.empty() ? source : doc->name), std::to_string(doc->entities)});
        if (!doc->valid_until.empty()) text << i18n::trf(N_(", valid until {}"), out.lang, {doc->valid_until});
        if (!doc->cache_duration.empty()) text << i18n::trf(N_(", cache {}"), out.lang, {doc->cache_duration});
        text << signature_words(*doc, signature, out.lang) << "\n\n";
    } else if (signature) {
        text << i18n::tr(N_("Metadata"), out.lang) << signature_words(*doc, signature, out.lang) << "\n\n";
    }
    if (shown.size() == 1 || !opts.entity_ids.empty()) {
        for (const auto& s : shown) {
            render_entity(text, s, policy);
            text << "\n";
        }
    } else {
        render_table(text, shown, policy);
        text << "\n";
    }
    if (!report.findings().empty()) {
        report::render_findings(text, report);
        text << "\n";
    }
    report::render_verdict(text, report);
    text << "\n";
    return exit_for(report);
}

}  // namespace

Registration register_metadata(CLI::App& parent) {
    auto opts = std::make_shared<MetadataOptions>();
    CLI::App* app = parent.add_subcommand("metadata", N_("Inspect and lint SAML IdP/SP metadata, single entity or federation aggregate"));
    app->add_option("input", opts->input, N_("metadata file, http(s) URL, or '-' / nothing for stdin"))->type_name("FILE|URL");
    app->add_option("--entity-id", opts->entity_ids, N_("show only this entity (repeatable)"))->type_name("ID")->allow_extra_args(false);
    app->add_option("--binding", opts->binding, N_("the SSO binding the SP needs: redirect|post (missing_sso_binding when the IdP lacks it)"))
        ->check(CLI::IsMember({"redirect", "post"}))
        ->type_name("BINDING");
    app->add_option("--warn-days", opts->warn_days, N_("cert_expiring when a certificate has fewer days left (default 30)"))->type_name("N");
    app->add_option("--now", opts->now, N_("evaluate validUntil and certificates as of this RFC 3339 moment"))->type_name("TIME");
    add_timeout(app, opts->timeout, N_("network timeout in seconds for URLs (default 30)"));
    app->add_option("--ca-file", opts->ca_file, N_("extra trusted CA certificates (PEM) for https URLs"))->type_name("FILE");
    app->add_flag("--strict", opts->strict, N_("turn warnings into errors"));
    app->add_option("--md-cert", opts->md_certs, N_("verify the metadata signature with this certificate, PEM or DER (repeatable)"))->type_name("FILE")->allow_extra_args(false);
    add_common(app, opts->common);
    app->footer(
        N_("Reads EntityDescriptor and EntitiesDescriptor documents of any size in one streaming pass\n"
        "(no DTD, no entities, no network while parsing). One entity: details; aggregates: a table.\n\n"
        "EXAMPLES\n"
        "  # what an Okta IdP metadata file says\n"
        "  ssoctl metadata testdata/metadata/okta-idp.xml\n\n"
        "  # a federation aggregate as a table, then one entity of it\n"
        "  ssoctl metadata testdata/metadata/federation.xml\n"
        "  ssoctl metadata --entity-id https://sp.wiki.example/sp testdata/metadata/federation.xml\n\n"
        "  # the SP posts its AuthnRequests: does the IdP offer HTTP-POST?\n"
        "  ssoctl metadata --binding post testdata/metadata/lint/redirect-only.xml\n\n"
        "  # a federation aggregate whose signature must verify with the operator's certificate\n"
        "  ssoctl metadata --md-cert testdata/metadata/signed/md-signer.crt testdata/metadata/signed/federation-signed.xml\n\n"
        "  # JSON for scripts\n"
        "  ssoctl metadata --format json testdata/metadata/entra-idp.xml\n\n"
        "EXIT STATUS\n  0 no errors   1 error findings   2 usage error   3 the metadata could not be read or parsed"));
    return {app, [opts] { return run_metadata(*opts); }};
}

}  // namespace ssoctl::cmd
