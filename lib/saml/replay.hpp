// A file-backed replay cache: assertion IDs with their expiry, updated atomically.
#pragma once

#include <string>

#include "diag/finding.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace ssoctl::saml {

/** Records `assertion_id` until `expires` in the cache file at `path` (created when missing) and
 *  reports `replayed_assertion` when the ID is already recorded and not yet expired. Entries past
 *  their expiry are dropped. The file is rewritten via a temporary file + rename under an flock,
 *  so concurrent runs never lose entries. Errors: `io_error`. */
Result<bool> check_and_record(const std::string& path, const std::string& assertion_id, util::UnixTime expires,
                              util::UnixTime now);

}  // namespace ssoctl::saml
