// The IdP's auto-submit page: <form action="…acs" method="post"> with hidden SAMLResponse/SAMLRequest/
// RelayState inputs. Read with a tag scanner, never with the XML parser, and nothing is followed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/url.hpp"

namespace ssoctl::capture::detail {

struct HtmlForm {
    std::string action;  // entity-decoded, as written (may be relative)
    std::string method;  // upper-cased; POST when absent is not assumed: GET per HTML
    std::vector<util::QueryParam> inputs;  // name/value entity-decoded; raw_* are the same
};

/** Every <form> with at least one named <input>; inputs outside any form are collected into one
 *  form without action. At most 64 forms and 256 inputs per form. */
std::vector<HtmlForm> scan_forms(std::string_view html);

/** True for text that is an HTML page or fragment rather than a SAML XML document. */
bool looks_like_html(std::string_view text);

/** `&amp;`, `&quot;`, `&#43;`, `&#x2B;` ... decoded; unknown entities kept as written. */
std::string html_unescape(std::string_view s);

}  // namespace ssoctl::capture::detail
