// Downloads metadata over HTTP(S) with libcurl: TLS verified, bounded size and time, no redirects to other schemes.
#pragma once

#include <string>

#include "util/result.hpp"

namespace ssoctl::metadata {

struct FetchOptions {
    long timeout_ms = 30000;
    size_t max_bytes = 512u << 20;
    std::string ca_file;  // extra trust anchors (PEM); empty: the system store
};

/** GETs `url` (http or https only; redirects followed within those schemes, at most 5).
 *  Errors: `io_error` (connection, TLS, HTTP status >= 400, timeout), `input_too_large`. */
Result<std::string> fetch(const std::string& url, const FetchOptions& opts = {});

/** True for `http://` and `https://` URLs. */
bool is_url(std::string_view s);

}  // namespace ssoctl::metadata
