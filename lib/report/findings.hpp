// Findings rendered as text (verdict + one block per finding) and as the JSON envelope.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "diag/finding.hpp"
#include "report/style.hpp"

namespace ssoctl::report {

/** One block per finding of `report.shown()` (at most Report::kShownPerCode of one code, then a count): severity, code, message, expected/actual, location, hint. */
void render_findings(TextOut& out, const diag::Report& report);

/** `✓ no problems found` / `✗ 2 errors, 1 warning`. */
void render_verdict(TextOut& out, const diag::Report& report, std::string_view subject = {});

nlohmann::json finding_json(const diag::Finding& f, diag::Lang lang);

/** {"schema_version":1, "command":…, "ok":…} without the findings (for streamed output). */
nlohmann::json envelope_head(std::string_view command, const diag::Report& report);

/** The "findings" array for report::write_object, one finding_json at a time. */
std::function<void(const std::function<void(const nlohmann::json&)>&)> findings_stream(const diag::Report& report, diag::Lang lang);

/** {"schema_version":1, "command":…, "ok":…, "findings":[…]}; commands add their own fields. */
nlohmann::json envelope(std::string_view command, const diag::Report& report, diag::Lang lang);

}  // namespace ssoctl::report
