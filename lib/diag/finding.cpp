// Report bookkeeping: findings keep their order; severity comes from the registry unless set.
#include "diag/finding.hpp"

namespace ssoctl::diag {

std::string_view Finding::hint_in(Lang lang) const {
    if (!hint.empty()) return hint.in(lang);
    return info(code).hint(lang);
}

Finding make_finding(Code code, Text message, Text hint) {
    Finding f{code, info(code).severity, std::move(message), std::move(hint), {}, std::nullopt, std::nullopt};
    return f;
}

Finding& Report::add(Finding f) {
    m_findings.push_back(std::move(f));
    return m_findings.back();
}

Finding& Report::add(Code code, Text message, Text hint) {
    return add(make_finding(code, std::move(message), std::move(hint)));
}

Finding& Report::add(const Error& e) {
    const Code code = code_from_name(e.code).value_or(Code::malformed_input);
    std::string msg = e.message;
    if (!e.detail.empty()) msg += " (" + e.detail + ")";
    return add(code, Text{msg, {}});
}

bool Report::has(Code code) const {
    for (const auto& f : m_findings) {
        if (f.code == code) return true;
    }
    return false;
}

bool Report::has_errors() const { return count(Severity::error) > 0; }

size_t Report::count(Severity s) const {
    size_t n = 0;
    for (const auto& f : m_findings) n += f.severity == s;
    return n;
}

void Report::apply_strict() {
    for (auto& f : m_findings) {
        if (f.severity == Severity::warning) f.severity = Severity::error;
    }
}

void Report::append(const Report& other) {
    m_findings.insert(m_findings.end(), other.m_findings.begin(), other.m_findings.end());
}

}  // namespace ssoctl::diag
