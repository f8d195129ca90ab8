// Report bookkeeping: findings keep their order; severity comes from the registry unless set.
#include "diag/finding.hpp"
#include "i18n/i18n.hpp"

#include <string>
#include <unordered_map>

namespace ssoctl::diag {

std::string_view Finding::hint_in(Lang lang) const {
    if (!hint.empty()) return hint.in(lang);
    return info(code).hint(lang);
}

std::string_view Finding::expected_in(Lang lang) const {
    if (lang == Lang::ja && !expected_ja.empty()) return expected_ja;
    return expected ? std::string_view(*expected) : std::string_view();
}

std::string_view Finding::actual_in(Lang lang) const {
    if (lang == Lang::ja && !actual_ja.empty()) return actual_ja;
    return actual ? std::string_view(*actual) : std::string_view();
}

Finding make_finding(Code code, Text message, Text hint) {
    Finding f{code, info(code).severity, std::move(message), std::move(hint), {}, std::nullopt, std::nullopt, {}, {}, {}};
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
    std::string msg = e.message, ja = e.ja;
    if (!e.detail.empty()) {
        msg += " (" + e.detail + ")";
        if (!ja.empty()) ja += "（" + (e.detail_ja.empty() ? e.detail : e.detail_ja) + "）";
    }
    return add(code, Text{msg, ja});
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

std::vector<Finding> Report::shown() const {
    std::unordered_map<Code, size_t> total;
    for (const auto& f : m_findings) ++total[f.code];
    std::unordered_map<Code, Severity> worst_hidden;
    for (const auto& [code, n] : total) {
        if (n <= kShownPerCode) continue;
        size_t seen = 0;
        Severity worst = Severity::info;
        for (const auto& f : m_findings) {
            if (f.code == code && ++seen > kShownPerCode && static_cast<int>(f.severity) > static_cast<int>(worst)) worst = f.severity;
        }
        worst_hidden[code] = worst;
    }
    std::vector<Finding> out;
    std::unordered_map<Code, size_t> seen;
    for (const auto& f : m_findings) {
        const size_t n = ++seen[f.code];
        if (n > kShownPerCode) continue;
        out.push_back(f);
        if (n == kShownPerCode && total[f.code] > kShownPerCode) {
            const std::string more = std::to_string(total[f.code] - kShownPerCode);
            const std::string code(name(f.code));
            Finding summary = make_finding(f.code, i18n::text(N_("… and {} more {} findings like the ones above (not shown)"), {{std::string(more)}, {std::string(code)}}));
            summary.severity = worst_hidden[f.code];
            summary.hint = i18n::text(N_("the first findings name the cause; fix it and run again"));
            out.push_back(std::move(summary));
        }
    }
    return out;
}

void Report::append(const Report& other) {
    m_findings.insert(m_findings.end(), other.m_findings.begin(), other.m_findings.end());
}

}  // namespace ssoctl::diag
