// ssoctl explain: what a code means, why it happens (per IdP) and how to fix it.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "diag/code.hpp"
#include "diag/explain.hpp"
#include "report/style.hpp"
#include "util/strings.hpp"
#include "i18n/i18n.hpp"
#include "util/width.hpp"

namespace ssoctl::cmd {
namespace {

struct ExplainOptions {
    CommonOptions common;
    std::string code;
};

nlohmann::json code_json(const diag::CodeInfo& c, diag::Lang lang) {
    const auto causes = diag::causes(c.code, lang);
    return {{"code", c.name},
            {"severity", diag::severity_name(c.severity)},
            {"title", c.title(lang)},
            {"hint", c.hint(lang)},
            {"causes", causes.empty() ? nlohmann::json(nullptr) : nlohmann::json(causes)}};
}

int run_explain(const ExplainOptions& opts) {
    const Output out = resolve(opts.common);
    const diag::Lang lang = out.lang;
    if (opts.code.empty()) {
        if (out.json()) {
            nlohmann::json j{{"schema_version", 1}, {"command", "explain"}, {"ok", true}, {"findings", nlohmann::json::array()}, {"codes", nlohmann::json::array()}};
            for (const auto& c : diag::all_codes()) j["codes"].push_back(code_json(c, out.lang));
            print_json(j);
            return kExitOk;
        }
        auto text = out.text(std::cout);
        for (const auto& c : diag::all_codes()) {
            std::string name(c.name);
            name.resize(std::max<size_t>(name.size(), 30), ' ');
            text.styled(report::Style::bold, name);
            text << " " << util::pad_to_width(i18n::tr(c.severity == diag::Severity::warning ? N_("warning") : N_("error"), lang), 7) << "  " << c.title(out.lang) << "\n";
        }
        text << "\n" << (i18n::tr("Details: ssoctl explain <code>\n", lang));
        return kExitOk;
    }
    const auto code = diag::code_from_name(opts.code);
    if (!code) {
        std::string suggestion;
        for (const auto& c : diag::all_codes()) {
            if (c.name.find(opts.code) != std::string_view::npos || opts.code.find(c.name) != std::string::npos) {
                suggestion = std::string(c.name);
                break;
            }
        }
        const diag::Text code_word{util::visible(opts.code), {}};
        throw UsageError(suggestion.empty() ? i18n::text(N_("unknown code '{}' ('ssoctl explain' lists every code)"), {code_word})
                                            : i18n::text(N_("unknown code '{}'; did you mean '{}'? ('ssoctl explain' lists every code)"),
                                                         {code_word, {suggestion}}));
    }
    const diag::CodeInfo& c = diag::info(*code);
    if (out.json()) {
        nlohmann::json j{{"schema_version", 1}, {"command", "explain"}, {"ok", true}, {"findings", nlohmann::json::array()}};
        j["codes"] = nlohmann::json::array({code_json(c, out.lang)});
        print_json(j);
        return kExitOk;
    }
    auto text = out.text(std::cout);
    text.styled(report::Style::bold, std::string(c.name));
    text << " (" << (c.severity == diag::Severity::warning ? (i18n::tr("default severity: warning", lang)) : (i18n::tr("default severity: error", lang))) << ")\n\n";
    text << c.title(out.lang) << "\n\n";
    if (const auto causes = diag::causes(c.code, out.lang); !causes.empty()) {
        text.styled(report::Style::bold, i18n::tr("Typical causes", lang));
        text << "\n" << causes << "\n\n";
    }
    text.styled(report::Style::bold, i18n::tr("Fix", lang));
    text << "\n" << c.hint(out.lang) << "\n";
    return kExitOk;
}

}  // namespace

Registration register_explain(CLI::App& parent) {
    auto opts = std::make_shared<ExplainOptions>();
    CLI::App* app = parent.add_subcommand("explain", N_("Explain a finding code: meaning, typical causes per IdP, fix"));
    app->add_option("code", opts->code, N_("the code, e.g. invalid_audience; none lists every code"))->type_name("CODE");
    add_common(app, opts->common);
    app->footer(
        N_("EXAMPLES\n"
        "  # why does the SP say the audience is wrong?\n"
        "  ssoctl explain invalid_audience\n\n"
        "  # the same in Japanese\n"
        "  ssoctl explain --lang ja invalid_audience\n\n"
        "  # every code, as JSON\n"
        "  ssoctl explain --json\n\n"
        "EXIT STATUS\n  0 explained   2 unknown code or usage error"));
    return {app, [opts] { return run_explain(*opts); }};
}

}  // namespace ssoctl::cmd
