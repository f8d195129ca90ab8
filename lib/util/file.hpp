// Reading a whole file (or stdin for "-") with a size cap, as a Result.
#pragma once

#include <string>

#include "util/result.hpp"

namespace ssoctl::util {

/** Reads `path` ("-" = stdin) whole. More than `max_bytes` -> `input_too_large` (reading stops
 *  there); cannot open or read -> `io_error` with the system's reason. */
Result<std::string> read_file(const std::string& path, size_t max_bytes);

}  // namespace ssoctl::util
