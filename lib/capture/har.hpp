// HAR 1.2 (Chrome, Firefox, Edge) and SAML-tracer exports -> the SSO messages they hold.
#pragma once

#include <string_view>
#include <vector>

#include "capture/capture.hpp"
#include "util/result.hpp"

namespace ssoctl::capture::detail {

enum class JsonKind { har, saml_tracer, other };

/** Streams a JSON capture: HAR `log.entries` one entry at a time (bodies without SSO content are
 *  never copied), SAML-tracer `requests`. `other` when the JSON is neither (nothing is added).
 *  Errors: `malformed_input` for JSON that does not parse. */
Result<JsonKind> read_json_capture(std::string_view bytes, const ReadOptions& opts, std::vector<Item>& items, size_t& entries);

/** Generic JSON paste (`{"SAMLResponse":"…","RelayState":"…"}`, nested anywhere): one item or none. */
bool read_json_paste(std::string_view bytes, const ReadOptions& opts, Item& item);

/** Items from the auto-submit forms of an HTML page; `base_url` resolves a relative action. */
void items_from_html(std::string_view html, std::string_view base_url, const std::string& time, const ReadOptions& opts,
                     std::vector<Item>& items);

}  // namespace ssoctl::capture::detail
