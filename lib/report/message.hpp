// Human summary of a SAML message (decode, validate): IDs, status, subject, conditions, attributes.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "capture/capture.hpp"
#include "report/style.hpp"
#include "saml/message.hpp"
#include "util/time.hpp"

namespace ssoctl::report {

/** The HTTP-Redirect binding's signature: SigAlg and Signature in the URL query, over the exact
 *  query octets (SAMLRequest/SAMLResponse, RelayState, SigAlg), not over the XML. */
struct QuerySignature {
    std::string algorithm;         // SigAlg as received
    std::optional<bool> verified;  // nullopt: not checked (decode)
    std::string verified_by;
};

struct MessageView {
    util::UnixTime now = 0;
    bool verified = false;           // the assertion was read from signed data; false -> UNVERIFIED
    bool response_verified = false;  // the message element itself carries a verified signature
    std::optional<std::string> relay_state;       // from the URL or form it arrived in
    std::optional<QuerySignature> query_signature;
};

/** RelayState and the query signature of the URL/form `item` arrived in (nothing verified). */
void set_binding(MessageView& view, const capture::Item& item);

/** The full decode: every field, assertion, signature and certificate (decode, validate --verbose). */
void render_message(TextOut& out, const saml::Message& m, const MessageView& view);

/** The few lines that identify a message (validate's default): type and ID, issuer, Destination,
 *  InResponseTo, RelayState, status; per assertion NameID, Audience, NotOnOrAfter and the attribute
 *  names; one line per signature with its state; then where the full decode is (--verbose). */
void render_message_summary(TextOut& out, const saml::Message& m, const MessageView& view);

/** `2026-01-15T10:05:00Z (expired 3 h ago)` style. Unparseable times are shown as received. */
std::string time_with_relative(const std::string& rfc3339, util::UnixTime now, diag::Lang lang);

/** `decode capture.har`: one line per message (index, time, method, binding, type, ID,
 *  InResponseTo with the request it answers, status, URL). */
void render_capture_list(TextOut& out, const capture::Capture& cap);

/** The same list as JSON `messages` [{index, time, url, method, binding, parameter, message, id,
 *  in_response_to, answers, status, issuer, relay_state, sig_alg, has_signature, oidc, problem, context}]. */
nlohmann::json capture_list_json(const capture::Capture& cap);
nlohmann::json item_json(const capture::Item& item);

/** Where the decoded message came from (capture kind, entry, URL, repairs, flow context). */
void render_item_source(TextOut& out, const capture::Item& item, capture::Kind kind, size_t count);

}  // namespace ssoctl::report
