// The command table: each subcommand file provides one register_<name> function.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace ssoctl::cmd {

/** A registered subcommand: its CLI11 node and the runner to call when it was chosen. */
struct Registration {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Registration register_decode(CLI::App& parent);
Registration register_check_audience(CLI::App& parent);
Registration register_explain(CLI::App& parent);
Registration register_validate(CLI::App& parent);
Registration register_verify_sig(CLI::App& parent);
Registration register_cert_expiry(CLI::App& parent);
Registration register_metadata(CLI::App& parent);
Registration register_scim_probe(CLI::App& parent);
Registration register_completion(CLI::App& parent);

}  // namespace ssoctl::cmd
