// Audience, Recipient, Destination and Issuer: is this message meant for this SP, from this IdP?
#include "saml/checks.hpp"

#include "i18n/i18n.hpp"
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
    auto& f = r.add(code, i18n::text(N_("{} '{}' does not match the ACS URL {}"), {diag::Text{std::string(what_en), std::string(what_ja)}, {std::string(actual)}, {std::string(list(acs_urls))}}),
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
            auto& f = r.add(diag::Code::missing_audience, i18n::text(N_("the assertion has no Audience; expected {}"), {{std::string(list(e.sp_entity_ids))}}));
            f.expected = e.sp_entity_ids.front();
            f.location = a.path + "/saml:Conditions";
        } else {
            // Each AudienceRestriction must be met (core 2.5.1.4); within one, any Audience will do.
            for (size_t i = 0; i < a.conditions.restrictions.size(); ++i) {
                const auto& auds = a.conditions.restrictions[i];
                bool any = false;
                UriMatch near_miss;
                for (const auto& aud : auds) {
                    UriMatch mm = best_match(aud, e.sp_entity_ids);
                    any = any || mm.equal;
                    if (!mm.near_miss.empty() && near_miss.near_miss.empty()) near_miss = mm;
                }
                if (any || auds.empty()) continue;
                const std::string got = auds.size() == 1 ? "'" + auds[0] + "'" : list(auds);
                const diag::Text which = a.conditions.restrictions.size() > 1
                                             ? i18n::text(N_(" (AudienceRestriction {} of {}; each must name the SP)"),
                                                          {{std::to_string(i + 1)}, {std::to_string(a.conditions.restrictions.size())}})
                                             : diag::Text{};
                auto& f = r.add(diag::Code::invalid_audience,
                                i18n::text(N_("audience {} does not match the SP entity ID {}{}"), {{got}, {list(e.sp_entity_ids)}, which}), near_miss.near_miss);
                f.expected = e.sp_entity_ids.front();
                f.actual = util::join(auds, " ");
                const bool several = a.conditions.restrictions.size() > 1;
                f.location = a.path + "/saml:Conditions/saml:AudienceRestriction" + (several ? "[" + std::to_string(i + 1) + "]" : std::string()) + "/saml:Audience";
            }
        }
    }
    for (const auto& url : e.acs_urls) {
        if (url.starts_with("https://") || url.starts_with("http://")) continue;
        auto& f = r.add(diag::Code::invalid_acs_url, i18n::text(N_("the ACS URL '{}' is not an http(s) URL; a browser would hand the response to whatever that scheme runs"), {{std::string(url)}}));
        f.expected = "https://…";
        f.actual = url;
    }
    if (!e.acs_urls.empty()) {
        // One valid bearer confirmation satisfies the profile (core 2.4.1.1, profiles 4.1.4.3).
        std::vector<diag::Report> failures;
        bool bearer_found = false, satisfied = false;
        for (size_t i = 0; i < a.confirmations.size() && !satisfied; ++i) {
            const auto& c = a.confirmations[i];
            if (c.method != "urn:oasis:names:tc:SAML:2.0:cm:bearer") continue;
            bearer_found = true;
            diag::Report one;
            const std::string where = a.path + "/saml:Subject/saml:SubjectConfirmation" + (a.confirmations.size() > 1 ? "[" + std::to_string(i + 1) + "]" : std::string());
            if (!c.has_data) {
                auto& f = one.add(diag::Code::missing_confirmation_data, i18n::text(N_("the bearer SubjectConfirmation has no SubjectConfirmationData")));
                f.expected = e.acs_urls.front();
                f.location = where;
            } else if (c.recipient.empty()) {
                auto& f = one.add(diag::Code::invalid_recipient, i18n::text(N_("the bearer SubjectConfirmationData has no Recipient")));
                f.expected = e.acs_urls.front();
                f.location = where + "/saml:SubjectConfirmationData";
            } else {
                acs_mismatch(one, diag::Code::invalid_recipient, "recipient", "Recipient", c.recipient, e.acs_urls, where + "/saml:SubjectConfirmationData/@Recipient");
            }
            if (one.findings().empty()) satisfied = true;
            else failures.push_back(std::move(one));
        }
        if (!bearer_found) {
            r.add(diag::Code::missing_bearer_confirmation, i18n::text(N_("the assertion has no bearer SubjectConfirmation, which Web SSO requires"))).location = a.path + "/saml:Subject";
        } else if (satisfied) {
            for (auto& one : failures) {
                for (auto f : one.findings()) {
                    f.severity = diag::Severity::info;
                    const diag::Text enough = i18n::text(N_(" (another bearer confirmation is valid, which is enough)"));
                    f.message.en += enough.en;
                    f.message.ja += enough.ja;
                    r.add(std::move(f));
                }
            }
        } else {
            for (auto& one : failures) r.append(one);
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
        auto& f = r.add(diag::Code::invalid_issuer, i18n::text(N_("issuer '{}' is not the IdP entity ID {}"), {{std::string(issuer)}, {std::string(list(e.idp_entity_ids))}}),
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
