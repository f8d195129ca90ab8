// The verdict of a validation run, in words that never claim more than was checked.
#pragma once

#include <nlohmann/json.hpp>

#include "report/style.hpp"
#include "validate/pipeline.hpp"

namespace ssoctl::report {

/** `✓ validate: no problems found in 10 checks` only when the run was complete; otherwise e.g.
 *  `✓ validate: no errors in 6 checks; signature NOT verified (no trusted key): pass --idp-cert
 *  or --idp-metadata`, or `✗ validate: 1 error, 0 warnings in 7 checks; not checked: audience`. */
void render_validation_verdict(TextOut& out, const validate::Validation& v, bool keyed, std::string_view subject);

/** {"ok":…, "complete":…, "checks_run":…, "unverified":[…]} */
nlohmann::json verdict_json(const validate::Verdict& v);

}  // namespace ssoctl::report
