// Near-miss detection: the most common SSO misconfiguration is a value that is almost right.
#include "saml/uri_match.hpp"

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::saml {
namespace {

using util::ends_with;
using util::starts_with;

std::string_view strip_slash(std::string_view s) { return ends_with(s, "/") ? s.substr(0, s.size() - 1) : s; }

UriMatch near(diag::Text why) { return UriMatch{false, std::move(why)}; }

}  // namespace

UriMatch compare_uri(std::string_view actual, std::string_view expected) {
    const auto a_url = util::parse_url(actual);
    const auto e_url = util::parse_url(expected);
    if (a_url && e_url && (a_url->scheme == "http" || a_url->scheme == "https")) {
        const bool same_host = a_url->host == e_url->host;
        const bool same_scheme = a_url->scheme == e_url->scheme;
        const bool same_port = a_url->effective_port() == e_url->effective_port();
        const bool same_path = (a_url->path.empty() ? "/" : a_url->path) == (e_url->path.empty() ? "/" : e_url->path) &&
                               a_url->query == e_url->query;
        if (same_host && same_scheme && same_port && same_path) return UriMatch{true, {}};
        if (same_host && same_path && !same_scheme && same_port == false && !a_url->port && !e_url->port) {
            return near(i18n::text(N_("the scheme differs ('{}' instead of '{}'): a TLS-terminating proxy or load balancer often makes the SP build http:// URLs; fix the URL in the IdP or set the SP's external base URL"), {{std::string(a_url->scheme)}, {std::string(e_url->scheme)}}));
        }
        if (same_host && same_scheme && same_path && !same_port) {
            return near(i18n::text(N_("only the port differs ({} instead of {}); use the public URL without an internal port in the IdP"), {{std::to_string(a_url->effective_port())}, {std::to_string(e_url->effective_port())}}));
        }
        if (same_host && same_scheme && same_port) {
            const std::string_view ap = a_url->path, ep = e_url->path;
            if (strip_slash(ap) == strip_slash(ep)) {
                return near(i18n::text(N_("only a trailing slash differs; enter the value in the IdP exactly as the SP shows it")));
            }
            if (util::iequals(ap, ep)) {
                return near(i18n::text(N_("only letter case differs in the path; paths are case-sensitive, copy the value from the SP exactly")));
            }
            if (starts_with(ap, ep) || starts_with(ep, ap)) {
                const bool longer = ap.size() > ep.size();
                const std::string diff(longer ? ap.substr(ep.size()) : ep.substr(ap.size()));
                return near(i18n::text(N_("the path differs only in the suffix '{}' ({}); copy the full ACS URL from the SP"), {{std::string(diff)}, longer ? i18n::text(N_("extra in the received value")) : i18n::text(N_("missing from the received value"))}));
            }
        }
        if (!same_host && util::iequals(a_url->host, e_url->host) == false && same_path) {
            return near(i18n::text(N_("the host differs ('{}' instead of '{}'); the IdP may point at another environment (staging, another tenant)"), {{std::string(a_url->host)}, {std::string(e_url->host)}}));
        }
        return UriMatch{false, {}};
    }
    if (actual == expected) return UriMatch{true, {}};
    if (starts_with(actual, "spn:")) {
        return near(i18n::text(N_("'spn:<application ID>' is what Entra ID sends when the application's Identifier (Entity ID) is not set; set Basic SAML Configuration > Identifier to the SP entity ID")));
    }
    if (strip_slash(actual) == strip_slash(expected)) {
        return near(i18n::text(N_("only a trailing slash differs; enter the value in the IdP exactly as the SP shows it")));
    }
    if (util::iequals(actual, expected)) {
        return near(i18n::text(N_("only letter case differs; entity IDs are compared exactly")));
    }
    return UriMatch{false, {}};
}

}  // namespace ssoctl::saml
