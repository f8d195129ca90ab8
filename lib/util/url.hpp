// URL pieces an admin pastes: percent-decoding, query strings, scheme/host/port/path split.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::util {

/** Percent-decodes; with `plus_is_space` ('+' -> ' ', form encoding). Bad escapes fail. */
Result<std::string> url_decode(std::string_view in, bool plus_is_space = true);

/** Percent-encodes everything but RFC 3986 unreserved characters. */
std::string url_encode(std::string_view in);

/** One `name=value` pair of a query string; `raw_*` keep the received octets (signature input). */
struct QueryParam {
    std::string name;
    std::string value;
    std::string raw_name;
    std::string raw_value;
};

/** Splits `a=1&b=2` (no leading '?'); values are form-decoded. */
Result<std::vector<QueryParam>> parse_query(std::string_view query);

/** Finds a parameter by exact name. */
const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name);

/** scheme://host[:port]/path?query#fragment, lower-cased scheme and host. */
struct Url {
    std::string scheme;
    std::string host;
    std::optional<int> port;
    std::string path;
    std::string query;
    int effective_port() const;  // explicit port, else 443/80 by scheme, else -1
};

/** Parses an absolute http(s)-like URL; fails with `malformed_input` otherwise. */
Result<Url> parse_url(std::string_view in);

}  // namespace ssoctl::util
