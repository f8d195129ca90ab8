// Redaction for support tickets: personal data and secrets become stable placeholders (the same
// value gets the same placeholder within one Redactor); structure, times, issuers, audiences,
// algorithms and certificates stay. Redacted documents no longer verify and say so.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "capture/capture.hpp"
#include "diag/finding.hpp"
#include "util/result.hpp"

namespace ssoctl::capture {

inline constexpr std::string_view kRedactedMark =
    "redacted by ssoctl: personal data and secrets were replaced with placeholders; signatures no longer verify";

/** Error code of Redactor::capture_file for an input that is no capture file (a usage error for --har-out). */
inline constexpr std::string_view kNotACaptureFile = "not_a_capture_file";

struct Replacement {
    std::string kind;         // nameid, email, attribute, session_index, address, cookie, authorization,
                              // relay_state, oidc_code, token, form_value, body
    std::string placeholder;  // what stands in its place
    std::string where;        // element, header or parameter name (never the value)
};

/** Example:
 *      capture::Redactor r;
 *      auto xml = r.xml(item.xml);          // NameID, AttributeValue, SessionIndex, emails replaced
 *      for (auto& x : r.replaced()) ...     // kind, placeholder, where */
class Redactor {
public:
    /** The placeholder for `value` (created on first use): `redacted-<kind>-N`, or
     *  `redacted-<kind>-N@domain` for an email address (the domain is kept). */
    std::string placeholder(std::string_view kind, std::string_view value, std::string_view where);
    /** Email-like substrings (also `%40`-encoded) of free text replaced. */
    std::string text(std::string_view s, std::string_view where);
    /** A SAML document with NameID, AttributeValue, SessionIndex, SubjectConfirmationData@Address and
     *  email-like text replaced and a comment saying it was redacted. Compact, not re-indented. */
    Result<std::string> xml(std::string_view xml);
    /** An item: its XML, RelayState, OIDC codes/tokens/state, URL query secrets. */
    void item(Item& item);
    /** A HAR file: cookies, Authorization, form values, SAML messages, OIDC codes/tokens, emails;
     *  bodies without SSO content are dropped; `log.comment` marks it. */
    Result<std::string> har(std::string_view har);
    /** A SAML-tracer export, in its own layout: URLs, `get`/`post` pairs, headers (cookies,
     *  Authorization), the decoded `saml` of each request, emails; top-level `comment` marks it. */
    Result<std::string> saml_tracer(std::string_view export_json);

    struct Export {
        Kind kind;         // har or saml_tracer
        std::string text;  // the redacted file, in the format it came in
    };
    /** har() or saml_tracer(), by content. Error kNotACaptureFile for a paste, XML or an HTML page
     *  (no capture format to write back; `decode --redact` shows them), `malformed_input` for JSON
     *  that is neither. */
    Result<Export> capture_file(std::string_view bytes);

    const std::vector<Replacement>& replaced() const { return m_replaced; }
    /** One line per kind, in both languages: `nameid: 1 value (NameID)`. */
    std::vector<diag::Text> summary() const;

private:
    std::string har_json(nlohmann::json& har);
    std::string saml_tracer_json(nlohmann::json& tracer);

    std::map<std::string, std::string, std::less<>> m_by_value;
    std::map<std::string, size_t, std::less<>> m_counter;
    std::vector<Replacement> m_replaced;
};

}  // namespace ssoctl::capture
