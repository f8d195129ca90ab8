// The capture reader: anything a person pastes or exports (paste forms, HAR, SAML-tracer, auto-submit
// HTML, raw XML) turned into a list of SSO messages with the context of the flow they came from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/finding.hpp"
#include "util/result.hpp"

namespace ssoctl::capture {

/** What the input was, as detected from its content. */
enum class Kind { paste, har, saml_tracer, html, xml };
std::string_view kind_name(Kind k);

/** How a message travelled. `none` for a bare paste that says nothing about it. */
enum class Binding { none, redirect, post, artifact, wsfed, oidc };
std::string_view binding_name(Binding b);

/** Forced paste form (`--input-format`); `auto_detect` recognises everything below by content. */
enum class Form { auto_detect, xml, base64, urlencoded, form, url, deflate };
std::optional<Form> form_from_name(std::string_view name);
std::string_view form_name(Form f);

/** What the flow around a message says it should be checked against, and where each value came
 *  from (`sources`, one line per value, e.g. "expected InResponseTo: ID of AuthnRequest #2"). */
struct Context {
    std::string expected_in_response_to;  // ID of the AuthnRequest this response answers
    bool idp_initiated = false;           // a response with no AuthnRequest before it in the capture
    std::string observed_acs;             // the URL the response was posted (or sent) to
    std::string sp_entity_id;             // Issuer of that AuthnRequest
    std::optional<size_t> request_index;  // index of that AuthnRequest
    std::vector<std::string> sources;
    std::vector<std::string> sources_ja;  // `sources` in Japanese, one for one

    void add_source(const diag::Text& t) {
        sources.push_back(t.en);
        sources_ja.push_back(t.in(diag::Lang::ja));
    }
    diag::Text source(size_t i) const { return {sources[i], i < sources_ja.size() ? sources_ja[i] : std::string()}; }
};

/** One message found in the input. Indices are 1-based, in capture order. */
struct Item {
    size_t index = 1;
    std::string time;        // RFC 3339 as recorded (HAR startedDateTime), may be empty
    std::string method;      // GET, POST; empty for a bare paste
    std::string url;         // request URL (for an auto-submit page: the form action)
    Binding binding = Binding::none;
    std::string parameter;   // SAMLResponse, SAMLRequest, SAMLart, wresult, or the OIDC parameter
    std::string form;        // how the value was written: xml, base64, urlencoded, form, url, html, json, curl, ...
    std::string xml;         // the decoded message (UTF-8); empty for OIDC and artifacts
    bool deflated = false;
    std::optional<std::string> relay_state;
    std::optional<std::string> sig_alg;
    std::optional<std::string> signature;  // base64 as received (HTTP-Redirect)
    /** HTTP-Redirect: `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as received (the signed octets). */
    std::string signed_query;
    // From the decoded message (empty when it could not be read; `problem` says why).
    std::string type;        // Response, AuthnRequest, LogoutRequest, ..., oidc_authorization_request,
                             // oidc_authorization_response, oidc_error, wsfed_signin, artifact
    std::string id;
    std::string in_response_to;
    std::string status;      // top-level StatusCode value
    std::string issuer;
    std::string destination;
    std::string problem;     // why the message could not be decoded (kept in the list, not fatal)
    std::string problem_code;  // its code: malformed_input, truncated_paste, input_too_large
    std::string problem_ja;    // `problem` in Japanese
    /** OIDC parameters as received (code, error, error_description, redirect_uri, id_token, state,
     *  client_id, response_type, response_mode, scope, nonce). */
    std::vector<std::pair<std::string, std::string>> oidc;
    std::vector<std::string> repairs;  // what was undone to read the paste ("'+' restored from spaces", ...)
    std::vector<std::string> repairs_ja;  // `repairs` in Japanese, one for one
    std::optional<size_t> answers;     // index of the request this message answers (InResponseTo == ID)
    Context context;

    bool is_saml() const { return !xml.empty() && binding != Binding::wsfed; }
    diag::Text problem_text() const { return {problem, problem_ja}; }
    void add_repair(const diag::Text& t, bool first = false) {
        repairs.insert(first ? repairs.begin() : repairs.end(), t.en);
        repairs_ja.insert(first ? repairs_ja.begin() : repairs_ja.end(), t.in(diag::Lang::ja));
    }
    diag::Text repair(size_t i) const { return {repairs[i], i < repairs_ja.size() ? repairs_ja[i] : std::string()}; }
};

struct Capture {
    Kind kind = Kind::paste;
    std::vector<Item> items;
    size_t entries = 0;  // HAR entries / SAML-tracer requests scanned
};

struct ReadOptions {
    Form force = Form::auto_detect;
    size_t max_paste = 10u << 20;       // a paste, XML or HTML page larger than this -> input_too_large
    size_t max_capture = 2048u << 20;   // a HAR or SAML-tracer export
    size_t max_message = 10u << 20;     // one decoded (and inflated) message
    size_t max_items = 10000;
    bool from_terminal = false;         // the bytes were pasted into a terminal
    /** Read type/ID/InResponseTo/status of each decoded message (one extra XML parse each; needed for
     *  listings, pairing and cut-XML detection). saml::normalize turns it off for --batch speed. */
    bool describe = true;
};

/** Reads anything a user pasted or exported. Detection is by content: `{"log":{"entries"`→ HAR,
 *  `{"requests":[` → SAML-tracer, an HTML page → its auto-submit forms, `<` → XML, anything else
 *  → one paste (base64 wrapped or not, URL-encoded once or twice, form body, URL, DevTools
 *  `SAMLResponse: …` line, `curl --data-raw '…'`, log line, JSON, quoted, UTF-16).
 *  Never crashes or hangs on arbitrary bytes; sizes are capped by `opts`.
 *  Errors: `malformed_input` (the message says what was recognised and what was not, `detail`
 *  what to paste instead), `truncated_paste`, `input_too_large`, `capture_no_sso_content`.
 *  Example:
 *      auto cap = capture::read(bytes, {});
 *      const capture::Item* last = capture::pick(*cap, std::nullopt).value();  // the last SAMLResponse */
Result<Capture> read(std::string_view bytes, const ReadOptions& opts = {});

/** The item a command works on: `index` (1-based, as listed) or, without it, the last
 *  SAMLResponse, else the last SAML message. Errors: `capture_index_out_of_range`,
 *  `capture_no_sso_content`, `capture_not_saml` (the chosen item is OIDC/WS-Fed/artifact). */
Result<const Item*> pick(const Capture& cap, std::optional<size_t> index);

}  // namespace ssoctl::capture
