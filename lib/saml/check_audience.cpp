// Audience, Recipient, Destination and Issuer: is this message meant for this SP, from this IdP?
#include "saml/checks.hpp"

#include "saml/uri_match.hpp"
#include "util/strings.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

// Best match of `actual` against any expected value: equal, or the first near miss.
UriMatch best_match(const std::string& actual, const std::vector<std::string>& expected) {
    UriMatch best;
    for (const auto& e : expected) {
        UriMatch m = compare_uri(actual, e);
        if (m.equal) return m;
        if (best.near_miss.empty()) best = m;
    }
    return best;
}

std::string list(const std::vector<std::string>& v) {
    std::vector<std::string> quoted;
    for (const auto& s : v) quoted.push_back("'" + s + "'");
    return util::join(quoted, ", ");
}

// `<what> '<actual>' does not match the ACS URL '<expected>'` with the near-miss hint, if any.
void acs_mismatch(diag::Report& r, diag::Code code, const char* what_en, const char* what_ja, const std::string& actual,
                  const std::vector<std::string>& acs_urls, std::string location) {
    const UriMatch mm = best_match(actual, acs_urls);
    if (mm.equal) return;
    auto& f = r.add(code, {std::string(what_en) + " '" + actual + "' does not match the ACS URL " + list(acs_urls),
                           std::string(what_ja) + " '" + actual + "' が ACS URL " + list(acs_urls) + " と一致しません"},
                    mm.near_miss);
    f.expected = acs_urls.front();
    f.actual = actual;
    f.location = std::move(location);
}

}  // namespace

CheckStatus check_audience(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (!e.sp_entity_ids.empty()) {
        if (!a.conditions.has_audience_restriction || a.conditions.audiences.empty()) {
            auto& f = r.add(diag::Code::missing_audience, {"the assertion has no Audience; expected " + list(e.sp_entity_ids),
                                                           "アサーションに Audience がありません。期待値は " + list(e.sp_entity_ids)});
            f.expected = e.sp_entity_ids.front();
            f.location = a.path + "/saml:Conditions";
        } else {
            bool any = false;
            UriMatch near_miss;
            for (const auto& aud : a.conditions.audiences) {
                UriMatch mm = best_match(aud, e.sp_entity_ids);
                any = any || mm.equal;
                if (!mm.near_miss.empty() && near_miss.near_miss.empty()) near_miss = mm;
            }
            if (!any) {
                const std::string got = a.conditions.audiences.size() == 1 ? "'" + a.conditions.audiences[0] + "'" : list(a.conditions.audiences);
                auto& f = r.add(diag::Code::invalid_audience,
                                {"audience " + got + " does not match the SP entity ID " + list(e.sp_entity_ids),
                                 "Audience " + got + " が SP のエンティティ ID " + list(e.sp_entity_ids) + " と一致しません"},
                                near_miss.near_miss);
                f.expected = e.sp_entity_ids.front();
                f.actual = util::join(a.conditions.audiences, " ");
                f.location = a.path + "/saml:Conditions/saml:AudienceRestriction/saml:Audience";
            }
        }
    }
    if (!e.acs_urls.empty()) {
        bool bearer_found = false;
        for (const auto& c : a.confirmations) {
            if (c.method != "urn:oasis:names:tc:SAML:2.0:cm:bearer") continue;
            bearer_found = true;
            if (c.recipient.empty()) {
                auto& f = r.add(diag::Code::invalid_recipient, {"the bearer SubjectConfirmationData has no Recipient", "bearer の SubjectConfirmationData に Recipient がありません"});
                f.expected = e.acs_urls.front();
                f.location = a.path + "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData";
                continue;
            }
            acs_mismatch(r, diag::Code::invalid_recipient, "recipient", "Recipient", c.recipient, e.acs_urls,
                         a.path + "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@Recipient");
        }
        if (!bearer_found) {
            r.add(diag::Code::invalid_recipient, {"the assertion has no bearer SubjectConfirmation, which Web SSO requires", "Web SSO に必要な bearer の SubjectConfirmation がありません"}).location = a.path + "/saml:Subject";
        }
        if (m.type == MessageType::response && !m.destination.empty()) {
            acs_mismatch(r, diag::Code::invalid_destination, "destination", "Destination", m.destination, e.acs_urls, xml::path(m.root) + "/@Destination");
        }
    }
    return status_since(r, before);
}

CheckStatus check_issuer(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (e.idp_entity_ids.empty()) return CheckStatus::skip;
    const auto check = [&](const std::string& issuer, const std::string& where) {
        if (issuer.empty()) return;
        for (const auto& id : e.idp_entity_ids) {
            if (issuer == id) return;
        }
        auto& f = r.add(diag::Code::invalid_issuer, {"issuer '" + issuer + "' is not the IdP entity ID " + list(e.idp_entity_ids),
                                                     "Issuer '" + issuer + "' が IdP のエンティティ ID " + list(e.idp_entity_ids) + " と一致しません"},
                        compare_uri(issuer, e.idp_entity_ids.front()).near_miss);
        f.expected = e.idp_entity_ids.front();
        f.actual = issuer;
        f.location = where;
    };
    if (m.type == MessageType::response) check(m.issuer, xml::path(m.root) + "/saml:Issuer");
    if (m.type != MessageType::response || a.issuer != m.issuer) check(a.issuer, a.path + "/saml:Issuer");  // same value: said once
    return status_since(r, before);
}

}  // namespace ssoctl::saml
