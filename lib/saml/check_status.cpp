// Status and structure: what the IdP said, and whether the message has the shape SPs accept.
#include "saml/checks.hpp"

#include <set>

#include "i18n/i18n.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

std::string last_segment(const std::string& uri) {
    const size_t colon = uri.rfind(':');
    return colon == std::string::npos ? uri : uri.substr(colon + 1);
}

struct SubStatusHint {
    const char* name;
    const char* hint;  // N_(): translated when the finding is built
};

constexpr SubStatusHint kSubStatus[] = {
    {"AuthnFailed", N_("the IdP could not authenticate the user (wrong password, MFA failed or cancelled, account locked); check the IdP sign-in log for this user")},
    {"RequestDenied", N_("the IdP refused: usually the user is not assigned to the application, or a conditional access / sign-on policy blocked it")},
    {"NoPassive", N_("the SP asked for a silent login (IsPassive) but the user has no IdP session; retry without IsPassive")},
    {"InvalidNameIDPolicy", N_("the IdP cannot produce the NameID format the SP requested; align the NameIDPolicy of the SP with the IdP's Name ID format")},
    {"NoAuthnContext", N_("the IdP cannot satisfy the requested authentication context (e.g. MFA class or PasswordProtectedTransport); relax RequestedAuthnContext or enable that method")},
    {"UnknownPrincipal", N_("the IdP does not know this user; check the username and that the account exists in this tenant")},
    {"UnsupportedBinding", N_("the IdP cannot answer on the requested binding; use HTTP-POST for the ACS in the SP settings")},
    {"RequestUnsupported", N_("the IdP does not support this kind of request; check the SP's AuthnRequest settings")},
    {"NoAvailableIDP", N_("no IdP was available to authenticate the user (proxy/discovery setup)")},
    {"PartialLogout", N_("logout did not reach every service")},
};

}  // namespace

CheckStatus status_since(const diag::Report& r, size_t before) {
    CheckStatus s = CheckStatus::pass;
    for (size_t i = before; i < r.findings().size(); ++i) {
        const auto sev = r.findings()[i].severity;
        if (sev == diag::Severity::error) return CheckStatus::fail;
        if (sev == diag::Severity::warning) s = CheckStatus::warn;
    }
    return s;
}

std::string_view check_status_name(CheckStatus s) {
    switch (s) {
        case CheckStatus::pass: return N_("pass");
        case CheckStatus::warn: return N_("warn");
        case CheckStatus::fail: return N_("fail");
        case CheckStatus::skip: return N_("skip");
    }
    return "skip";
}

CheckStatus check_status(const Message& m, diag::Report& r) {
    const size_t before = r.findings().size();
    if (!m.status.present) {
        auto& f = r.add(diag::Code::schema_violation, i18n::text(N_("the response has no Status element")));
        f.location = xml::path(m.root);
        return status_since(r, before);
    }
    if (m.status.success()) return CheckStatus::pass;
    const std::string top = last_segment(m.status.code);
    const std::string sub = last_segment(m.status.sub_code);
    const diag::Text code{top, {}}, sub_code{sub, {}};
    diag::Text message = sub.empty() ? i18n::text(N_("the IdP returned status '{}'"), {code})
                                     : i18n::text(N_("the IdP returned status '{}' with sub-status '{}'"), {code, sub_code});
    if (!m.status.message.empty()) {
        message.en += ": " + m.status.message;
        message.ja += ": " + m.status.message;
    }
    diag::Text hint;
    for (const auto& h : kSubStatus) {
        if (sub == h.name) hint = i18n::text(h.hint);
    }
    if (hint.empty() && top == "Requester") hint = i18n::text(N_("the IdP rejected the request as malformed; check the SP's AuthnRequest (issuer, ACS URL, signature)"));
    if (hint.empty() && top == "Responder") hint = i18n::text(N_("the IdP failed to produce a login; check the IdP's logs for this user and application"));
    if (hint.empty() && top == "VersionMismatch") hint = i18n::text(N_("the SP and IdP disagree on the SAML version; both must use SAML 2.0"));
    auto& f = r.add(diag::Code::status_not_success, std::move(message), hint);
    f.expected = "urn:oasis:names:tc:SAML:2.0:status:Success";
    f.actual = m.status.sub_code.empty() ? m.status.code : m.status.code + " / " + m.status.sub_code;
    f.location = xml::path(m.root) + "/samlp:Status";
    return status_since(r, before);
}

CheckStatus check_structure(const Message& m, diag::Report& r) {
    const size_t before = r.findings().size();
    if (m.version != "2.0") {
        auto& f = r.add(diag::Code::schema_violation, i18n::text(N_("the message Version is '{}', not '2.0'"), {{std::string(m.version)}}));
        f.expected = "2.0";
        f.actual = m.version;
    }
    if (m.id.empty()) {
        r.add(diag::Code::schema_violation, i18n::text(N_("the message has no ID attribute"))).location = xml::path(m.root);
    }
    if (m.issue_instant.empty()) {
        r.add(diag::Code::schema_violation, i18n::text(N_("the message has no IssueInstant"))).location = xml::path(m.root);
    }
    if (m.has_destination && m.destination.empty()) {
        // core 3.2.2: a present Destination names the receiving location; bindings 3.5.5.2 require it when signed.
        auto& f = r.add(diag::Code::invalid_destination, i18n::text(N_("the Destination attribute is present but empty; it must name the URL the message was sent to")));
        f.actual = "";
        f.location = xml::path(m.root) + "/@Destination";
    }
    if (m.type == MessageType::response && m.status.success()) {
        if (m.assertions.empty()) {
            r.add(diag::Code::missing_assertion, i18n::text(N_("the response reports Success but carries no assertion"))).location = xml::path(m.root);
        } else if (m.assertions.size() > 1) {
            auto& f = r.add(diag::Code::multiple_assertions, i18n::text(N_("the response carries {} assertions; exactly one is accepted"), {{std::to_string(m.assertions.size())}}));
            f.expected = "1";
            f.actual = std::to_string(m.assertions.size());
        }
    }
    std::set<std::string> seen;
    for (const auto& a : m.assertions) {
        if (a.encrypted) continue;
        if (a.issuer.empty()) {
            r.add(diag::Code::missing_issuer, i18n::text(N_("assertion '{}' has no Issuer"), {{std::string(a.id)}})).location = a.path;
        }
        if (a.id.empty()) r.add(diag::Code::schema_violation, i18n::text(N_("an assertion has no ID attribute"))).location = a.path;
        if (m.type == MessageType::response && m.status.success() && !a.authn.present) {
            r.add(diag::Code::missing_authn_statement, i18n::text(N_("assertion '{}' has no AuthnStatement; Web Browser SSO (profiles 4.1.4.2) requires one"), {{std::string(a.id)}}))
                .location = a.path;
        }
        if (!a.id.empty() && !seen.insert(a.id).second) {
            r.add(diag::Code::schema_violation, i18n::text(N_("assertion ID '{}' appears twice"), {{std::string(a.id)}})).location = a.path;
        }
    }
    return status_since(r, before);
}

}  // namespace ssoctl::saml
