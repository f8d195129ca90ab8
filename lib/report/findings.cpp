// Rendering of findings, shared by every command so text and JSON always say the same thing.
#include "report/findings.hpp"

#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::report {
namespace {

std::string message_in(const diag::Finding& f, diag::Lang lang) {
    if (lang == diag::Lang::ja && f.message.ja.empty()) {
        // Dynamic text without a Japanese rendering: registry title, then the English detail.
        return std::string(diag::info(f.code).title_ja) + "（" + f.message.en + "）";
    }
    return f.message.in(lang);
}

Style severity_style(diag::Severity s) {
    switch (s) {
        case diag::Severity::error: return Style::error;
        case diag::Severity::warning: return Style::warning;
        case diag::Severity::info: return Style::info;
    }
    return Style::info;
}

std::string severity_label(diag::Severity s, diag::Lang lang) {
    switch (s) {
        case diag::Severity::error: return i18n::tr("error", lang);
        case diag::Severity::warning: return i18n::tr("warning", lang);
        case diag::Severity::info: return i18n::tr("info", lang);
    }
    return "error";
}

}  // namespace

void render_findings(TextOut& out, const diag::Report& report) {
    const diag::Lang lang = out.lang();
    for (const auto& f : report.shown()) {
        out.styled(severity_style(f.severity), std::string(severity_label(f.severity, lang)));
        out << " ";
        out.styled(Style::bold, std::string(diag::name(f.code)));
        out << ": ";
        out.wrapped(util::visible(message_in(f, out.lang())), kValueColumn) << "\n";
        if (f.expected) out.field(i18n::tr("expected", lang), std::string(f.expected_in(lang)));
        if (f.actual) out.field(i18n::tr("actual", lang), std::string(f.actual_in(lang)));
        if (!f.location.empty()) out.field(i18n::tr("at", lang), std::string(f.location_in(lang)));
        if (const auto hint = f.hint_in(out.lang()); !hint.empty()) out.field(i18n::tr("fix", lang), hint);
    }
}

void render_verdict(TextOut& out, const diag::Report& report, std::string_view subject) {
    const diag::Lang lang = out.lang();
    const size_t errors = report.count(diag::Severity::error);
    const size_t warnings = report.count(diag::Severity::warning);
    std::string prefix = subject.empty() ? std::string() : std::string(subject) + ": ";
    if (errors == 0 && warnings == 0) {
        out.wrapped("✓ " + prefix + std::string(i18n::tr("no problems found", lang)), 2, Style::ok);
    } else {
        std::string text = errors ? "✗ " : "! ";
        text += prefix + i18n::fmt(i18n::trn("{} error", "{} errors", errors, lang), {std::to_string(errors)}) + i18n::tr(", ", lang) +
                i18n::fmt(i18n::trn("{} warning", "{} warnings", warnings, lang), {std::to_string(warnings)});
        out.wrapped(text, 2, errors ? Style::error : Style::warning);
    }
    out << "\n";
}

nlohmann::json finding_json(const diag::Finding& f, diag::Lang lang) {
    nlohmann::json j{{"code", diag::name(f.code)},
                     {"severity", diag::severity_name(f.severity)},
                     {"message", message_in(f, lang)},
                     {"hint", f.hint_in(lang)}};
    if (!f.location.empty()) j["location"] = f.location;
    if (f.expected) j["expected"] = *f.expected;
    if (f.actual) j["actual"] = *f.actual;
    return j;
}

nlohmann::json envelope_head(std::string_view command, const diag::Report& report) {
    nlohmann::json j;
    j["schema_version"] = 1;
    j["command"] = command;
    j["ok"] = !report.has_errors();
    return j;
}

std::function<void(const std::function<void(const nlohmann::json&)>&)> findings_stream(const diag::Report& report, diag::Lang lang) {
    return [&report, lang](const std::function<void(const nlohmann::json&)>& emit) {
        for (const auto& f : report.shown()) emit(finding_json(f, lang));
    };
}

nlohmann::json envelope(std::string_view command, const diag::Report& report, diag::Lang lang) {
    nlohmann::json j = envelope_head(command, report);
    j["findings"] = nlohmann::json::array();
    for (const auto& f : report.shown()) j["findings"].push_back(finding_json(f, lang));
    return j;
}

}  // namespace ssoctl::report
