// The decode summary. Everything shown is attacker-controlled until verified: values pass
// through TextOut::field, which makes control and bidi characters visible.
#include "report/message.hpp"

#include "util/strings.hpp"

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
    const bool ja = out.ja();
    out.field(label, c.subject);
    out.field("sha256", x509::pretty_fingerprint(c.sha256));
    out.field(ja ? "拇印" : "thumbprint", util::to_upper(c.sha1));  // SHA-1, as Entra and ADFS consoles show it
    std::string validity = util::format_rfc3339(c.not_before) + " .. " + util::format_rfc3339(c.not_after);
    if (c.not_after < now) validity += ja ? "（期限切れ " + util::relative_ja(c.not_after, now) + "）" : " (expired " + util::relative(c.not_after, now) + ")";
    else validity += ja ? "（" + util::relative_ja(c.not_after, now) + "に期限切れ）" : " (expires " + util::relative(c.not_after, now) + ")";
    out.field(ja ? "有効期間" : "validity", validity);
}

void heading(TextOut& out, const std::string& text, bool verified) {
    out.styled(Style::bold, text);
    if (!verified) {
        out << " ";
        out.styled(Style::warning, out.ja() ? "[未検証]" : "[UNVERIFIED]");
    }
    out << "\n";
}

void render_assertion(TextOut& out, const saml::Assertion& a, size_t index, const MessageView& view) {
    const bool ja = out.ja();
    std::string title = (ja ? "アサーション " : "Assertion ") + std::to_string(index + 1);
    if (a.encrypted) {
        heading(out, title + (ja ? "（暗号化）" : " (encrypted)"), view.verified);
        if (a.encryption) {
            out.field(ja ? "暗号方式" : "cipher", short_uri(a.encryption->data_algorithm));
            out.field(ja ? "鍵転送" : "key transport", short_uri(a.encryption->key_transport_algorithm));
            if (a.encryption->recipient_cert) render_cert(out, *a.encryption->recipient_cert, view.now, ja ? "宛先証明書" : "for cert");
        }
        out.field(ja ? "注記" : "note", ja ? "--sp-key を指定すると validate で復号できます" : "decrypt with 'ssoctl validate --sp-key FILE'");
        return;
    }
    heading(out, title, view.verified);
    out.field("ID", a.id);
    out.field(ja ? "発行者" : "issuer", a.issuer);
    if (a.name_id) {
        out.field("NameID", a.name_id->value);
        out.field(ja ? "NameID 形式" : "format", a.name_id->format.empty() ? "-" : short_uri(a.name_id->format));
    } else {
        out.field("NameID", a.encrypted_id ? (ja ? "（暗号化）" : "(encrypted)") : (ja ? "（なし）" : "(none)"));
    }
    if (a.conditions.present) {
        if (!a.conditions.not_before.empty()) out.field("NotBefore", time_with_relative(a.conditions.not_before, view.now, ja));
        if (!a.conditions.not_on_or_after.empty()) out.field("NotOnOrAfter", time_with_relative(a.conditions.not_on_or_after, view.now, ja));
        for (const auto& aud : a.conditions.audiences) out.field("Audience", aud);
    }
    for (const auto& c : a.confirmations) {
        out.field(ja ? "確認方式" : "confirmation", short_uri(c.method));
        if (!c.recipient.empty()) out.field("Recipient", c.recipient);
        if (!c.in_response_to.empty()) out.field("InResponseTo", c.in_response_to);
        if (!c.not_on_or_after.empty()) out.field(ja ? "確認期限" : "confirm by", time_with_relative(c.not_on_or_after, view.now, ja));
    }
    if (a.authn.present) {
        out.field(ja ? "認証日時" : "authn instant", time_with_relative(a.authn.instant, view.now, ja));
        if (!a.authn.context_class.empty()) out.field(ja ? "認証方式" : "authn context", short_uri(a.authn.context_class));
        if (!a.authn.session_index.empty()) out.field("SessionIndex", a.authn.session_index);
        if (!a.authn.session_not_on_or_after.empty()) out.field(ja ? "セッション期限" : "session until", time_with_relative(a.authn.session_not_on_or_after, view.now, ja));
    }
    if (!a.attributes.empty()) {
        out.styled(Style::label, ja ? "  属性:\n" : "  attributes:\n");
        for (const auto& at : a.attributes) {
            std::string values;
            for (size_t i = 0; i < at.values.size(); ++i) values += (i ? ", " : "") + at.values[i];
            out << "    ";
            out.styled(Style::value, util::visible(at.name));
            out << " = " << util::visible(values.empty() ? (ja ? "（値なし）" : "(no value)") : values) << "\n";
        }
    }
}

}  // namespace

std::string time_with_relative(const std::string& rfc3339, util::UnixTime now, bool ja) {
    auto t = util::parse_rfc3339(rfc3339);
    if (!t) return rfc3339 + (ja ? "（日時として解釈できません）" : " (not a valid time)");
    return util::format_rfc3339(*t) + " (" + (ja ? util::relative_ja(*t, now) : util::relative(*t, now)) + ")";
}

void render_message(TextOut& out, const saml::Message& m, const MessageView& view) {
    const bool ja = out.ja();
    // Only a signature on the message element itself vouches for its header (Issuer, Status…).
    heading(out, std::string(saml::type_name(m.type)), view.response_verified);
    out.field("ID", m.id);
    if (!m.issue_instant.empty()) out.field(ja ? "発行日時" : "issued", time_with_relative(m.issue_instant, view.now, ja));
    out.field(ja ? "発行者" : "issuer", m.issuer.empty() ? (ja ? "（なし）" : "(none)") : m.issuer);
    if (!m.destination.empty()) out.field("Destination", m.destination);
    if (!m.in_response_to.empty()) out.field("InResponseTo", m.in_response_to);
    if (m.status.present) {
        std::string status = short_uri(m.status.code);
        if (!m.status.sub_code.empty()) status += " / " + short_uri(m.status.sub_code);
        out.field(ja ? "ステータス" : "status", status);
        if (!m.status.message.empty()) out.field(ja ? "メッセージ" : "message", m.status.message);
    }
    if (m.type == saml::MessageType::authn_request) {
        if (!m.acs_url.empty()) out.field("ACS URL", m.acs_url);
        if (!m.protocol_binding.empty()) out.field(ja ? "バインディング" : "binding", short_uri(m.protocol_binding));
        if (!m.name_id_policy_format.empty()) out.field(ja ? "NameID 形式" : "NameID policy", short_uri(m.name_id_policy_format));
        if (m.force_authn) out.field("ForceAuthn", *m.force_authn ? "true" : "false");
        if (m.is_passive) out.field("IsPassive", *m.is_passive ? "true" : "false");
        for (const auto& c : m.requested_context_classes) out.field(ja ? "要求認証方式" : "requested authn", short_uri(c));
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
    if (m.signatures.empty()) {
        out.styled(Style::bold, ja ? "署名" : "Signatures");
        out << (ja ? ": なし\n" : ": none\n");
        return;
    }
    for (const auto& s : m.signatures) {
        std::string state = !s.verified ? (ja ? "[未検証]" : "[UNVERIFIED]") : *s.verified ? (ja ? "[検証済み]" : "[VERIFIED]") : (ja ? "[無効]" : "[INVALID]");
        out.styled(Style::bold, ja ? "署名" : "Signature");
        out << " ";
        out.styled(!s.verified ? Style::warning : *s.verified ? Style::ok : Style::error, state);
        out << "\n";
        out.field(ja ? "対象" : "covers", s.element);
        out.field(ja ? "参照" : "reference", s.reference);
        out.field(ja ? "署名方式" : "algorithm", short_uri(s.signature_algorithm.substr(s.signature_algorithm.find('#') == std::string::npos ? 0 : s.signature_algorithm.find('#') + 1)));
        out.field(ja ? "ダイジェスト" : "digest", s.digest_algorithm.substr(s.digest_algorithm.find('#') == std::string::npos ? 0 : s.digest_algorithm.find('#') + 1));
        if (!s.verified_by.empty()) out.field(ja ? "検証鍵" : "verified by", s.verified_by);
        if (s.cert) render_cert(out, *s.cert, view.now, ja ? "埋め込み証明書" : "embedded cert");
    }
}

}  // namespace ssoctl::report
