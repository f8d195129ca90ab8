// Discovery and auth checks (research checklist §1.1, §1.2): D1 D3 D4 D5 A1 A2. Read-only.
#include "scim/context.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

bool looks_html(const Exchange& x) {
    return x.resp.content_type() == "text/html" || x.resp.body.find("<html") != std::string::npos ||
           x.resp.body.find("<!DOCTYPE") != std::string::npos || x.resp.body.find("<!doctype") != std::string::npos;
}

std::vector<std::string> ids_of(const json& list, const char* key) {
    std::vector<std::string> ids;
    for (const auto& r : list) {
        if (r.is_object() && r.contains(key) && r[key].is_string() && !r[key].get<std::string>().empty()) ids.push_back(r[key].get<std::string>());
    }
    return ids;
}

/** GETs prefix+id for every id (in parallel with --concurrency); a warning names the first that is not 200. */
std::optional<Outcome> each_by_id(Ctx& ctx, const std::string& prefix, const std::vector<std::string>& ids) {
    std::vector<std::pair<std::string, std::string>> gets;
    for (const auto& id : ids) gets.emplace_back("GET", prefix + enc(id));
    for (auto& r : ctx.call_all(gets)) {
        if (!r) return Outcome::skip({"aborted", "中断"});
        if (r->resp.status != 200) return Outcome::warn(C::scim_discovery_failed, got(*r, "200 for " + r->line.substr(4), r->line.substr(4) + " に 200")).at(r->line);
    }
    return std::nullopt;
}

Outcome d1_service_provider_config(Ctx& ctx) {
    SEND(x, "GET", "/ServiceProviderConfig");
    if (ctx.refused) return ctx.token_refused(*ctx.refused);
    const bool spc = x.resp.status == 200 && x.body && has_schema(*x.body, "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    if (!spc) {
        SEND(u, "GET", "/Users?count=1&startIndex=1");
        if (ctx.refused) return ctx.token_refused(*ctx.refused);
        if (u.resp.status == 200 && resources(u.body)) {
            return Outcome::warn(C::scim_discovery_failed, got(x, "200 with a ServiceProviderConfig", "ServiceProviderConfig 付きの 200"));
        }
        ctx.not_scim = true;
        return Outcome::fail(C::scim_not_scim, {"neither /ServiceProviderConfig nor /Users answers like SCIM (" + std::to_string(x.resp.status) + ", " +
                                                    std::to_string(u.resp.status) + (looks_html(u) ? ", HTML" : "") + ")",
                                                "/ServiceProviderConfig も /Users も SCIM として応答しません (" + std::to_string(x.resp.status) + ", " +
                                                    std::to_string(u.resp.status) + (looks_html(u) ? ", HTML" : "") + ")"});
    }
    const json& j = *x.body;
    ctx.spc = j;
    auto supported = [&](const char* k) { return j.contains(k) && j[k].is_object() && j[k].value("supported", false); };
    ctx.patch_supported = !j.contains("patch") || supported("patch");
    ctx.etag_supported = supported("etag");
    std::vector<std::string> missing;
    for (const char* k : {"patch", "bulk", "filter", "changePassword", "sort", "etag"}) {
        if (!j.contains(k) || !j[k].is_object() || !j[k].contains("supported") || !j[k]["supported"].is_boolean()) missing.push_back(std::string(k) + ".supported");
    }
    if (!j.contains("authenticationSchemes") || !j["authenticationSchemes"].is_array() || j["authenticationSchemes"].empty()) missing.push_back("authenticationSchemes");
    if (!missing.empty()) {
        std::string m;
        for (const auto& s : missing) m += (m.empty() ? "" : ", ") + s;
        return Outcome::warn(C::scim_discovery_failed, {"missing " + m, m + " がありません"});
    }
    return Outcome::pass({std::string("patch ") + (ctx.patch_supported ? "yes" : "no") + ", etag " + (ctx.etag_supported ? "yes" : "no") +
                              ", filter " + (supported("filter") ? "yes" : "no"),
                          std::string("patch ") + (ctx.patch_supported ? "あり" : "なし") + "、etag " + (ctx.etag_supported ? "あり" : "なし") +
                              "、filter " + (supported("filter") ? "あり" : "なし")});
}

Outcome d3_resource_types(Ctx& ctx) {
    SEND(x, "GET", "/ResourceTypes");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::warn(C::scim_discovery_failed, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    ctx.resource_types_listed = true;
    bool user = false;
    for (const auto& rt : *list) {
        if (!rt.is_object() || rt.value("endpoint", "") != "/Users") continue;
        user = true;
        if (rt.contains("schemaExtensions") && rt["schemaExtensions"].is_array()) {
            for (const auto& e : rt["schemaExtensions"]) ctx.enterprise = ctx.enterprise || (e.is_object() && e.value("schema", "") == kEnterpriseUrn);
        }
    }
    if (!user) return Outcome::warn(C::scim_discovery_failed, {"no ResourceType with endpoint /Users", "endpoint が /Users の ResourceType がありません"});
    if (auto o = each_by_id(ctx, "/ResourceTypes/", ids_of(*list, "id"))) return *o;
    SEND(bad, "GET", "/ResourceTypes/ssoctl-probe-" + ctx.run_id);
    if (bad.resp.status != 404) return Outcome::warn(C::scim_discovery_failed, got(bad, "404 for an unknown ResourceType", "未知の ResourceType に 404"));
    return Outcome::pass();
}

Outcome d4_schemas(Ctx& ctx) {
    SEND(x, "GET", "/Schemas");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::warn(C::scim_discovery_failed, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    bool user = false;
    for (const auto& s : *list) user = user || (s.is_object() && s.value("id", "") == kUserUrn);
    if (!user) return Outcome::warn(C::scim_discovery_failed, {"the core User schema is not listed", "コア User スキーマが一覧にありません"});
    const auto ids = ids_of(*list, "id");
    if (auto o = each_by_id(ctx, "/Schemas/", ids)) return *o;
    SEND(bad, "GET", "/Schemas/urn:ssoctl:probe:" + ctx.run_id);
    if (bad.resp.status != 404) return Outcome::warn(C::scim_discovery_failed, got(bad, "404 for an unknown schema id", "未知のスキーマ id に 404"));
    return Outcome::pass({std::to_string(ids.size()) + " schemas, each readable by id", std::to_string(ids.size()) + " 個のスキーマ、いずれも id で取得可能"});
}

Outcome ex1_enterprise(Ctx& ctx) {
    if (ctx.enterprise) return Outcome::pass();
    if (!ctx.resource_types_listed) {
        return Outcome::skip({"there are no ResourceTypes to read (D3); EX3 sends the extension's paths anyway",
                              "読める ResourceTypes がありません (D3)。EX3 は拡張のパスをそれでも送ります"});
    }
    return Outcome::warn(C::scim_enterprise_extension_missing,
                         {"the User ResourceType lists no enterprise extension", "User の ResourceType にエンタープライズ拡張がありません"});
}

Outcome d5_unknown_endpoint(Ctx& ctx) {
    SEND(x, "GET", "/ssoctl-probe-" + ctx.run_id);
    if (x.resp.status == 404) return Outcome::pass();
    return Outcome::warn(C::scim_discovery_failed, got(x, "404", "404"));
}

Outcome a1_no_credentials(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=1", std::nullopt, AuthMode::none);
    if (x.ok()) return Outcome::fail(C::scim_anonymous_access, {"GET /Users without credentials answered " + std::to_string(x.resp.status),
                                                                "認証なしの GET /Users が " + std::to_string(x.resp.status) + " を返しました"});
    if (x.resp.status == 401) {
        const auto challenge = x.resp.header("www-authenticate");
        if (!challenge) return Outcome::warn(C::scim_auth_challenge_missing, {"401 without WWW-Authenticate", "WWW-Authenticate のない 401"});
        return Outcome::pass({"401, WWW-Authenticate: " + *challenge, "401、WWW-Authenticate: " + *challenge});
    }
    if (x.resp.status == 403) return Outcome::pass({"403 (401 expected, accepted)", "403 (401 が望ましいが許容)"});
    if ((x.resp.status >= 300 && x.resp.status < 400) || looks_html(x)) {
        return Outcome::fail(C::scim_auth_redirect, {"expected 401, got " + std::to_string(x.resp.status) + (looks_html(x) ? " with an HTML page" : "") +
                                                         (x.resp.header("location") ? " to " + *x.resp.header("location") : ""),
                                                     "401 を期待しましたが " + std::to_string(x.resp.status) + (looks_html(x) ? " (HTML ページ)" : "") + " でした"});
    }
    return Outcome::fail(C::scim_auth_failed, got(x, "401", "401"));
}

Outcome a2_bad_token(Ctx& ctx) {
    const std::string user = ctx.prefix + "nobody@" + ctx.opts.user_domain;
    SEND(x, "GET", "/Users?filter=" + enc("userName eq " + q(user)), std::nullopt, AuthMode::bad);
    if (x.ok()) return Outcome::fail(C::scim_anonymous_access, {"an invalid token was accepted (" + std::to_string(x.resp.status) + ")",
                                                                "無効なトークンが受け付けられました (" + std::to_string(x.resp.status) + ")"});
    if ((x.resp.status >= 300 && x.resp.status < 400) || looks_html(x)) {
        return Outcome::fail(C::scim_auth_redirect, {"expected 401, got " + std::to_string(x.resp.status) + (looks_html(x) ? " with an HTML login page" : "") +
                                                         (x.resp.header("location") ? " redirecting to " + *x.resp.header("location") : ""),
                                                     "401 を期待しましたが " + std::to_string(x.resp.status) + (looks_html(x) ? " (HTML のログインページ)" : "") + " でした"});
    }
    if (x.resp.status == 403) return Outcome::warn(C::scim_auth_failed, {"403 instead of 401 for an invalid token", "無効なトークンに 401 ではなく 403"});
    if (x.resp.status != 401) return Outcome::fail(C::scim_auth_failed, got(x, "401 for an invalid token", "無効なトークンに 401"));
    if (!x.body || !has_schema(*x.body, kErrorUrn) || x.body->value("detail", "").empty()) {
        return Outcome::warn(C::scim_error_schema, {"401 without a SCIM Error body with detail (Okta's SPEC test asserts it)",
                                                    "401 に detail 付きの SCIM Error 本文がありません (Okta の SPEC テストが確認します)"});
    }
    return Outcome::pass();
}

// Advisory (scim2-tester, Okta's 2016 suite): discovery is read-only and anything but GET is 405.
// Sent only with --write, since it aims POST/PUT/PATCH/DELETE at the tenant.
Outcome d2_discovery_read_only(Ctx& ctx) {
    std::vector<std::pair<std::string, std::string>> calls;
    for (const char* path : {"/ServiceProviderConfig", "/ResourceTypes", "/Schemas"}) {
        for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) calls.emplace_back(method, path);
    }
    std::vector<std::string> accepted, other;
    int absent = 0;
    for (auto& r : ctx.call_all(calls)) {
        if (!r) return Outcome::skip({"aborted", "中断"});
        if (r->ok()) accepted.push_back(r->line + " → " + std::to_string(r->resp.status));
        else if (r->resp.status == 404 || r->resp.status == 501) ++absent;  // no such endpoint or method: not writable
        else if (r->resp.status != 405) other.push_back(r->line + " → " + std::to_string(r->resp.status));
    }
    if (!accepted.empty()) return Outcome::warn(C::scim_discovery_writable, {"accepted: " + first_few(accepted), "受理されました: " + first_few(accepted)});
    if (!other.empty()) return Outcome::warn(C::scim_discovery_writable, {"405 expected: " + first_few(other), "405 を期待: " + first_few(other)});
    if (absent == 12) return Outcome::skip({"the discovery endpoints do not exist (404 to every method; see D1)", "ディスカバリーエンドポイントが存在しません (すべて 404。D1 を参照)"});
    if (absent > 0) return Outcome::pass({"no write accepted (405, 404 or 501)", "書き込みはすべて拒否されました (405・404・501)"});
    return Outcome::pass({"all 12 answered 405", "12 件すべて 405"});
}

// The suites Entra ID offers (its documented TLS 1.2 list), as OpenSSL names.
constexpr const char* kEntraCiphers =
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384";

Outcome a3_tls(Ctx& ctx) {
    const std::string via = ctx.last_http_version.empty() ? "" : "HTTP/" + ctx.last_http_version;
    if (!util::starts_with(util::to_lower(ctx.base), "https://")) {
        const auto url = util::parse_url(ctx.base);
        const std::string host = url ? url->host : "";
        if (host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1") {
            return Outcome::warn(C::scim_insecure_transport, {"plain http on loopback (" + via + "): fine for a local test server, production needs https",
                                                              "ループバック上の平文 http です (" + via + ")。ローカルのテストサーバーなら問題ありませんが、本番では https が必要です"});
        }
        return Outcome::fail(C::scim_insecure_transport, {"the base URL is http:// (" + via + "): tokens and users travel in clear text",
                                                          "ベース URL が http:// です (" + via + ")。トークンとユーザー情報が平文で流れます"});
    }
    ctx.requests.push_back("TLS 1.2 handshake with Entra ID's cipher suites");
    auto facts = tls12_handshake(ctx.base + "/", ctx.http.options(), kEntraCiphers);
    if (!facts) {
        return Outcome::fail(C::scim_tls_incompatible, {"TLS 1.2 with Entra ID's suites failed: " + facts.error().message,
                                                        "Entra ID のスイートでの TLS 1.2 が失敗しました: " + facts.error().message});
    }
    const std::string key = facts->key_type + " " + std::to_string(facts->key_bits);
    const std::string summary = facts->version + " " + facts->cipher + ", " + key + "-bit key, " + via;
    const bool weak = (facts->key_type == "RSA" && facts->key_bits < 2048) || (facts->key_type == "EC" && facts->key_bits < 256);
    if (weak) {
        return Outcome::fail(C::scim_tls_incompatible, {summary + ": Entra ID needs RSA >= 2048 or EC >= 256", summary + ": Entra ID は RSA 2048 ビット以上か EC 256 ビット以上を要求します"});
    }
    return Outcome::pass({summary, summary});
}

}  // namespace

const std::vector<CheckDef>& discovery_checks() {
    static const std::vector<CheckDef> table = {
        {"D1", {"ServiceProviderConfig", "ServiceProviderConfig"}, false, d1_service_provider_config, true, false},
        {"D3", {"ResourceTypes", "ResourceTypes"}, false, d3_resource_types, true, false},
        {"D4", {"Schemas", "Schemas"}, false, d4_schemas, true, false},
        {"EX1", {"enterprise extension declared", "エンタープライズ拡張が宣言されている"}, false, ex1_enterprise, true, false},
        {"D5", {"unknown endpoint answers 404", "未知のエンドポイントに 404 が返る"}, false, d5_unknown_endpoint, false, false},
        {"A1", {"no credentials answer 401 with a challenge", "認証なしに WWW-Authenticate 付きの 401 が返る"}, false, a1_no_credentials, false, false},
        {"A2", {"an invalid token answers 401", "無効なトークンに 401 が返る"}, false, a2_bad_token, true, false},
        {"A3", {"TLS 1.2 with a suite Entra ID offers", "Entra ID が提示するスイートで TLS 1.2 が使える"}, false, a3_tls, true, false},
        {"D2", {"discovery endpoints refuse writes with 405", "ディスカバリーエンドポイントが書き込みを 405 で拒否する"}, true, d2_discovery_read_only, false},
    };
    return table;
}

}  // namespace ssoctl::scim
