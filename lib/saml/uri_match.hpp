// Compares a received URI (Audience, Recipient, Destination) with the expected one and names near misses.
#pragma once

#include <string>
#include <string_view>

#include "diag/finding.hpp"

namespace ssoctl::saml {

struct UriMatch {
    bool equal = false;
    diag::Text near_miss;  // a specific hint when the two differ only slightly; empty otherwise
};

/** URLs: scheme and host case-insensitive, default ports implied, path and query exact.
 *  Other URIs (URNs, Entra `spn:` IDs): exact. Near misses: trailing slash, http vs https,
 *  port, letter case, Entra's `spn:` prefix, a path that differs only in a suffix.
 *  Example: `compare_uri("https://sp/", "https://sp").near_miss.en` mentions the trailing slash. */
UriMatch compare_uri(std::string_view actual, std::string_view expected);

}  // namespace ssoctl::saml
