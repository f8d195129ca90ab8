// One line a tired admin can trust: errors and warnings, how many checks ran, and what did not.
#include "report/verdict.hpp"

#include "util/strings.hpp"

namespace ssoctl::report {

void render_validation_verdict(TextOut& out, const validate::Validation& v, bool keyed, std::string_view subject) {
    const bool ja = out.ja();
    const diag::Report& r = v.outcome.report;
    const size_t errors = r.count(diag::Severity::error);
    const size_t warnings = r.count(diag::Severity::warning);
    const std::string n = std::to_string(v.verdict.checks_run);
    std::string text = errors ? "✗ " : (v.verdict.complete && warnings == 0 ? "✓ " : "! ");
    text += std::string(subject) + ": ";
    if (errors || warnings) {
        text += ja ? "エラー " + std::to_string(errors) + " 件、警告 " + std::to_string(warnings) + " 件（" + n + " 項目を確認）"
                   : std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
                         " in " + n + (v.verdict.checks_run == 1 ? " check" : " checks");
    } else if (v.verdict.complete) {
        text += ja ? "問題は見つかりませんでした（" + n + " 項目を確認）" : "no problems found in " + n + (v.verdict.checks_run == 1 ? " check" : " checks");
    } else {
        text += ja ? n + " 項目でエラーなし" : "no errors in " + n + (v.verdict.checks_run == 1 ? " check" : " checks");
    }
    std::vector<std::string> others;
    bool signature = false;
    for (const auto& u : v.verdict.unverified) {
        if (u == "signature") signature = true;
        else others.push_back(u);
    }
    if (signature) {
        if (!keyed) text += ja ? "。署名は未検証（信頼する鍵なし）: --idp-cert または --idp-metadata を指定してください" : "; signature NOT verified (no trusted key): pass --idp-cert or --idp-metadata";
        else text += ja ? "。署名は未検証" : "; signature NOT verified";
    }
    out.styled(errors ? Style::error : (v.verdict.complete && warnings == 0 ? Style::ok : Style::warning), text);
    out << "\n";
    if (!others.empty()) {
        // Each gap with its reason, so the next flag to add is on screen.
        std::vector<std::string> parts;
        for (const auto& id : others) {
            std::string reason;
            for (const auto& c : v.outcome.checks) {
                if (c.id == id) reason = c.reason;
            }
            parts.push_back(reason.empty() ? id : id + " (" + reason + ")");
        }
        out.styled(Style::dim, std::string(ja ? "  未確認: " : "  not checked: ") + util::join(parts, ", "));
        out << "\n";
    }
}

nlohmann::json verdict_json(const validate::Verdict& v) {
    return {{"ok", v.ok}, {"complete", v.complete}, {"checks_run", v.checks_run}, {"unverified", v.unverified}};
}

}  // namespace ssoctl::report
