// ssoctl decode: any SAML message from any paste form, summarised and labelled UNVERIFIED.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "message_input.hpp"
#include "report/findings.hpp"
#include "report/message.hpp"
#include "saml/json.hpp"
#include "xml/document.hpp"

namespace ssoctl::cmd {
namespace {

struct DecodeOptions {
    CommonOptions common;
    MessageInput input;
    bool xml = false;
    std::string now;
};

int run_decode(const DecodeOptions& opts) {
    const Output out = resolve(opts.common);
    const util::UnixTime now = resolve_now(opts.now);
    auto loaded = load_message(opts.input);
    if (!loaded) return fail_run(loaded.error(), "decode", out);
    const saml::Normalized* normalized = &loaded->normalized;
    const saml::Message* message = &loaded->message;

    if (opts.xml) {
        std::cout << xml::pretty(message->doc.get());
        return kExitOk;
    }
    diag::Report report;
    if (out.json()) {
        nlohmann::json j = report::envelope("decode", report, out.lang);
        j["verified"] = false;
        j["input"] = {{"form", saml::input_form_name(normalized->form)},
                      {"deflated", normalized->deflated},
                      {"parameter", normalized->parameter.empty() ? nlohmann::json(nullptr) : nlohmann::json(normalized->parameter)},
                      {"relay_state", normalized->relay_state ? nlohmann::json(*normalized->relay_state) : nlohmann::json(nullptr)},
                      {"sig_alg", normalized->sig_alg ? nlohmann::json(*normalized->sig_alg) : nlohmann::json(nullptr)},
                      {"has_query_signature", normalized->signature.has_value()}};
        j["message"] = saml::to_json(*message);
        print_json(j);
        return kExitOk;
    }
    auto text = out.text(std::cout);
    report::render_message(text, *message, report::MessageView{now, false, false});
    if (normalized->relay_state || normalized->sig_alg) {
        text << "\n";
        if (normalized->relay_state) text.field("RelayState", *normalized->relay_state);
        if (normalized->sig_alg) text.field("SigAlg", *normalized->sig_alg);
    }
    text << "\n";
    text.styled(report::Style::dim, out.lang == diag::Lang::ja
                                         ? "内容は未検証です。署名の検証には 'ssoctl verify-sig' または 'ssoctl validate' を使ってください。\n"
                                         : "Nothing above is verified; run 'ssoctl verify-sig' or 'ssoctl validate' to check signatures.\n");
    return kExitOk;
}

}  // namespace

Registration register_decode(CLI::App& parent) {
    auto opts = std::make_shared<DecodeOptions>();
    CLI::App* app = parent.add_subcommand("decode", "Decode any SAML message from any paste form (UNVERIFIED)");
    add_message_input(app, opts->input);
    app->add_flag("--xml", opts->xml, "print the pretty-printed XML instead of the summary");
    app->add_option("--now", opts->now, "show relative times as of this RFC 3339 moment")->type_name("TIME");
    add_common(app, opts->common);
    app->footer(
        "Accepts raw XML, base64 (wrapped or not), URL-encoded base64, a 'SAMLResponse=…' form body,\n"
        "a full URL with SAMLRequest/SAMLResponse, and HTTP-Redirect DEFLATE payloads.\n\n"
        "EXAMPLES\n"
        "  # summarise a base64 SAMLResponse copied from the browser\n"
        "  ssoctl decode testdata/saml/paste/okta.b64\n\n"
        "  # an HTTP-Redirect AuthnRequest URL, as JSON\n"
        "  ssoctl decode --format json testdata/saml/paste/authnrequest.redirect-url\n\n"
        "  # the XML itself, pretty-printed\n"
        "  ssoctl decode --xml testdata/saml/okta-signed-response.xml\n\n"
        "EXIT STATUS\n  0 decoded   2 usage error   3 input could not be read or parsed");
    return {app, [opts] { return run_decode(*opts); }};
}

}  // namespace ssoctl::cmd
