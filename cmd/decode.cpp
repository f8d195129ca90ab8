// ssoctl decode: any SAML message from any paste form or capture, summarised and labelled UNVERIFIED;
// a HAR or SAML-tracer file is listed as a flow; --redact makes the output fit for a support ticket.
#include <fstream>
#include <iostream>

#include "capture/redact.hpp"
#include "capture/source.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "message_input.hpp"
#include "report/findings.hpp"
#include "report/message.hpp"
#include "report/redaction.hpp"
#include "saml/json.hpp"
#include "saml/parse.hpp"
#include "util/strings.hpp"
#include "xml/document.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::cmd {
namespace {

struct DecodeOptions {
    CommonOptions common;
    MessageInput input;
    bool xml = false;
    bool redact = false;
    std::string har_out;
    std::string now;
};

bool is_flow(const capture::Capture& cap) {
    return cap.kind == capture::Kind::har || cap.kind == capture::Kind::saml_tracer || cap.items.size() > 1;
}

int write_capture(const DecodeOptions& opts, const Output& out) {
    if (opts.input.path.empty() || opts.input.path == "-") throw UsageError(i18n::text(N_("--har-out needs the HAR file or SAML-tracer export as INPUT (a file, not stdin)")));
    auto src = capture::Source::open(opts.input.path, 2048u << 20);
    if (!src) return fail_run(src.error(), "decode", out);
    capture::Redactor r;
    auto redacted = r.capture_file(src->bytes());
    if (!redacted && redacted.error().code == capture::kNotACaptureFile) {
        throw UsageError(i18n::text(N_("--har-out: {}; {}"), {i18n::text_of(redacted.error()), i18n::detail_of(redacted.error())}));
    }
    if (!redacted) return fail_run(redacted.error(), "decode", out);
    std::ofstream f(opts.har_out, std::ios::binary | std::ios::trunc);
    f << redacted->text;
    if (!f) return fail_run(i18n::error_of("io_error", N_("cannot write '{}'"), {opts.har_out}), "decode", out);
    const bool har = redacted->kind == capture::Kind::har;
    if (out.json()) {
        diag::Report report;
        nlohmann::json j = report::envelope("decode", report, out.lang);
        j["har_out"] = opts.har_out;
        j["capture_out"] = {{"path", opts.har_out}, {"kind", capture::kind_name(redacted->kind)}};
        report::add_redaction(j, r);
        print_json(j);
        return kExitOk;
    }
    auto text = out.text(std::cout);
    text << i18n::trf(har ? N_("wrote the redacted HAR: {}") : N_("wrote the redacted SAML-tracer export: {}"), out.lang, {util::visible(opts.har_out)}) << "\n";
    report::render_redaction(text, r);
    return kExitOk;
}

int run_decode(const DecodeOptions& opts) {
    const Output out = resolve(opts.common);
    const util::UnixTime now = resolve_now(opts.now);
    if (!opts.har_out.empty()) return write_capture(opts, out);
    auto cap = load_capture(opts.input, out.lang);
    if (!cap) return fail_run(cap.error(), "decode", out);
    capture::Redactor redactor;
    if (opts.redact) {
        for (auto& it : cap->items) redactor.item(it);
    }

    if (is_flow(*cap) && opts.input.index == 0 && !opts.xml) {
        diag::Report report;
        if (out.json()) {
            nlohmann::json j = report::envelope("decode", report, out.lang);
            j["verified"] = false;
            j["capture"] = {{"kind", capture::kind_name(cap->kind)}, {"entries", cap->entries}};
            j["messages"] = report::capture_list_json(*cap);
            if (opts.redact) report::add_redaction(j, redactor);
            print_json(j);
            return kExitOk;
        }
        auto text = out.text(std::cout);
        report::render_capture_list(text, *cap);
        if (opts.redact) report::render_redaction(text, redactor);
        return kExitOk;
    }

    if (opts.input.index >= 1 && opts.input.index <= cap->items.size() && !cap->items[opts.input.index - 1].is_saml() &&
        cap->items[opts.input.index - 1].problem.empty()) {
        // OpenID Connect, WS-Federation and artifact entries: shown as captured, for later commands.
        const capture::Item& it = cap->items[opts.input.index - 1];
        diag::Report report;
        if (out.json()) {
            nlohmann::json j = report::envelope("decode", report, out.lang);
            j["verified"] = false;
            j["capture"] = report::item_json(it);
            if (opts.redact) report::add_redaction(j, redactor);
            print_json(j);
            return kExitOk;
        }
        auto text = out.text(std::cout);
        text.styled(report::Style::bold, it.type);
        text << " ";
        text.styled(report::Style::warning, i18n::tr("[UNVERIFIED]", out.lang));
        text << "\n";
        report::render_item_source(text, it, cap->kind, cap->items.size());
        for (const auto& [k, v] : it.oidc) text.field(k, v);
        if (!it.xml.empty()) text.field("XML", std::to_string(it.xml.size()) + " bytes (" + it.type + ")");
        if (opts.redact) report::render_redaction(text, redactor);
        return kExitOk;
    }
    auto loaded = load_message(*cap, opts.input);
    if (!loaded) return fail_run(loaded.error(), "decode", out);
    const capture::Item& item = loaded->item;
    const saml::Message* message = &loaded->message;

    if (opts.xml) {
        if (opts.redact) {
            std::cout << item.xml << "\n";
            auto err = out.text(std::cerr);
            report::render_redaction(err, redactor);
        } else {
            std::cout << xml::pretty(message->doc.get());
        }
        return kExitOk;
    }
    diag::Report report;
    if (out.json()) {
        nlohmann::json j = report::envelope("decode", report, out.lang);
        j["verified"] = false;
        j["input"] = {{"form", item.form},
                      {"deflated", item.deflated},
                      {"parameter", item.parameter.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.parameter)},
                      {"relay_state", item.relay_state ? nlohmann::json(*item.relay_state) : nlohmann::json(nullptr)},
                      {"sig_alg", item.sig_alg ? nlohmann::json(*item.sig_alg) : nlohmann::json(nullptr)},
                      {"has_query_signature", item.signature.has_value()}};
        if (!item.repairs.empty()) j["input"]["repairs"] = item.repairs;
        if (is_flow(*cap) || !item.url.empty()) j["capture"] = report::item_json(item);
        j["message"] = saml::to_json(*message);
        if (opts.redact) report::add_redaction(j, redactor);
        print_json(j);
        return kExitOk;
    }
    auto text = out.text(std::cout);
    if (is_flow(*cap) || !item.repairs.empty() || !item.context.sources.empty()) {
        report::render_item_source(text, item, cap->kind, cap->items.size());
        text << "\n";
    }
    report::MessageView view{now, false, false};
    report::set_binding(view, item);
    report::render_message(text, *message, view);
    if (opts.redact) report::render_redaction(text, redactor);
    text << "\n";
    text.wrapped(i18n::tr("Nothing above is verified; run 'ssoctl verify-sig' or 'ssoctl validate' to check signatures.\n", out.lang), 2, report::Style::dim);
    return kExitOk;
}

}  // namespace

Registration register_decode(CLI::App& parent) {
    auto opts = std::make_shared<DecodeOptions>();
    CLI::App* app = parent.add_subcommand("decode", N_("Decode any SAML message from any paste form or capture (UNVERIFIED)"));
    add_message_input(app, opts->input);
    app->add_flag("--xml", opts->xml, N_("print the pretty-printed XML instead of the summary"));
    app->add_flag("--redact", opts->redact, N_("replace personal data and secrets with stable placeholders (output no longer verifies)"));
    app->add_option("--har-out,--capture-out", opts->har_out,
                    N_("write a redacted copy of the HAR or SAML-tracer INPUT to FILE, in the same format"))
        ->type_name("FILE");
    app->add_option("--now", opts->now, N_("show relative times as of this RFC 3339 moment"))->type_name("TIME");
    add_common(app, opts->common);
    app->footer(
        N_("Accepts raw XML (UTF-8 or UTF-16), base64 (wrapped or not), URL-encoded base64 (once or twice), a\n"
        "'SAMLResponse=…' form body, a full URL, a DevTools 'SAMLResponse: …' line, 'Copy as cURL', a log line,\n"
        "JSON, quoted values, the IdP's auto-submit HTML page, HAR files and SAML-tracer exports. A HAR or\n"
        "SAML-tracer file is listed as a flow; --index N shows one message. With no INPUT on a terminal it\n"
        "asks for a paste (end it with Enter and Ctrl-D).\n\n"
        "EXAMPLES\n"
        "  # summarise a base64 SAMLResponse copied from the browser\n"
        "  ssoctl decode testdata/saml/paste/okta.b64\n\n"
        "  # an HTTP-Redirect AuthnRequest URL, as JSON\n"
        "  ssoctl decode --format json testdata/saml/paste/authnrequest.redirect-url\n\n"
        "  # list the SSO messages of a browser HAR export, then show the second one\n"
        "  ssoctl decode testdata/capture/chrome-sp-initiated.har\n"
        "  ssoctl decode testdata/capture/chrome-sp-initiated.har --index 2\n\n"
        "  # a redacted copy of a HAR (or of a SAML-tracer export) for a support ticket\n"
        "  ssoctl decode testdata/capture/chrome-sp-initiated.har --har-out /tmp/redacted.har\n"
        "  ssoctl decode testdata/capture/saml-tracer.json --capture-out /tmp/redacted-tracer.json\n\n"
        "  # the XML itself, pretty-printed\n"
        "  ssoctl decode --xml testdata/saml/okta-signed-response.xml\n\n"
        "EXIT STATUS\n  0 decoded   2 usage error   3 input could not be read or parsed"));
    return {app, [opts] { return run_decode(*opts); }};
}

}  // namespace ssoctl::cmd
