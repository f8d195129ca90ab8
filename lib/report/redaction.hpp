// What --redact replaced, for decode and validate alike: a text block and the JSON `redaction` object.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "capture/redact.hpp"
#include "report/style.hpp"

namespace ssoctl::report {

/** {"verifiable": false, "note": …, "replaced": [{kind, placeholder, where}]} — the replacements
 *  from the `from`-th on (a --batch line lists only what it added). */
nlohmann::json redaction_json(const capture::Redactor& r, size_t from = 0);

/** Marks a JSON report as redacted: `"redacted": true` and `"redaction"` (redaction_json). */
void add_redaction(nlohmann::json& j, const capture::Redactor& r, size_t from = 0);

/** `REDACTED: signatures no longer verify. Replaced:` and one line per kind (Redactor::summary).
 *  `verified_before` (validate): the checks ran on the original bytes, so the verdict stands. */
void render_redaction(TextOut& out, const capture::Redactor& r, bool verified_before = false);

}  // namespace ssoctl::report
