// Near-miss detection: the most common SSO misconfiguration is a value that is almost right.
#include "saml/uri_match.hpp"

#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::saml {
namespace {

using util::ends_with;
using util::starts_with;

std::string_view strip_slash(std::string_view s) { return ends_with(s, "/") ? s.substr(0, s.size() - 1) : s; }

UriMatch near(std::string en, std::string ja) { return UriMatch{false, diag::Text{std::move(en), std::move(ja)}}; }

}  // namespace

UriMatch compare_uri(std::string_view actual, std::string_view expected) {
    const auto a_url = util::parse_url(actual);
    const auto e_url = util::parse_url(expected);
    if (a_url && e_url && (a_url->scheme == "http" || a_url->scheme == "https")) {
        const bool same_host = a_url->host == e_url->host;
        const bool same_scheme = a_url->scheme == e_url->scheme;
        const bool same_port = a_url->effective_port() == e_url->effective_port();
        const bool same_path = (a_url->path.empty() ? "/" : a_url->path) == (e_url->path.empty() ? "/" : e_url->path) &&
                               a_url->query == e_url->query;
        if (same_host && same_scheme && same_port && same_path) return UriMatch{true, {}};
        if (same_host && same_path && !same_scheme && same_port == false && !a_url->port && !e_url->port) {
            return near("the scheme differs ('" + a_url->scheme + "' instead of '" + e_url->scheme +
                            "'): a TLS-terminating proxy or load balancer often makes the SP build http:// URLs; fix the URL in the IdP or set the SP's external base URL",
                        "スキームが異なります（'" + e_url->scheme + "' ではなく '" + a_url->scheme +
                            "'）。TLS を終端するプロキシやロードバランサーの背後では SP が http:// の URL を生成しがちです。IdP の URL を直すか SP の外部ベース URL を設定してください");
        }
        if (same_host && same_scheme && same_path && !same_port) {
            return near("only the port differs (" + std::to_string(a_url->effective_port()) + " instead of " +
                            std::to_string(e_url->effective_port()) + "); use the public URL without an internal port in the IdP",
                        "ポート番号だけが異なります（" + std::to_string(e_url->effective_port()) + " ではなく " +
                            std::to_string(a_url->effective_port()) + "）。IdP には内部ポートを含まない公開 URL を設定してください");
        }
        if (same_host && same_scheme && same_port) {
            const std::string_view ap = a_url->path, ep = e_url->path;
            if (strip_slash(ap) == strip_slash(ep)) {
                return near("only a trailing slash differs; enter the value in the IdP exactly as the SP shows it",
                            "末尾のスラッシュだけが異なります。IdP には SP に表示されている値をそのまま入力してください");
            }
            if (util::iequals(ap, ep)) {
                return near("only letter case differs in the path; paths are case-sensitive, copy the value from the SP exactly",
                            "パスの大文字と小文字だけが異なります。パスは大文字小文字を区別するため、SP の値を正確にコピーしてください");
            }
            if (starts_with(ap, ep) || starts_with(ep, ap)) {
                const bool longer = ap.size() > ep.size();
                const std::string diff(longer ? ap.substr(ep.size()) : ep.substr(ap.size()));
                return near(std::string("the path differs only in the suffix '") + diff + "' (" +
                                (longer ? "extra in the received value" : "missing from the received value") +
                                "); copy the full ACS URL from the SP",
                            "パスの末尾 '" + diff + "' だけが異なります（" + (longer ? "受信値に余分" : "受信値に不足") +
                                "）。SP の ACS URL を完全にコピーしてください");
            }
        }
        if (!same_host && util::iequals(a_url->host, e_url->host) == false && same_path) {
            return near("the host differs ('" + a_url->host + "' instead of '" + e_url->host + "'); the IdP may point at another environment (staging, another tenant)",
                        "ホストが異なります（'" + e_url->host + "' ではなく '" + a_url->host + "'）。IdP が別の環境（ステージングや別テナント）を指している可能性があります");
        }
        return UriMatch{false, {}};
    }
    if (actual == expected) return UriMatch{true, {}};
    if (starts_with(actual, "spn:")) {
        return near("'spn:<application ID>' is what Entra ID sends when the application's Identifier (Entity ID) is not set; set Basic SAML Configuration > Identifier to the SP entity ID",
                    "'spn:<アプリケーション ID>' は、Entra ID でアプリの識別子（エンティティ ID）が未設定のときに送られます。基本的な SAML 構成 > 識別子 に SP のエンティティ ID を設定してください");
    }
    if (strip_slash(actual) == strip_slash(expected)) {
        return near("only a trailing slash differs; enter the value in the IdP exactly as the SP shows it",
                    "末尾のスラッシュだけが異なります。IdP には SP に表示されている値をそのまま入力してください");
    }
    if (util::iequals(actual, expected)) {
        return near("only letter case differs; entity IDs are compared exactly",
                    "大文字と小文字だけが異なります。エンティティ ID は完全一致で比較されます");
    }
    return UriMatch{false, {}};
}

}  // namespace ssoctl::saml
