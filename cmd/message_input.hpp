// Reading a SAML message for a command: file/stdin/terminal paste, capture reading (every paste
// form, HAR, SAML-tracer, auto-submit HTML), --index, hardened parse.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "capture/capture.hpp"
#include "saml/input.hpp"
#include "saml/message.hpp"
#include "util/result.hpp"

namespace ssoctl::cmd {

struct MessageInput {
    std::string path;
    std::string form = "auto";
    size_t index = 0;  // 0: not given (the last SAMLResponse of a capture)
};

/** Adds the positional INPUT, --input-format and --index. */
void add_message_input(CLI::App* app, MessageInput& in);

/** Reads INPUT (a file is mapped, not copied; no INPUT on a terminal prompts on stderr and reads the
 *  paste without the line limit) and detects what it is. */
Result<capture::Capture> load_capture(const MessageInput& in, diag::Lang lang = diag::Lang::en);

struct LoadedMessage {
    saml::Normalized normalized;  // the binding view dsig and the checks use
    saml::Message message;
    capture::Item item;           // the chosen message: URL, binding, repairs, flow context
    capture::Kind kind = capture::Kind::paste;
    size_t count = 1;             // messages in the capture
};

/** load_capture + capture::pick (--index, else the last SAMLResponse) + hardened parse. */
Result<LoadedMessage> load_message(const MessageInput& in, diag::Lang lang = diag::Lang::en);
Result<LoadedMessage> load_message(const capture::Capture& cap, const MessageInput& in);


}  // namespace ssoctl::cmd
