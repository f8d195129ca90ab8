// Raw DEFLATE (RFC 1951) inflate for the HTTP-Redirect binding, with a hard output cap.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace ssoctl::util {

/** Inflates raw DEFLATE data. More than `max_out` bytes -> `input_too_large` (the bomb stops
 *  there, nothing more is allocated); truncated or corrupt data -> `malformed_input`. */
Result<std::string> inflate_raw(std::string_view in, size_t max_out);

}  // namespace ssoctl::util
