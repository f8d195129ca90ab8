// Subject: the NameID, the attribute that carries the username, allowed email domains, duplicates.
#include "saml/checks.hpp"

#include <map>

#include "util/strings.hpp"

namespace ssoctl::saml {
namespace {

const Attribute* find_attribute(const Assertion& a, const std::string& name) {
    for (const auto& at : a.attributes) {
        if (at.name == name || (!at.friendly_name.empty() && at.friendly_name == name)) return &at;
    }
    return nullptr;
}

std::string attribute_names(const Assertion& a) {
    std::vector<std::string> names;
    for (const auto& at : a.attributes) names.push_back(at.name);
    return names.empty() ? std::string("no attributes") : util::join(names, ", ");
}

}  // namespace

CheckStatus check_subject(const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (!a.name_id || util::trim(a.name_id->value).empty()) {
        if (!a.encrypted_id) {
            r.add(diag::Code::missing_name_id, {a.name_id ? "the NameID is empty" : "the assertion has no NameID",
                                                a.name_id ? "NameID が空です" : "アサーションに NameID がありません"}).location = a.path + "/saml:Subject";
        }
    }
    std::string username = a.name_id ? a.name_id->value : std::string();
    if (!e.username_attr.empty()) {
        const Attribute* at = find_attribute(a, e.username_attr);
        if (!at || at->values.empty() || util::trim(at->values.front()).empty()) {
            const std::string sent = attribute_names(a);
            auto& f = r.add(diag::Code::missing_username,
                            {at ? "the IdP sent the '" + e.username_attr + "' attribute without a value"
                                : "the IdP sent no '" + e.username_attr + "' attribute; it sent: " + sent,
                             at ? "IdP は属性 '" + e.username_attr + "' を値なしで送りました"
                                : "IdP は属性 '" + e.username_attr + "' を送っていません。送られた属性: " + sent});
            f.expected = e.username_attr;
            f.actual = sent;
            f.location = a.path + "/saml:AttributeStatement";
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
                            {"'" + username + "' is not in an allowed email domain (" + util::join(e.email_domains, ", ") + ")",
                             "'" + username + "' は許可されたメールドメイン（" + util::join(e.email_domains, ", ") + "）にありません"});
            f.expected = util::join(e.email_domains, ", ");
            f.actual = domain.empty() ? username : domain;
        }
    }
    std::map<std::string, int> counts;
    for (const auto& at : a.attributes) ++counts[at.name];
    for (const auto& [name, n] : counts) {
        if (n < 2) continue;
        auto& f = r.add(diag::Code::duplicate_attribute,
                        {"attribute '" + name + "' appears " + std::to_string(n) + " times", "属性 '" + name + "' が " + std::to_string(n) + " 回出現します"});
        f.actual = name;
        f.location = a.path + "/saml:AttributeStatement";
    }
    return status_since(r, before);
}

}  // namespace ssoctl::saml
