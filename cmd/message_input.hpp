// Reading a SAML message for a command: file/stdin, paste-form detection, hardened parse.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "saml/input.hpp"
#include "saml/message.hpp"
#include "util/result.hpp"

namespace ssoctl::cmd {

struct MessageInput {
    std::string path;
    std::string form = "auto";
};

/** Adds the positional INPUT and --input-format. */
void add_message_input(CLI::App* app, MessageInput& in);

struct LoadedMessage {
    saml::Normalized normalized;
    saml::Message message;
};

Result<LoadedMessage> load_message(const MessageInput& in);

}  // namespace ssoctl::cmd
