// capture::read: detect what the bytes are, hand them to the matching reader, then give each
// response the context of its flow (the AuthnRequest it answers, the ACS it was posted to).
#include "capture/capture.hpp"

#include "i18n/i18n.hpp"
#include "capture/har.hpp"
#include "capture/html_form.hpp"
#include "capture/message_value.hpp"
#include "capture/paste.hpp"
#include "util/strings.hpp"

namespace ssoctl::capture {
namespace {

bool is_response(const Item& i) { return i.type == "Response" || i.type == "LogoutResponse"; }

std::string without_query(std::string_view url) { return std::string(url.substr(0, url.find_first_of("?#"))); }

// A browser posts the same value twice in a capture: in the IdP's auto-submit page and in the POST
// it triggers. Keep the POST (it carries the URL actually used).
void drop_page_duplicates(std::vector<Item>& items) {
    std::vector<Item> kept;
    for (size_t i = 0; i < items.size(); ++i) {
        bool dup = false;
        if (items[i].form == "html" && (!items[i].xml.empty() || !items[i].oidc.empty())) {
            for (size_t j = i + 1; j < items.size() && !dup; ++j) {
                dup = items[j].form != "html" && items[j].xml == items[i].xml && items[j].oidc == items[i].oidc;
            }
        }
        if (!dup) kept.push_back(std::move(items[i]));
    }
    for (size_t i = 0; i < kept.size(); ++i) kept[i].index = i + 1;
    items = std::move(kept);
}

void pair_flow(std::vector<Item>& items, bool whole_flow) {
    for (size_t i = 0; i < items.size(); ++i) {
        Item& r = items[i];
        if (r.type == "oidc_authorization_response" || r.type == "oidc_error") {
            for (size_t j = i; j-- > 0;) {
                if (items[j].type == "oidc_authorization_request") {
                    r.answers = items[j].index;
                    break;
                }
            }
            continue;
        }
        if (!is_response(r)) continue;
        const std::string want = r.type == "Response" ? "AuthnRequest" : "LogoutRequest";
        Context& c = r.context;
        if (!r.url.empty() && (r.method == "POST" || r.binding == Binding::redirect)) {
            c.observed_acs = without_query(r.url);
            c.add_source(r.method == "POST" ? i18n::text(N_("observed ACS: the URL the response was posted to"))
                                            : i18n::text(N_("observed ACS: the URL the response was sent to")));
        }
        const Item* req = nullptr;
        if (!r.in_response_to.empty()) {
            for (size_t j = 0; j < items.size() && !req; ++j) {
                if (items[j].type == want && items[j].id == r.in_response_to) req = &items[j];
            }
            if (req) r.answers = req->index;
        }
        if (!req) {
            for (size_t j = i; j-- > 0;) {
                if (items[j].type == want) {
                    req = &items[j];
                    break;
                }
            }
        }
        if (req) {
            c.request_index = req->index;
            c.expected_in_response_to = req->id;
            c.add_source(i18n::text(N_("expected InResponseTo: ID of {} #{}"), {{want}, {std::to_string(req->index)}}));
            if (r.type == "Response" && !req->issuer.empty()) {
                c.sp_entity_id = req->issuer;
                c.add_source(i18n::text(N_("SP entity ID: Issuer of AuthnRequest #{}"), {{std::to_string(req->index)}}));
            }
        } else if (whole_flow && r.type == "Response" && r.in_response_to.empty()) {
            c.idp_initiated = true;
            c.add_source(i18n::text(N_("IdP-initiated: no InResponseTo and no AuthnRequest before message #{} in the capture"), {{std::to_string(r.index)}}));
        } else if (whole_flow && r.type == "Response") {
            c.add_source(i18n::text(N_("no AuthnRequest with ID '{}' in the capture (recording started after the login began?)"), {{r.in_response_to}}));
        }
    }
}

// Marks of a paste the terminal cut: a line of exactly 4095 bytes (the tty's canonical limit).
bool has_tty_cut_line(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        if (end - start == 4095) return true;
        start = end + 1;
    }
    return false;
}

bool xml_cut(const std::string& problem) {
    return problem.find("Premature end") != std::string::npos || problem.find("EndTag") != std::string::npos;
}

constexpr const char* kFileInstead =
    N_("save the value to a file and pass its path (ssoctl decode FILE), or pipe it: xclip -o | ssoctl decode -");

}  // namespace

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::paste: return "paste";
        case Kind::har: return "har";
        case Kind::saml_tracer: return "saml_tracer";
        case Kind::html: return "html";
        case Kind::xml: return "xml";
    }
    return "paste";
}

std::string_view binding_name(Binding b) {
    switch (b) {
        case Binding::none: return "";
        case Binding::redirect: return "redirect";
        case Binding::post: return "post";
        case Binding::artifact: return "artifact";
        case Binding::wsfed: return "wsfed";
        case Binding::oidc: return "oidc";
    }
    return "";
}

std::optional<Form> form_from_name(std::string_view name) {
    for (Form f : {Form::auto_detect, Form::xml, Form::base64, Form::urlencoded, Form::form, Form::url, Form::deflate}) {
        if (form_name(f) == name) return f;
    }
    return std::nullopt;
}

std::string_view form_name(Form f) {
    switch (f) {
        case Form::auto_detect: return "auto";
        case Form::xml: return "xml";
        case Form::base64: return "base64";
        case Form::urlencoded: return "urlencoded";
        case Form::form: return "form";
        case Form::url: return "url";
        case Form::deflate: return "deflate";
    }
    return "auto";
}

Result<Capture> read(std::string_view bytes, const ReadOptions& opts) {
    if (bytes.size() > opts.max_capture) {
        return i18n::failure("input_too_large", N_("the input is {} bytes; the limit is {}"), {std::to_string(bytes.size()), std::to_string(opts.max_capture)});
    }
    Capture cap;
    std::string converted;
    std::string_view text = bytes;
    bool utf16 = false;
    if (detail::utf16_to_utf8(bytes, converted)) {
        text = converted;
        utf16 = true;
    }
    text = util::trim(detail::strip_utf8_bom(text));
    if (text.empty()) return i18n::failure("malformed_input", i18n::text(N_("the input is empty")), i18n::text(N_("paste a SAMLResponse value or pass a file")));

    if (opts.force == Form::auto_detect && text.front() == '{') {
        auto kind = detail::read_json_capture(text, opts, cap.items, cap.entries);
        if (!kind) return tl::make_unexpected(kind.error());
        if (*kind != detail::JsonKind::other) {
            cap.kind = *kind == detail::JsonKind::har ? Kind::har : Kind::saml_tracer;
            if (cap.items.empty()) {
                const diag::Text entries{std::to_string(cap.entries), {}};
                return i18n::failure(
                    "capture_no_sso_content",
                    cap.kind == Kind::har
                        ? i18n::text(N_("the HAR file has {} requests and none carries a SAML, WS-Federation or OpenID Connect message"), {entries})
                        : i18n::text(N_("the SAML-tracer export has {} requests and none carries a SAML, WS-Federation or OpenID Connect message"), {entries}),
                    i18n::text(N_("record again with 'Preserve log' on, from the start of the login to the error page")));
            }
            drop_page_duplicates(cap.items);
            pair_flow(cap.items, true);
            return cap;
        }
    }
    if (text.size() > opts.max_paste) {
        return i18n::failure("input_too_large", N_("the input is {} bytes; the limit for a paste is {}"), {std::to_string(text.size()), std::to_string(opts.max_paste)});
    }
    Result<Item> one = i18n::failure("malformed_input", N_("not read"));
    if (opts.force != Form::auto_detect) {
        one = detail::read_forced(text, opts.force, opts);
        cap.kind = opts.force == Form::xml ? Kind::xml : Kind::paste;
    } else if (text.front() == '<' && detail::looks_like_html(text)) {
        cap.kind = Kind::html;
        detail::items_from_html(text, "", "", opts, cap.items);
        if (cap.items.empty()) {
            return i18n::failure("malformed_input",
                                 i18n::text(N_("recognised an HTML page, but it has no form with a SAMLResponse, SAMLRequest, wresult or id_token input "
                                               "(it may be the IdP's error or login page)")),
                                 i18n::text(N_("save the page the IdP shows right before the redirect to the application, or a HAR file of the whole login")));
        }
        pair_flow(cap.items, false);
        return cap;
    } else if (text.front() == '<') {
        cap.kind = Kind::xml;
        Item item;
        item.form = "xml";
        item.xml = std::string(text);
        if (opts.describe) detail::describe(item);
        one = std::move(item);
    } else {
        Item item;
        if (text.front() == '{' && detail::read_json_paste(text, opts, item)) {
            one = item.problem.empty() ? Result<Item>(std::move(item))
                                       : i18n::failure("malformed_input", i18n::text(N_("recognised JSON with a SAML parameter, but its value could not be read: {}"),
                                                                                     {item.problem_text()}));
        } else {
            one = detail::read_text_paste(text, opts);
        }
    }
    if (!one) {
        if ((one.error().code == "malformed_input" || one.error().code == "truncated_paste") && has_tty_cut_line(text)) {
            return i18n::failure("truncated_paste",
                                 i18n::text(N_("the paste has a line of exactly 4095 bytes, where a terminal cuts long lines, and does not decode")), i18n::text(kFileInstead));
        }
        if (one.error().code == "truncated_paste") {
            const diag::Text hint = i18n::text(kFileInstead);
            one.error().detail = hint.en;
            one.error().detail_ja = hint.ja;
            one.error().detail_msgid.clear();
        }
        return tl::make_unexpected(one.error());
    }
    if (xml_cut(one->problem)) {
        return i18n::failure("truncated_paste", i18n::text(N_("the XML stops before its end ({}): the paste was cut"), {one->problem_text()}), i18n::text(kFileInstead));
    }
    if (utf16) one->add_repair(i18n::text(N_("converted from UTF-16")), true);
    cap.items.push_back(std::move(*one));
    pair_flow(cap.items, false);
    return cap;
}

Result<const Item*> pick(const Capture& cap, std::optional<size_t> index) {
    if (index) {
        if (*index < 1 || *index > cap.items.size()) {
            return i18n::failure("capture_index_out_of_range",
                                 i18n::text(N_("--index {} is outside 1..{}"), {{std::to_string(*index)}, {std::to_string(cap.items.size())}}),
                                 i18n::text(N_("run 'ssoctl decode FILE' to list the messages")));
        }
        const Item& it = cap.items[*index - 1];
        if (!it.problem.empty()) {
            return i18n::failure("malformed_input", i18n::text(N_("message #{} could not be decoded: {}"), {{std::to_string(it.index)}, it.problem_text()}));
        }
        if (!it.is_saml()) {
            return i18n::failure("capture_not_saml", i18n::text(N_("message #{} is {}, not a SAML message"), {{std::to_string(it.index)}, {it.type}}),
                                 i18n::text(N_("pick a SAML message with --index; OpenID Connect and WS-Federation entries are listed for reference")));
        }
        return &it;
    }
    if (cap.items.size() == 1 && cap.items[0].is_saml()) return &cap.items[0];
    const Item* last_saml = nullptr;
    for (auto it = cap.items.rbegin(); it != cap.items.rend(); ++it) {
        if (!it->is_saml() || !it->problem.empty()) continue;
        if (it->type == "Response") return &*it;
        if (!last_saml) last_saml = &*it;
    }
    if (last_saml) return last_saml;
    if (cap.items.size() == 1 && !cap.items[0].problem.empty()) return i18n::failure("malformed_input", cap.items[0].problem_text());
    return i18n::failure("capture_no_sso_content",
                         i18n::text(N_("the {} input holds {} SSO message(s), none of them a SAML message that could be decoded"),
                                    {{std::string(kind_name(cap.kind))}, {std::to_string(cap.items.size())}}),
                         i18n::text(N_("run 'ssoctl decode FILE' to list what it holds")));
}

}  // namespace ssoctl::capture
