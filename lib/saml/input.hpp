// Input normalisation: find the SAML message in whatever an admin pasted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace ssoctl::capture {
struct Item;
}

namespace ssoctl::saml {

enum class InputForm { auto_detect, xml, base64, urlencoded, form, url, deflate };

/** Parses `auto|xml|base64|urlencoded|form|url|deflate`. */
std::optional<InputForm> input_form_from_name(std::string_view name);
std::string_view input_form_name(InputForm form);

struct Limits {
    size_t max_raw = 10u << 20;
    size_t max_decoded = 10u << 20;
    size_t max_inflated = 10u << 20;
};

/** What was found: the XML bytes plus the binding parameters that travel beside them. */
struct Normalized {
    std::string xml;
    InputForm form = InputForm::xml;  // the outermost form detected
    bool deflated = false;
    std::string parameter;            // "SAMLResponse", "SAMLRequest" or empty
    std::optional<std::string> relay_state;
    std::optional<std::string> sig_alg;
    std::optional<std::string> signature;  // base64 as received (decoded by the verifier)
    /** For HTTP-Redirect signatures: `SAMLRequest=…&RelayState=…&SigAlg=…` as received. */
    std::string signed_query;
};

/** capture::read + capture::pick for one message: every paste form (see capture/capture.hpp),
 *  returned as the binding view. `force` skips detection of the outer form. Errors:
 *  `malformed_input`, `input_too_large`. Example: `normalize("SAMLResponse=PHNhbWxw...")`. */
Result<Normalized> normalize(std::string_view raw, InputForm force = InputForm::auto_detect, const Limits& limits = {});

/** The binding view of one capture item (RelayState, SigAlg, Signature, signed query octets). */
Normalized normalized_of(const capture::Item& item);

}  // namespace ssoctl::saml
