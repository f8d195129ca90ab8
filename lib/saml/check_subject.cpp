// Subject: the NameID, the attribute that carries the username, allowed email domains, duplicates.
#include "saml/checks.hpp"

#include <map>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"

namespace ssoctl::saml {
namespace {

const Attribute* find_attribute(const Assertion& a, const std::string& name) {
    for (const auto& at : a.attributes) {
        if (at.name == name || (!at.friendly_name.empty() && at.friendly_name == name)) return &at;
    }
    return nullptr;
}

// Short names people type, and the long names IdPs send for them (eduPerson/X.500 OIDs, Entra claims).
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"mail", "urn:oid:0.9.2342.19200300.100.1.3"},
    {"email", "urn:oid:0.9.2342.19200300.100.1.3"},
    {"email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"},
    {"mail", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"},
    {"uid", "urn:oid:0.9.2342.19200300.100.1.1"},
    {"givenname", "urn:oid:2.5.4.42"},
    {"sn", "urn:oid:2.5.4.4"},
    {"surname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"},
    {"cn", "urn:oid:2.5.4.3"},
    {"displayname", "urn:oid:2.16.840.1.113730.3.1.241"},
    {"edupersonprincipalname", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"},
    {"eppn", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"},
    {"upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"},
    {"name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"},
};

std::string_view last_segment(std::string_view name) {
    const size_t cut = name.find_last_of("/:#");
    return cut == std::string_view::npos ? name : name.substr(cut + 1);
}

/** An attribute the user probably meant: same last segment or FriendlyName in another case, or a
 *  known long name of a short one (`mail` = `urn:oid:0.9.2342.19200300.100.1.3`). */
const Attribute* near_miss(const Assertion& a, const std::string& wanted) {
    const std::string w = util::to_lower(wanted);
    for (const auto& at : a.attributes) {
        if (util::to_lower(last_segment(at.name)) == util::to_lower(last_segment(w)) || util::to_lower(at.friendly_name) == w || util::to_lower(at.name) == w) return &at;
    }
    for (const auto& [shortname, longname] : kAliases) {
        for (const auto& at : a.attributes) {
            if ((w == shortname && at.name == longname) || (w == longname && util::to_lower(last_segment(at.name)) == shortname)) return &at;
        }
    }
    return nullptr;
}

std::string attribute_names(const Assertion& a) {
    std::vector<std::string> names;
    for (const auto& at : a.attributes) names.push_back(at.name);
    return names.empty() ? std::string(N_("no attributes")) : util::join(names, ", ");
}

}  // namespace

CheckStatus check_subject(const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (!a.name_id || util::trim(a.name_id->value).empty()) {
        if (!a.encrypted_id) {
            r.add(diag::Code::missing_name_id, a.name_id ? i18n::text(N_("the NameID is empty")) : i18n::text(N_("the assertion has no NameID")))
                .location = a.path + "/saml:Subject";
        }
    }
    std::string username = a.name_id ? a.name_id->value : std::string();
    if (!e.username_attr.empty()) {
        const Attribute* at = find_attribute(a, e.username_attr);
        if (!at || at->values.empty() || util::trim(at->values.front()).empty()) {
            const std::string sent = attribute_names(a);
            const diag::Text sent_text = a.attributes.empty() ? i18n::text(N_("no attributes")) : diag::Text{sent, {}};
            auto& f = r.add(diag::Code::missing_username,
                            at ? i18n::text(N_("the IdP sent the '{}' attribute without a value"), {{e.username_attr}})
                               : i18n::text(N_("the IdP sent no '{}' attribute; it sent: {}"), {{e.username_attr}, sent_text}));
            f.expected = e.username_attr;
            f.observe(sent_text);
            f.location = a.path + "/saml:AttributeStatement";
            if (const Attribute* close = at ? nullptr : near_miss(a, e.username_attr)) {
                const diag::Text more = close->friendly_name.empty()
                                            ? i18n::text(N_("; it did send '{}', probably the one you mean"), {{close->name}})
                                            : i18n::text(N_("; it did send '{}' (FriendlyName '{}'), probably the one you mean"), {{close->name}, {close->friendly_name}});
                f.message.en += more.en;
                f.message.ja += more.ja;
                f.hint = i18n::text(N_("pass --username-attr '{}' (the exact claim name), or rename the claim in the IdP (Entra: Attributes & Claims; Okta: Attribute Statements) to what the SP expects"), {{std::string(close->name)}});
            }
            username.clear();
        } else {
            username = at->values.front();
        }
    }
    if (!e.email_domains.empty() && !username.empty()) {
        const size_t at = username.rfind('@');
        const std::string domain = at == std::string::npos ? std::string() : util::to_lower(username.substr(at + 1));
        bool ok = false;
        for (const auto& d : e.email_domains) ok = ok || util::to_lower(d) == domain;
        if (!ok) {
            auto& f = r.add(diag::Code::invalid_email_domain,
                            i18n::text(N_("'{}' is not in an allowed email domain ({})"), {{std::string(username)}, {util::join(e.email_domains, ", ")}}));
            f.expected = util::join(e.email_domains, ", ");
            f.actual = domain.empty() ? username : domain;
        }
    }
    std::map<std::string, int> counts;
    for (const auto& at : a.attributes) ++counts[at.name];
    for (const auto& [name, n] : counts) {
        if (n < 2) continue;
        auto& f = r.add(diag::Code::duplicate_attribute,
                        i18n::text(N_("attribute '{}' appears {} times"), {{std::string(name)}, {std::to_string(n)}}));
        f.actual = name;
        f.location = a.path + "/saml:AttributeStatement";
    }
    return status_since(r, before);
}

}  // namespace ssoctl::saml
