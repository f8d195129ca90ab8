// Strict base64 (RFC 4648 standard and URL-safe alphabets) that tolerates line wraps and spaces.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace ssoctl::util {

/** Decodes standard or URL-safe base64; ASCII whitespace is skipped, anything else that is
 *  not in the alphabet fails with code `malformed_input`. Padding is optional but must be right.
 *  Example: `base64_decode("aGk=")` -> "hi". */
Result<std::string> base64_decode(std::string_view in, size_t max_out = SIZE_MAX);

/** Encodes with the standard alphabet and padding, no line breaks. */
std::string base64_encode(std::string_view in);

/** True when `in` (ignoring whitespace) uses only base64 characters and has a plausible length. */
bool looks_like_base64(std::string_view in);

}  // namespace ssoctl::util
