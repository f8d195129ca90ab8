// ssoctl entry point: the command table, parse errors as exit 2, last-resort catch as exit 3.
#include <csignal>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "util/strings.hpp"
#include "xml/document.hpp"

namespace {

using namespace ssoctl::cmd;
using Registrar = Registration (*)(CLI::App&);

constexpr Registrar kCommands[] = {
    register_decode,
    register_verify_sig,
    register_check_audience,
    register_explain,
    register_validate,
    register_cert_expiry,
    register_metadata,
    register_scim_probe,
};

// Nearest known subcommand name, for "did you mean".
std::string suggest(const CLI::App& app, const std::string& word) {
    std::string best;
    size_t best_distance = 3;
    for (const CLI::App* sub : app.get_subcommands({})) {
        const std::string& name = sub->get_name();
        std::vector<size_t> row(name.size() + 1);
        for (size_t j = 0; j <= name.size(); ++j) row[j] = j;
        for (size_t i = 1; i <= word.size(); ++i) {
            size_t prev = row[0];
            row[0] = i;
            for (size_t j = 1; j <= name.size(); ++j) {
                const size_t cur = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (word[i - 1] == name[j - 1] ? 0 : 1)});
                prev = cur;
            }
        }
        if (row[name.size()] < best_distance) {
            best_distance = row[name.size()];
            best = name;
        }
    }
    return best;
}

int usage_error(const CLI::App& app, const CLI::App* failing, const std::string& message) {
    std::cerr << "ssoctl: " << message << '\n';
    const std::string name = failing && failing != &app ? " " + failing->get_name() : std::string();
    std::cerr << "run 'ssoctl" << name << " --help' for usage\n";
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    ssoctl::xml::harden_globals();
    CLI::App app{"ssoctl — SSO (SAML) and SCIM diagnostics for admins, CI and support engineers", "ssoctl"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("ssoctl ") + SSOCTL_VERSION);
    app.footer(
        "EXIT STATUS\n  0 no errors found   1 errors found   2 usage error   3 input/IO/network failure   130 interrupted\n\n"
        "EXAMPLES\n  # decode a pasted SAMLResponse\n  ssoctl decode testdata/saml/paste/okta.b64\n\n"
        "Run 'ssoctl <command> --help' for a command's flags and examples; 'ssoctl explain' lists every finding code.");

    std::vector<Registration> commands;
    for (Registrar r : kCommands) commands.push_back(r(app));

    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        for (const auto& c : commands) known = known || c.app->get_name() == argv[1];
        if (!known) {
            std::string message = "unknown command '" + ssoctl::util::visible(argv[1]) + "'";
            if (const std::string s = suggest(app, argv[1]); !s.empty()) message += "; did you mean '" + s + "'?";
            return usage_error(app, nullptr, message);
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --help-all, --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const CLI::App* failing = nullptr;
        for (const auto& c : commands) {
            if (c.app->parsed()) failing = c.app;
        }
        std::string message = e.what();
        if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] = static_cast<char>(message[0] - 'A' + 'a');
        if (e.get_name() == "RequiredError" && !failing && argc == 1) {
            std::cout << app.help();
            return kExitUsage;
        }
        return usage_error(app, failing, message);
    }

    for (const auto& c : commands) {
        if (!c.app->parsed()) continue;
        try {
            return c.run();
        } catch (const UsageError& e) {
            return usage_error(app, c.app, e.what());
        } catch (const std::exception& e) {
            std::cerr << "ssoctl: internal error: " << e.what() << '\n';
            return kExitRuntime;
        }
    }
    return kExitUsage;
}
