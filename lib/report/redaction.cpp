// The redaction summary shared by decode --redact, decode --har-out and validate --redact.
#include "report/redaction.hpp"

#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::report {

nlohmann::json redaction_json(const capture::Redactor& r, size_t from) {
    nlohmann::json list = nlohmann::json::array();
    const auto& all = r.replaced();
    for (size_t i = from; i < all.size(); ++i) list.push_back({{"kind", all[i].kind}, {"placeholder", all[i].placeholder}, {"where", all[i].where}});
    return {{"verifiable", false}, {"note", std::string(capture::kRedactedMark)}, {"replaced", list}};
}

void add_redaction(nlohmann::json& j, const capture::Redactor& r, size_t from) {
    j["redacted"] = true;
    j["redaction"] = redaction_json(r, from);
}

void render_redaction(TextOut& out, const capture::Redactor& r, bool verified_before) {
    out << "\n";
    if (verified_before) {
        out.wrapped(i18n::tr("REDACTED: the checks ran on the original bytes; the values shown were replaced:\n", out.lang()), 2, Style::warning);
    } else {
        out.wrapped(i18n::tr("REDACTED: signatures no longer verify. Replaced:\n", out.lang()), 2, Style::warning);
    }
    for (const auto& line : r.summary()) out << "  " << util::visible(line.in(out.lang())) << "\n";
}

}  // namespace ssoctl::report
