// The one path from a file or stdin to a parsed SAML message, shared by every SAML command.
#include "message_input.hpp"

#include "common.hpp"
#include "saml/parse.hpp"

namespace ssoctl::cmd {

void add_message_input(CLI::App* app, MessageInput& in) {
    app->add_option("input", in.path, "file with the message; '-' or nothing for stdin")->type_name("INPUT");
    app->add_option("--input-format", in.form, "force the paste form instead of detecting it: auto|xml|base64|urlencoded|form|url|deflate")
        ->check(CLI::IsMember({"auto", "xml", "base64", "urlencoded", "form", "url", "deflate"}))
        ->type_name("FORM");
}

Result<LoadedMessage> load_message(const MessageInput& in) {
    auto raw = read_input(in.path);
    if (!raw) return tl::make_unexpected(raw.error());
    auto normalized = saml::normalize(*raw, *saml::input_form_from_name(in.form));
    if (!normalized) return tl::make_unexpected(normalized.error());
    auto message = saml::parse_message(normalized->xml);
    if (!message) return tl::make_unexpected(message.error());
    return LoadedMessage{std::move(*normalized), std::move(*message)};
}

}  // namespace ssoctl::cmd
