// The decode summary. Everything shown is attacker-controlled until verified: values pass
// through TextOut::field, which makes control and bidi characters visible.
#include "report/message.hpp"

#include "util/strings.hpp"
#include "util/width.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::report {
namespace {

// "aes256-cbc" for an http URI with a fragment, "PasswordProtectedTransport" for a URN; a URL
// without a fragment stays whole (cutting at its last ':' left "//www.w3.org/…").
std::string short_uri(const std::string& uri) {
    if (uri.starts_with("http://") || uri.starts_with("https://")) {
        const size_t hash = uri.rfind('#');
        return hash == std::string::npos || hash + 1 == uri.size() ? uri : uri.substr(hash + 1);
    }
    const size_t colon = uri.rfind(':');
    return colon == std::string::npos || colon + 1 == uri.size() ? uri : uri.substr(colon + 1);
}

void render_cert(TextOut& out, const x509::CertInfo& c, util::UnixTime now, std::string_view label) {
    const diag::Lang lang = out.lang();
    out.field(label, c.subject);
    out.field("sha256", x509::pretty_fingerprint(c.sha256));
    out.field(i18n::tr("thumbprint", lang), util::to_upper(c.sha1));  // SHA-1, as Entra and ADFS consoles show it
    std::string validity = util::format_rfc3339(c.not_before) + " .. " + util::format_rfc3339(c.not_after);
    const std::string when = lang == diag::Lang::ja ? util::relative_ja(c.not_after, now) : util::relative(c.not_after, now);
    validity += i18n::trf(c.not_after < now ? N_(" (expired {})") : N_(" (expires {})"), lang, {when});
    out.field(i18n::tr("validity", lang), validity);
}

void heading(TextOut& out, const std::string& text, bool verified) {
    out.styled(Style::bold, text);
    if (!verified) {
        out << " ";
        out.styled(Style::warning, i18n::tr("[UNVERIFIED]", out.lang()));
    }
    out << "\n";
}

void render_assertion(TextOut& out, const saml::Assertion& a, size_t index, const MessageView& view) {
    const diag::Lang lang = out.lang();
    std::string title = (i18n::tr("Assertion ", lang)) + std::to_string(index + 1);
    if (a.encrypted) {
        heading(out, title + (i18n::tr(" (encrypted)", lang)), view.verified);
        if (a.encryption) {
            out.field(i18n::tr("cipher", lang), short_uri(a.encryption->data_algorithm));
            out.field(i18n::tr("key transport", lang), short_uri(a.encryption->key_transport_algorithm));
            if (a.encryption->recipient_cert) render_cert(out, *a.encryption->recipient_cert, view.now, i18n::tr("for cert", lang));
        }
        out.field(i18n::tr("note", lang), i18n::tr("decrypt with 'ssoctl validate --sp-key FILE'", lang));
        return;
    }
    heading(out, title, view.verified);
    out.field("ID", a.id);
    out.field(i18n::tr("issuer", lang), a.issuer);
    if (a.name_id) {
        out.field("NameID", a.name_id->value);
        out.field(i18n::tr("format", lang), a.name_id->format.empty() ? "-" : short_uri(a.name_id->format));
    } else {
        out.field("NameID", a.encrypted_id ? (i18n::tr("(encrypted)", lang)) : (i18n::tr("(none)", lang)));
    }
    if (a.conditions.present) {
        if (!a.conditions.not_before.empty()) out.field("NotBefore", time_with_relative(a.conditions.not_before, view.now, lang));
        if (!a.conditions.not_on_or_after.empty()) out.field("NotOnOrAfter", time_with_relative(a.conditions.not_on_or_after, view.now, lang));
        for (const auto& aud : a.conditions.audiences) out.field("Audience", aud);
    }
    for (const auto& c : a.confirmations) {
        out.field(i18n::tr("confirmation", lang), short_uri(c.method));
        if (!c.recipient.empty()) out.field("Recipient", c.recipient);
        if (!c.in_response_to.empty()) out.field("InResponseTo", c.in_response_to);
        if (!c.not_on_or_after.empty()) out.field(i18n::tr("confirm by", lang), time_with_relative(c.not_on_or_after, view.now, lang));
    }
    if (a.authn.present) {
        out.field(i18n::tr("authn instant", lang), time_with_relative(a.authn.instant, view.now, lang));
        if (!a.authn.context_class.empty()) out.field(i18n::tr("authn context", lang), short_uri(a.authn.context_class));
        if (!a.authn.session_index.empty()) out.field("SessionIndex", a.authn.session_index);
        if (!a.authn.session_not_on_or_after.empty()) out.field(i18n::tr("session until", lang), time_with_relative(a.authn.session_not_on_or_after, view.now, lang));
    }
    if (!a.attributes.empty()) {
        out.styled(Style::label, i18n::tr("  attributes:\n", lang));
        for (const auto& at : a.attributes) {
            std::string values;
            for (size_t i = 0; i < at.values.size(); ++i) values += (i ? ", " : "") + at.values[i];
            out << "    ";
            out.styled(Style::value, util::visible(at.name));
            out << " = " << util::visible(values.empty() ? (i18n::tr("(no value)", lang)) : values) << "\n";
        }
    }
}

std::string after_hash(const std::string& uri) {
    const size_t hash = uri.find('#');
    return hash == std::string::npos ? uri : uri.substr(hash + 1);
}

std::string state_label(const std::optional<bool>& verified, diag::Lang lang) {
    return !verified ? i18n::tr("[UNVERIFIED]", lang) : *verified ? i18n::tr("[VERIFIED]", lang) : i18n::tr("[INVALID]", lang);
}

Style state_style(const std::optional<bool>& verified) { return !verified ? Style::warning : *verified ? Style::ok : Style::error; }

void render_query_signature(TextOut& out, const saml::Message& m, const MessageView& view) {
    const diag::Lang lang = out.lang();
    const QuerySignature& q = *view.query_signature;
    const bool response = m.type == saml::MessageType::response || m.type == saml::MessageType::logout_response;
    out.styled(Style::bold, i18n::tr("Signature (URL query)", lang));
    out << " ";
    out.styled(state_style(q.verified), state_label(q.verified, lang));
    out << "\n";
    std::string covers = response ? "SAMLResponse" : "SAMLRequest";
    if (view.relay_state) covers += ", RelayState";
    covers += ", SigAlg";
    out.field(i18n::tr("covers", lang), i18n::trf("{} (HTTP-Redirect query string)", lang, {covers}));
    out.field(i18n::tr("algorithm", lang), short_uri(after_hash(q.algorithm)));
    out.field(i18n::tr("signer", lang), response ? i18n::tr("the IdP (a response is signed with the IdP's key)", lang)
                                                 : i18n::tr("the SP (a request is signed with the SP's key)", lang));
    if (!q.verified_by.empty()) out.field(i18n::tr("verified by", lang), q.verified_by);
}

}  // namespace

void set_binding(MessageView& view, const capture::Item& item) {
    view.relay_state = item.relay_state;
    if (item.sig_alg && item.signature) view.query_signature = QuerySignature{*item.sig_alg, std::nullopt, {}};
}

std::string time_with_relative(const std::string& rfc3339, util::UnixTime now, diag::Lang lang) {
    auto t = util::parse_rfc3339(rfc3339);
    if (!t) return rfc3339 + (i18n::tr(" (not a valid time)", lang));
    return util::format_rfc3339(*t) + i18n::trf(" ({})", lang, {lang == diag::Lang::ja ? util::relative_ja(*t, now) : util::relative(*t, now)});
}

void render_message(TextOut& out, const saml::Message& m, const MessageView& view) {
    const diag::Lang lang = out.lang();
    // Only a signature on the message element itself vouches for its header (Issuer, Status…).
    heading(out, std::string(saml::type_name(m.type)), view.response_verified);
    out.field("ID", m.id);
    if (!m.issue_instant.empty()) out.field(i18n::tr("issued", lang), time_with_relative(m.issue_instant, view.now, lang));
    out.field(i18n::tr("issuer", lang), m.issuer.empty() ? (i18n::tr("(none)", lang)) : m.issuer);
    if (!m.destination.empty()) out.field("Destination", m.destination);
    if (!m.in_response_to.empty()) out.field("InResponseTo", m.in_response_to);
    if (view.relay_state) out.field("RelayState", *view.relay_state);
    if (m.status.present) {
        std::string status = short_uri(m.status.code);
        if (!m.status.sub_code.empty()) status += " / " + short_uri(m.status.sub_code);
        out.field(i18n::tr("status", lang), status);
        if (!m.status.message.empty()) out.field(i18n::tr("message", lang), m.status.message);
    }
    if (m.type == saml::MessageType::authn_request) {
        if (!m.acs_url.empty()) out.field("ACS URL", m.acs_url);
        if (!m.protocol_binding.empty()) out.field(i18n::tr("binding", lang), short_uri(m.protocol_binding));
        if (!m.name_id_policy_format.empty()) out.field(i18n::tr("NameID policy", lang), short_uri(m.name_id_policy_format));
        if (m.force_authn) out.field("ForceAuthn", *m.force_authn ? "true" : "false");
        if (m.is_passive) out.field("IsPassive", *m.is_passive ? "true" : "false");
        for (const auto& c : m.requested_context_classes) out.field(i18n::tr("requested authn", lang), short_uri(c));
    }
    if (m.type == saml::MessageType::logout_request) {
        if (m.name_id) out.field("NameID", m.name_id->value);
        for (const auto& s : m.session_indexes) out.field("SessionIndex", s);
    }
    for (size_t i = 0; i < m.assertions.size(); ++i) {
        out << "\n";
        render_assertion(out, m.assertions[i], i, view);
    }
    out << "\n";
    if (view.query_signature) render_query_signature(out, m, view);
    if (m.signatures.empty() && !view.query_signature) {
        out.styled(Style::bold, i18n::tr("Signatures", lang));
        out << (i18n::tr(": none\n", lang));
        return;
    }
    for (const auto& s : m.signatures) {
        out.styled(Style::bold, i18n::tr("Signature", lang));
        out << " ";
        out.styled(state_style(s.verified), state_label(s.verified, lang));
        out << "\n";
        out.field(i18n::tr("covers", lang), s.element);
        out.field(i18n::tr("reference", lang), s.reference);
        out.field(i18n::tr("algorithm", lang), short_uri(s.signature_algorithm.substr(s.signature_algorithm.find('#') == std::string::npos ? 0 : s.signature_algorithm.find('#') + 1)));
        out.field(i18n::tr("digest", lang), s.digest_algorithm.substr(s.digest_algorithm.find('#') == std::string::npos ? 0 : s.digest_algorithm.find('#') + 1));
        if (!s.verified_by.empty()) out.field(i18n::tr("verified by", lang), diag::Text{s.verified_by, s.verified_by_ja}.in(lang));
        if (s.cert) render_cert(out, *s.cert, view.now, i18n::tr("embedded cert", lang));
    }
}

void render_message_summary(TextOut& out, const saml::Message& m, const MessageView& view) {
    const diag::Lang lang = out.lang();
    heading(out, std::string(saml::type_name(m.type)), view.response_verified);
    out.field("ID", m.id);
    out.field(i18n::tr("issuer", lang), m.issuer.empty() ? i18n::tr("(none)", lang) : m.issuer);
    if (!m.destination.empty()) out.field("Destination", m.destination);
    if (!m.in_response_to.empty()) out.field("InResponseTo", m.in_response_to);
    if (view.relay_state) out.field("RelayState", *view.relay_state);
    if (m.status.present) {
        std::string status = short_uri(m.status.code);
        if (!m.status.sub_code.empty()) status += " / " + short_uri(m.status.sub_code);
        if (!m.status.message.empty()) status += " (" + m.status.message + ")";
        out.field(i18n::tr("status", lang), status);
    }
    if (view.query_signature) {
        const QuerySignature& q = *view.query_signature;
        out.field(i18n::tr("signature", lang), i18n::tr("URL query", lang) + " " + short_uri(after_hash(q.algorithm)) + " " + state_label(q.verified, lang));
    }
    for (const auto& s : m.signatures) {
        out.field(i18n::tr("signature", lang), s.element + " " + short_uri(after_hash(s.signature_algorithm)) + " " + state_label(s.verified, lang));
    }
    if (m.signatures.empty() && !view.query_signature) out.field(i18n::tr("signature", lang), i18n::tr("none", lang));
    for (size_t i = 0; i < m.assertions.size(); ++i) {
        const saml::Assertion& a = m.assertions[i];
        std::string title = i18n::tr("Assertion ", lang) + std::to_string(i + 1);
        if (a.encrypted) {
            heading(out, title + i18n::tr(" (encrypted)", lang), view.verified);
            continue;
        }
        heading(out, title, view.verified);
        if (a.name_id) {
            out.field("NameID", a.name_id->format.empty() ? a.name_id->value : a.name_id->value + " (" + short_uri(a.name_id->format) + ")");
        } else {
            out.field("NameID", a.encrypted_id ? i18n::tr("(encrypted)", lang) : i18n::tr("(none)", lang));
        }
        for (const auto& aud : a.conditions.audiences) out.field("Audience", aud);
        if (!a.conditions.not_on_or_after.empty()) out.field("NotOnOrAfter", time_with_relative(a.conditions.not_on_or_after, view.now, lang));
        if (!a.attributes.empty()) {
            std::vector<std::string> names;
            for (const auto& at : a.attributes) names.push_back(at.name);
            out.field(i18n::tr("attributes", lang), util::join(names, ", "));
        }
    }
    out.styled(Style::dim, i18n::tr("  every field, signature and certificate: add --verbose", lang));
    out << "\n";
}

}  // namespace ssoctl::report

namespace ssoctl::report {
namespace {

std::string dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string clock_of(const std::string& t) {
    const size_t tpos = t.find('T');
    return tpos == std::string::npos || t.size() < tpos + 9 ? dash(t) : t.substr(tpos + 1, 8);
}

std::string url_for_list(const std::string& url) {
    std::string u = url.substr(0, url.find_first_of("?#"));
    if (u.size() > 60) u = u.substr(0, 57) + "...";
    return dash(u);
}

// `s` padded to `w` terminal columns (Japanese column names and values are two columns a character).
std::string pad(const std::string& s, size_t w) { return util::display_width(s) >= w ? s + " " : util::pad_to_width(s, w); }

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt(const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); }

}  // namespace

void render_capture_list(TextOut& out, const capture::Capture& cap) {
    const diag::Lang lang = out.lang();
    std::string what = cap.kind == capture::Kind::har ? "HAR" : cap.kind == capture::Kind::saml_tracer ? "SAML-tracer" : "HTML";
    out.styled(Style::bold, i18n::fmt(i18n::trn("{} capture: {} SSO message", "{} capture: {} SSO messages", cap.items.size(), lang),
                                      {what, std::to_string(cap.items.size())}));
    if (cap.entries) out << i18n::fmt(i18n::trn(" in {} request", " in {} requests", cap.entries, lang), {std::to_string(cap.entries)});
    out << " ";
    out.styled(Style::warning, i18n::tr("[UNVERIFIED]", lang));
    out << "\n\n";
    std::vector<std::string> head;
    for (const char* h : {"#", N_("time"), N_("method"), N_("binding"), N_("message"), "ID", "InResponseTo", N_("status"), "URL"}) {
        head.push_back(i18n::tr(h, lang));
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& it : cap.items) {
        std::string irt = it.in_response_to;
        if (it.answers) irt += (irt.empty() ? "" : " ") + std::string("(#") + std::to_string(*it.answers) + ")";
        std::string status = it.status.substr(it.status.rfind(':') == std::string::npos ? 0 : it.status.rfind(':') + 1);
        if (!it.problem.empty()) status = i18n::tr("unreadable", lang);
        for (const auto& [k, v] : it.oidc) {
            if (k == "error") status = v;
        }
        rows.push_back({std::to_string(it.index), clock_of(it.time), dash(it.method), dash(std::string(capture::binding_name(it.binding))),
                        dash(it.type), dash(it.id), dash(irt), dash(status), url_for_list(it.url)});
    }
    std::vector<size_t> width(head.size());
    for (size_t c = 0; c < head.size(); ++c) {
        width[c] = util::display_width(head[c]);
        for (const auto& r : rows) width[c] = std::max(width[c], std::min<size_t>(util::display_width(r[c]), 40));
    }
    std::string line = "  ";
    for (size_t c = 0; c < head.size(); ++c) line += c + 1 < head.size() ? pad(head[c], width[c] + 1) : head[c];
    out.styled(Style::label, line);
    out << "\n";
    for (const auto& r : rows) {
        std::string l = "  ";
        for (size_t c = 0; c < r.size(); ++c) l += c + 1 < r.size() ? pad(r[c], width[c] + 1) : r[c];
        out << util::visible(l) << "\n";
    }
    bool first_note = true;
    auto note = [&] {
        if (first_note) out << "\n";
        first_note = false;
    };
    for (const auto& it : cap.items) {
        if (!it.problem.empty()) {
            note();
            out << util::visible("  #" + std::to_string(it.index) + ": " + it.problem_text().in(lang)) << "\n";
        }
        if (it.type != "Response") continue;
        if (it.context.idp_initiated) {
            note();
            out << "  #" << std::to_string(it.index) << ": " << i18n::tr("IdP-initiated (no AuthnRequest before it in the capture)", lang) << "\n";
        } else if (it.context.request_index && !it.answers) {
            note();
            out << "  #" << std::to_string(it.index) << ": "
                << util::visible(i18n::trf("InResponseTo does not match the ID '{}' of AuthnRequest #{}", lang,
                                           {it.context.expected_in_response_to, std::to_string(*it.context.request_index)}))
                << "\n";
        }
    }
    out << "\n";
    out.wrapped(i18n::tr("Show one message in full: ssoctl decode FILE --index N; check it: ssoctl validate FILE (default: the last SAMLResponse)\n", lang), 2, Style::dim);
}

nlohmann::json item_json(const capture::Item& it) {
    nlohmann::json j = {{"index", it.index},
                        {"time", opt(it.time)},
                        {"url", opt(it.url)},
                        {"method", opt(it.method)},
                        {"binding", opt(std::string(capture::binding_name(it.binding)))},
                        {"parameter", opt(it.parameter)},
                        {"form", opt(it.form)},
                        {"message", opt(it.type)},
                        {"id", opt(it.id)},
                        {"in_response_to", opt(it.in_response_to)},
                        {"answers", it.answers ? nlohmann::json(*it.answers) : nlohmann::json(nullptr)},
                        {"status", opt(it.status)},
                        {"issuer", opt(it.issuer)},
                        {"destination", opt(it.destination)},
                        {"deflated", it.deflated},
                        {"relay_state", opt(it.relay_state)},
                        {"sig_alg", opt(it.sig_alg)},
                        {"has_query_signature", it.signature.has_value()},
                        {"problem", opt(it.problem)},
                        {"repairs", it.repairs}};
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [k, v] : it.oidc) o[k] = v;
    j["oidc"] = it.oidc.empty() ? nlohmann::json(nullptr) : o;
    const auto& c = it.context;
    j["context"] = {{"expected_in_response_to", opt(c.expected_in_response_to)},
                    {"idp_initiated", c.idp_initiated},
                    {"observed_acs", opt(c.observed_acs)},
                    {"sp_entity_id", opt(c.sp_entity_id)},
                    {"request_index", c.request_index ? nlohmann::json(*c.request_index) : nlohmann::json(nullptr)},
                    {"sources", c.sources}};
    return j;
}

nlohmann::json capture_list_json(const capture::Capture& cap) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& it : cap.items) arr.push_back(item_json(it));
    return arr;
}

void render_item_source(TextOut& out, const capture::Item& it, capture::Kind kind, size_t count) {
    const diag::Lang lang = out.lang();
    if (kind == capture::Kind::har || kind == capture::Kind::saml_tracer || count > 1) {
        out.field(i18n::tr("source", lang), i18n::trf("message #{} of {} ({})", lang, {std::to_string(it.index), std::to_string(count), capture::kind_name(kind)}));
    }
    if (!it.url.empty()) out.field(i18n::tr("URL", lang), (it.method.empty() ? "" : it.method + " ") + it.url.substr(0, it.url.find_first_of("?#")));
    if (it.binding != capture::Binding::none) out.field(i18n::tr("binding", lang), std::string(capture::binding_name(it.binding)));
    for (size_t i = 0; i < it.repairs.size(); ++i) out.field(i18n::tr("repaired", lang), it.repair(i).in(lang));
    for (size_t i = 0; i < it.context.sources.size(); ++i) out.field(i18n::tr("context", lang), it.context.source(i).in(lang));
}

}  // namespace ssoctl::report
