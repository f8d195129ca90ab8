// Lint rules for one EntityDescriptor at a time, so aggregates of any size lint in one streaming pass.
#include "metadata/lint.hpp"

#include <algorithm>

#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::metadata {
namespace {

std::string where(const LintOptions& o, const Entity& e, size_t line = 0) {
    return o.source + ":" + std::to_string(line ? line : e.line) + " (entity '" + util::visible(e.entity_id) + "')";
}

void check_valid_until(const std::string& value, const diag::Text& what, const std::string& location, const LintOptions& o,
                       diag::Report& report) {
    if (value.empty()) return;
    auto t = util::parse_rfc3339(value);
    if (!t) {
        auto& f = report.add(diag::Code::malformed_input, i18n::text(N_("{} validUntil '{}' is not a valid time"), {what, {util::visible(value), {}}}));
        f.location = location;
        return;
    }
    if (*t <= o.policy.now) {
        auto& f = report.add(diag::Code::metadata_expired,
                             i18n::text(N_("{} expired at {} ({})"), {what, {value, {}}, {util::relative(*t, o.policy.now), util::relative_ja(*t, o.policy.now)}}));
        f.location = location;
        f.actual = value;
    }
}

void check_endpoints(const std::vector<Endpoint>& eps, std::string_view tag, const Entity& e, const LintOptions& o, diag::Report& report) {
    for (const auto& ep : eps) {
        if (util::starts_with(util::to_lower(ep.location), "http://")) {
            auto& f = report.add(diag::Code::insecure_endpoint,
                                 i18n::text(N_("{} of '{}' uses plain http: {}"), {{std::string(tag), {}}, {util::visible(e.entity_id), {}}, {util::visible(ep.location), {}}}));
            f.location = where(o, e);
            f.actual = ep.location;
            f.expected = "https://…";
        }
    }
}

}  // namespace

void Linter::lint_document(const Document& doc, diag::Report& report) {
    check_valid_until(doc.valid_until, doc.aggregate ? i18n::text(N_("the aggregate")) : i18n::text(N_("the metadata")), m_opts.source, m_opts, report);
    for (const auto& m : doc.misplaced) {
        const diag::Text id = m.entity_id.empty() ? i18n::text(N_("(no entityID)")) : diag::Text{"'" + util::visible(m.entity_id) + "'", {}};
        const std::string inside = m.inside.empty() ? std::string("another element") : util::visible(m.inside);
        const diag::Text inside_text = m.inside.empty() ? i18n::text(N_("another element")) : diag::Text{inside, {}};
        auto& f = report.add(diag::Code::metadata_misplaced_entity,
                             i18n::text(N_("an EntityDescriptor {} inside {} is not part of the metadata's entity list; it is ignored (never listed, never trusted)"), {id, inside_text}));
        f.location = m_opts.source + ":" + std::to_string(m.line);
        f.expect(i18n::text(N_("the root element, or a child of md:EntitiesDescriptor")));
        f.observe(i18n::text(N_("inside {}"), {{inside, inside}}));
    }
    if (doc.misplaced_total > doc.misplaced.size()) {
        const size_t n = doc.misplaced_total - doc.misplaced.size();
        const std::string more = std::to_string(n);
        auto in = [&](diag::Lang lang) {
            return i18n::fmt(i18n::trn("{} more misplaced EntityDescriptor was ignored", "{} more misplaced EntityDescriptors were ignored", n, lang), {more});
        };
        report.add(diag::Code::metadata_misplaced_entity, diag::Text{in(diag::Lang::en), in(diag::Lang::ja)}).location = m_opts.source;
    }
}

EntitySummary Linter::lint(Entity&& e, diag::Report& report) {
    const size_t before_err = report.count(diag::Severity::error), before_warn = report.count(diag::Severity::warning);
    EntitySummary s;
    const std::string loc = where(m_opts, e);
    const std::string id = util::visible(e.entity_id);
    if (e.entity_id.empty()) {
        report.add(diag::Code::missing_entity_id, i18n::text(N_("the EntityDescriptor has no entityID"))).location = loc;
    } else if (!m_seen.insert(e.entity_id).second) {
        report.add(diag::Code::duplicate_entity_id, i18n::text(N_("entityID '{}' appears more than once"), {{id, {}}}))
            .location = loc;
    }
    check_valid_until(e.valid_until, i18n::text(N_("entity '{}'"), {{id, {}}}), loc, m_opts, report);
    for (size_t ri = 0; ri < e.roles.size(); ++ri) {
        const Role& role = e.roles[ri];
        for (const auto& key : role.keys) {
            EntityCert c{role.kind, ri, key.use, key.line, nullptr};
            auto der = util::base64_decode(key.base64, 1u << 20);
            if (der) {
                if (auto info = m_certs.facts(*der)) c.info = *info;
            }
            if (!c.info) {
                auto& f = report.add(diag::Code::unreadable_certificate,
                                     key.use.empty() ? i18n::text(N_("a signing/encryption certificate of '{}' ({}) is not a readable X.509 certificate"), {{id, {}}, {role.kind, {}}})
                                                     : i18n::text(N_("a {} certificate of '{}' ({}) is not a readable X.509 certificate"), {{key.use, {}}, {id, {}}, {role.kind, {}}}));
                f.location = where(m_opts, e, key.line);
            }
            s.certs.push_back(std::move(c));
        }
        const std::string role_loc = loc + " " + role.element;
        if (role.kind == "idp") {
            bool signing = false;
            for (const auto& c : s.certs) signing = signing || (c.role == "idp" && c.info && (c.use.empty() || c.use == "signing"));
            if (!signing) {
                report.add(diag::Code::no_signing_cert, i18n::text(N_("IdP '{}' publishes no signing certificate"), {{id, {}}}))
                    .location = role_loc;
            }
            if (role.sso.empty()) {
                report.add(diag::Code::missing_sso_binding,
                           i18n::text(N_("IdP '{}' has no SingleSignOnService"), {{id, {}}}))
                    .location = role_loc;
            } else if (!m_opts.binding.empty()) {
                const std::string_view want = m_opts.binding == "post" ? kBindingPost : kBindingRedirect;
                bool found = false;
                std::vector<std::string> offered;
                for (const auto& ep : role.sso) {
                    found = found || ep.binding == want;
                    offered.push_back(short_binding(ep.binding));
                }
                if (!found) {
                    auto& f = report.add(diag::Code::missing_sso_binding,
                                         i18n::text(N_("IdP '{}' offers no {} SingleSignOnService"), {{id, {}}, {short_binding(want), {}}}));
                    f.location = role_loc;
                    f.expected = short_binding(want);
                    f.actual = util::join(offered, ", ");
                }
            }
        }
        if (role.kind == "sp") {
            if (role.acs.empty()) {
                report.add(diag::Code::missing_acs, i18n::text(N_("SP '{}' has no AssertionConsumerService"), {{id, {}}}))
                    .location = role_loc;
            }
            if (role.authn_requests_signed.value_or(false)) {
                bool signing = false;
                for (const auto& c : s.certs) signing = signing || (c.role == "sp" && c.info && (c.use.empty() || c.use == "signing"));
                if (!signing) {
                    report.add(diag::Code::no_signing_cert,
                               i18n::text(N_("SP '{}' signs its AuthnRequests but publishes no signing certificate"), {{id, {}}}))
                        .location = role_loc;
                }
            }
        }
        check_endpoints(role.sso, "SingleSignOnService", e, m_opts, report);
        check_endpoints(role.acs, "AssertionConsumerService", e, m_opts, report);
        check_endpoints(role.slo, "SingleLogoutService", e, m_opts, report);
    }
    // Certificates: each distinct one once per entity, with rotation awareness among same-use keys.
    std::vector<std::string> done;
    for (const auto& c : s.certs) {
        if (!c.info || std::find(done.begin(), done.end(), c.info->sha256) != done.end()) continue;
        done.push_back(c.info->sha256);
        std::vector<const x509::CertInfo*> peers;
        for (const auto& o : s.certs) {
            if (o.info && o.role == c.role && (o.use == c.use || o.use.empty() || c.use.empty())) peers.push_back(o.info.get());
        }
        diag::Report one;
        x509::evaluate(*c.info, m_opts.policy, i18n::text(N_("{} of '{}'"), {x509::label(*c.info), {id, {}}}), diag::Text{where(m_opts, e, c.line), {}}, one);
        const x509::CertInfo* next = x509::successor(*c.info, peers, m_opts.policy);
        for (auto& f : one.findings()) {
            if (next && (f.code == diag::Code::cert_expiring || f.code == diag::Code::cert_expired)) f.hint = x509::rotation_hint(*next);
            report.add(std::move(f));
        }
    }
    s.errors = report.count(diag::Severity::error) - before_err;
    s.warnings = report.count(diag::Severity::warning) - before_warn;
    for (auto& role : e.roles) {
        for (auto& key : role.keys) std::string().swap(key.base64);  // decoded into s.certs: an aggregate keeps no second copy
    }
    s.entity = std::move(e);
    return s;
}

}  // namespace ssoctl::metadata
