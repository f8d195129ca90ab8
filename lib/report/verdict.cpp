// One line a tired admin can trust: errors and warnings, how many checks ran, and what did not.
#include "report/verdict.hpp"

#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::report {

void render_validation_verdict(TextOut& out, const validate::Validation& v, bool keyed, std::string_view subject) {
    const diag::Lang lang = out.lang();
    const diag::Report& r = v.outcome.report;
    const size_t errors = r.count(diag::Severity::error);
    const size_t warnings = r.count(diag::Severity::warning);
    const std::string n = std::to_string(v.verdict.checks_run);
    std::string text = errors ? "✗ " : (v.verdict.complete && warnings == 0 ? "✓ " : "! ");
    text += std::string(subject) + ": ";
    const std::string e = std::to_string(errors), w = std::to_string(warnings);
    const std::string checks = i18n::fmt(i18n::trn("{} check", "{} checks", v.verdict.checks_run, lang), {n});
    if (errors || warnings) {
        text += i18n::fmt(i18n::trn("{} error", "{} errors", errors, lang), {e}) + i18n::tr(", ", lang) +
                i18n::fmt(i18n::trn("{} warning", "{} warnings", warnings, lang), {w}) + i18n::trf(" in {}", lang, {checks});
    } else if (v.verdict.complete) {
        text += i18n::trf("no problems found in {}", lang, {checks});
    } else {
        text += i18n::trf("no errors in {}", lang, {checks});
    }
    std::vector<std::string> others;
    bool signature = false;
    for (const auto& u : v.verdict.unverified) {
        if (u == "signature") signature = true;
        else others.push_back(u);
    }
    if (signature) {
        if (!keyed) text += i18n::tr("; signature NOT verified (no trusted key): pass --idp-cert or --idp-metadata", lang);
        else text += i18n::tr("; signature NOT verified", lang);
    }
    out.wrapped(text, 2, errors ? Style::error : (v.verdict.complete && warnings == 0 ? Style::ok : Style::warning));
    out << "\n";
    if (!others.empty()) {
        // Each gap with its reason, so the next flag to add is on screen.
        std::vector<std::string> parts;
        for (const auto& id : others) {
            std::string reason;
            for (const auto& c : v.outcome.checks) {
                if (c.id == id) reason = c.reason;
            }
            parts.push_back(reason.empty() ? id : id + i18n::trf(" ({})", lang, {i18n::tr(reason, lang)}));
        }
        out << "  ";
        out.wrapped(std::string(i18n::tr("not checked: ", lang)) + util::join(parts, i18n::tr(", ", lang)), 4, Style::dim);
        out << "\n";
    }
}

nlohmann::json verdict_json(const validate::Verdict& v) {
    return {{"ok", v.ok}, {"complete", v.complete}, {"checks_run", v.checks_run}, {"unverified", v.unverified}};
}

}  // namespace ssoctl::report
