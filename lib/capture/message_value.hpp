// Shared by every capture reader: one SAML parameter value (however mangled) -> XML, and the
// parameters of one request (query string, form body, form inputs) -> one Item.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capture/capture.hpp"
#include "util/result.hpp"
#include "util/url.hpp"

namespace ssoctl::capture::detail {

struct Decoded {
    std::string xml;
    bool deflated = false;
    std::vector<diag::Text> repairs;
};

/** A SAMLResponse/SAMLRequest value as found in a paste or capture: quotes, line wraps (CR/LF,
 *  any width, a percent escape split by a break), URL-encoding once or twice, '+' turned into
 *  spaces, base64, raw DEFLATE, UTF-16. Errors: `malformed_input` (message says what it looked
 *  like), `truncated_paste` (base64 ending mid-quad), `input_too_large`. */
Result<Decoded> decode_saml_value(std::string_view value, size_t max_message);

/** UTF-16 text (with or without BOM) -> UTF-8 with an `encoding="UTF-16"` declaration rewritten;
 *  a UTF-8 BOM is dropped. Returns false (and leaves `out` alone) when `bytes` is not UTF-16. */
bool utf16_to_utf8(std::string_view bytes, std::string& out);
std::string_view strip_utf8_bom(std::string_view s);

/** Reads the root element of `item.xml` (type, ID, InResponseTo, Issuer, Destination, top status)
 *  with the hardened parser; a failure is kept in `item.problem`. */
void describe(Item& item);
/** Keeps `e` in `item.problem` (English) and `item.problem_ja`, with its detail in brackets. */
void keep_problem(Item& item, const Error& e);

/** Fills `item` from the parameters of one request. `in_query`: they came from a URL (Redirect
 *  binding, OIDC query response) rather than a form body. Returns false when none of them is SSO
 *  content (SAML, WS-Fed, OIDC). A SAML value that does not decode leaves `item.problem` set. */
bool fill_from_params(Item& item, const std::vector<util::QueryParam>& params, bool in_query, const ReadOptions& opts);

/** memmem: a substring test that stays fast on bodies of hundreds of megabytes. */
bool contains(std::string_view hay, std::string_view needle);

/** Does this raw text mention anything fill_from_params would pick up? (cheap pre-filter) */
bool mentions_sso(std::string_view raw);

/** Removes matching surrounding quotes ("…", '…', `…`, “…”) and whitespace. */
std::string_view unquote(std::string_view s);

}  // namespace ssoctl::capture::detail
