// Status and structure: what the IdP said, and whether the message has the shape SPs accept.
#include "saml/checks.hpp"

#include <set>

#include "i18n/i18n.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

std::string last_segment(const std::string& uri) {
    const size_t colon = uri.rfind(':');
    return colon == std::string::npos ? uri : uri.substr(colon + 1);
}

struct SubStatusHint {
    const char* name;
    const char* en;
    const char* ja;
};

constexpr SubStatusHint kSubStatus[] = {
    {"AuthnFailed", "the IdP could not authenticate the user (wrong password, MFA failed or cancelled, account locked); check the IdP sign-in log for this user",
     "IdP がユーザーを認証できませんでした（パスワード誤り、MFA の失敗や中断、アカウントのロック）。IdP のサインインログでこのユーザーを確認してください"},
    {"RequestDenied", "the IdP refused: usually the user is not assigned to the application, or a conditional access / sign-on policy blocked it",
     "IdP が拒否しました。多くはユーザーがアプリに割り当てられていないか、条件付きアクセス / サインオンポリシーでブロックされています"},
    {"NoPassive", "the SP asked for a silent login (IsPassive) but the user has no IdP session; retry without IsPassive",
     "SP がサイレントログイン（IsPassive）を要求しましたが IdP のセッションがありません。IsPassive なしで再試行してください"},
    {"InvalidNameIDPolicy", "the IdP cannot produce the NameID format the SP requested; align the NameIDPolicy of the SP with the IdP's Name ID format",
     "SP が要求した NameID 形式を IdP が生成できません。SP の NameIDPolicy と IdP の Name ID 形式を合わせてください"},
    {"NoAuthnContext", "the IdP cannot satisfy the requested authentication context (e.g. MFA class or PasswordProtectedTransport); relax RequestedAuthnContext or enable that method",
     "要求された認証コンテキスト（MFA クラスや PasswordProtectedTransport など）を IdP が満たせません。RequestedAuthnContext を緩めるかその認証方式を有効にしてください"},
    {"UnknownPrincipal", "the IdP does not know this user; check the username and that the account exists in this tenant",
     "IdP がこのユーザーを認識していません。ユーザー名とこのテナントにアカウントがあるかを確認してください"},
    {"UnsupportedBinding", "the IdP cannot answer on the requested binding; use HTTP-POST for the ACS in the SP settings",
     "要求されたバインディングで IdP が応答できません。SP の ACS に HTTP-POST を使ってください"},
    {"RequestUnsupported", "the IdP does not support this kind of request; check the SP's AuthnRequest settings",
     "IdP はこの種類のリクエストをサポートしていません。SP の AuthnRequest 設定を確認してください"},
    {"NoAvailableIDP", "no IdP was available to authenticate the user (proxy/discovery setup)",
     "ユーザーを認証できる IdP がありません（プロキシ / ディスカバリーの設定を確認）"},
    {"PartialLogout", "logout did not reach every service", "一部のサービスでログアウトが完了していません"},
};

}  // namespace

CheckStatus status_since(const diag::Report& r, size_t before) {
    CheckStatus s = CheckStatus::pass;
    for (size_t i = before; i < r.findings().size(); ++i) {
        const auto sev = r.findings()[i].severity;
        if (sev == diag::Severity::error) return CheckStatus::fail;
        if (sev == diag::Severity::warning) s = CheckStatus::warn;
    }
    return s;
}

std::string_view check_status_name(CheckStatus s) {
    switch (s) {
        case CheckStatus::pass: return N_("pass");
        case CheckStatus::warn: return N_("warn");
        case CheckStatus::fail: return N_("fail");
        case CheckStatus::skip: return N_("skip");
    }
    return "skip";
}

CheckStatus check_status(const Message& m, diag::Report& r) {
    const size_t before = r.findings().size();
    if (!m.status.present) {
        auto& f = r.add(diag::Code::schema_violation, {"the response has no Status element", "レスポンスに Status 要素がありません"});
        f.location = xml::path(m.root);
        return status_since(r, before);
    }
    if (m.status.success()) return CheckStatus::pass;
    const std::string top = last_segment(m.status.code);
    const std::string sub = last_segment(m.status.sub_code);
    std::string en = "the IdP returned status '" + top + "'";
    std::string ja = "IdP がステータス '" + top + "'";
    if (!sub.empty()) {
        en += " with sub-status '" + sub + "'";
        ja += "（サブステータス '" + sub + "'）";
    }
    ja += " を返しました";
    if (!m.status.message.empty()) {
        en += ": " + m.status.message;
        ja += ": " + m.status.message;
    }
    diag::Text hint;
    for (const auto& h : kSubStatus) {
        if (sub == h.name) hint = {h.en, h.ja};
    }
    if (hint.empty() && top == "Requester") hint = {"the IdP rejected the request as malformed; check the SP's AuthnRequest (issuer, ACS URL, signature)", "IdP がリクエストを不正と判断しました。SP の AuthnRequest（発行者、ACS URL、署名）を確認してください"};
    if (hint.empty() && top == "Responder") hint = {"the IdP failed to produce a login; check the IdP's logs for this user and application", "IdP がログイン応答を生成できませんでした。このユーザーとアプリについて IdP のログを確認してください"};
    if (hint.empty() && top == "VersionMismatch") hint = {"the SP and IdP disagree on the SAML version; both must use SAML 2.0", "SP と IdP の SAML バージョンが一致しません。両方 SAML 2.0 を使用してください"};
    auto& f = r.add(diag::Code::status_not_success, {en, ja}, hint);
    f.expected = "urn:oasis:names:tc:SAML:2.0:status:Success";
    f.actual = m.status.sub_code.empty() ? m.status.code : m.status.code + " / " + m.status.sub_code;
    f.location = xml::path(m.root) + "/samlp:Status";
    return status_since(r, before);
}

CheckStatus check_structure(const Message& m, diag::Report& r) {
    const size_t before = r.findings().size();
    if (m.version != "2.0") {
        auto& f = r.add(diag::Code::schema_violation, {"the message Version is '" + m.version + "', not '2.0'", "メッセージの Version が '2.0' ではなく '" + m.version + "' です"});
        f.expected = "2.0";
        f.actual = m.version;
    }
    if (m.id.empty()) {
        r.add(diag::Code::schema_violation, {"the message has no ID attribute", "メッセージに ID 属性がありません"}).location = xml::path(m.root);
    }
    if (m.issue_instant.empty()) {
        r.add(diag::Code::schema_violation, {"the message has no IssueInstant", "メッセージに IssueInstant がありません"}).location = xml::path(m.root);
    }
    if (m.has_destination && m.destination.empty()) {
        // core 3.2.2: a present Destination names the receiving location; bindings 3.5.5.2 require it when signed.
        auto& f = r.add(diag::Code::invalid_destination, {"the Destination attribute is present but empty; it must name the URL the message was sent to",
                                                          "Destination 属性が空です。メッセージの送信先 URL を指定する必要があります"});
        f.actual = "";
        f.location = xml::path(m.root) + "/@Destination";
    }
    if (m.type == MessageType::response && m.status.success()) {
        if (m.assertions.empty()) {
            r.add(diag::Code::missing_assertion, {"the response reports Success but carries no assertion", "レスポンスは Success ですがアサーションがありません"}).location = xml::path(m.root);
        } else if (m.assertions.size() > 1) {
            auto& f = r.add(diag::Code::multiple_assertions, {"the response carries " + std::to_string(m.assertions.size()) + " assertions; exactly one is accepted",
                                                              "レスポンスにアサーションが " + std::to_string(m.assertions.size()) + " 個あります。受け付けられるのは 1 個だけです"});
            f.expected = "1";
            f.actual = std::to_string(m.assertions.size());
        }
    }
    std::set<std::string> seen;
    for (const auto& a : m.assertions) {
        if (a.encrypted) continue;
        if (a.issuer.empty()) {
            r.add(diag::Code::missing_issuer, {"assertion '" + a.id + "' has no Issuer", "アサーション '" + a.id + "' に Issuer がありません"}).location = a.path;
        }
        if (a.id.empty()) r.add(diag::Code::schema_violation, {"an assertion has no ID attribute", "アサーションに ID 属性がありません"}).location = a.path;
        if (m.type == MessageType::response && m.status.success() && !a.authn.present) {
            r.add(diag::Code::missing_authn_statement, {"assertion '" + a.id + "' has no AuthnStatement; Web Browser SSO (profiles 4.1.4.2) requires one",
                                                        "アサーション '" + a.id + "' に AuthnStatement がありません。Web ブラウザ SSO（profiles 4.1.4.2）では必須です"})
                .location = a.path;
        }
        if (!a.id.empty() && !seen.insert(a.id).second) {
            r.add(diag::Code::schema_violation, {"assertion ID '" + a.id + "' appears twice", "アサーション ID '" + a.id + "' が重複しています"}).location = a.path;
        }
    }
    return status_since(r, before);
}

}  // namespace ssoctl::saml
