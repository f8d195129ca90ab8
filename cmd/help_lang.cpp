#include "help_lang.hpp"

#include "i18n/i18n.hpp"

namespace ssoctl::cmd {

namespace {

// CLI11's fixed words, named by the keys its formatter looks them up with.
constexpr const char* kLabels[][2] = {
    {"Usage", N_("Usage")}, {"OPTIONS", N_("OPTIONS")}, {"SUBCOMMAND", N_("SUBCOMMAND")},
    {"SUBCOMMANDS", N_("SUBCOMMANDS")}, {"Positionals", N_("Positionals")}, {"REQUIRED", N_("REQUIRED")},
};

void localize(CLI::App& app, diag::Lang lang) {
    app.description(i18n::tr(app.get_description(), lang));
    app.footer(i18n::tr(app.get_footer(), lang));
    if (app.get_parent()) app.group(i18n::tr(app.get_group(), lang));  // "Subcommands"
    for (CLI::Option* o : app.get_options()) {
        o->description(i18n::tr(o->get_description(), lang));
        o->group(i18n::tr(o->get_group(), lang));
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) localize(*sub, lang);
}

// The texts CLI11 itself puts in, for the catalog: the help flag, the default groups.
[[maybe_unused]] constexpr const char* kCli11Texts[] = {N_("Print this help message and exit"), N_("Options"), N_("Subcommands")};

}  // namespace

void localize_help(CLI::App& app, diag::Lang lang) {
    if (lang == diag::Lang::en) return;
    for (const auto& [key, text] : kLabels) app.get_formatter()->label(key, i18n::tr(text, lang));
    localize(app, lang);
}

}  // namespace ssoctl::cmd
