// The one path from a file, stdin or a terminal paste to a parsed SAML message, shared by every SAML command.
#include "message_input.hpp"

#include <iostream>

#include <unistd.h>

#include "capture/source.hpp"
#include "common.hpp"
#include "i18n/i18n.hpp"
#include "saml/parse.hpp"

namespace ssoctl::cmd {
namespace {

constexpr size_t kMaxCapture = 2048u << 20;
constexpr size_t kMaxStdin = 512u << 20;

}  // namespace

void add_message_input(CLI::App* app, MessageInput& in) {
    app->add_option("input", in.path,
                    N_("file with the message, a HAR or SAML-tracer export, or an IdP page; '-' for stdin; nothing on a terminal: paste"))
        ->type_name("INPUT");
    app->add_option("--input-format", in.form, N_("force the paste form instead of detecting it: auto|xml|base64|urlencoded|form|url|deflate"))
        ->check(CLI::IsMember({"auto", "xml", "base64", "urlencoded", "form", "url", "deflate"}))
        ->type_name("FORM");
    app->add_option("--index", in.index, N_("message N of a capture, as listed by 'ssoctl decode FILE' (default: the last SAMLResponse)"))
        ->type_name("N")
        ->check(CLI::PositiveNumber);
}

Result<capture::Capture> load_capture(const MessageInput& in, diag::Lang lang) {
    capture::ReadOptions opts;
    opts.force = *capture::form_from_name(in.form);
    if (in.path.empty() && isatty(STDIN_FILENO)) {
        std::cerr << "ssoctl: " << i18n::tr("paste the message (any form), then press Enter and Ctrl-D", lang) << '\n' << std::flush;
        auto pasted = capture::read_terminal(STDIN_FILENO, opts.max_paste);
        if (!pasted) return tl::make_unexpected(pasted.error());
        opts.from_terminal = true;
        return capture::read(*pasted, opts);
    }
    auto src = capture::Source::open(in.path.empty() ? "-" : in.path, in.path.empty() || in.path == "-" ? kMaxStdin : kMaxCapture);
    if (!src) return tl::make_unexpected(src.error());
    return capture::read(src->bytes(), opts);
}

Result<LoadedMessage> load_message(const capture::Capture& cap, const MessageInput& in) {
    auto picked = capture::pick(cap, in.index ? std::optional<size_t>(in.index) : std::nullopt);
    if (!picked) return tl::make_unexpected(picked.error());
    auto message = saml::parse_message((*picked)->xml);
    if (!message) return tl::make_unexpected(message.error());
    return LoadedMessage{saml::normalized_of(**picked), std::move(*message), **picked, cap.kind, cap.items.size()};
}

Result<LoadedMessage> load_message(const MessageInput& in, diag::Lang lang) {
    auto cap = load_capture(in, lang);
    if (!cap) return tl::make_unexpected(cap.error());
    return load_message(*cap, in);
}

}  // namespace ssoctl::cmd
