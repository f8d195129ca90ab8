// Discovery and auth checks (research checklist §1.1, §1.2): D1 D3 D4 D5 A1 A2. Read-only.
#include "scim/context.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

bool looks_html(const Exchange& x) {
    return x.resp.content_type() == "text/html" || x.resp.body.find("<html") != std::string::npos ||
           x.resp.body.find("<!DOCTYPE") != std::string::npos || x.resp.body.find("<!doctype") != std::string::npos;
}

Outcome d1_service_provider_config(Ctx& ctx) {
    SEND(x, "GET", "/ServiceProviderConfig");
    if (x.resp.status == 401 || x.resp.status == 403) {
        ctx.authenticated = false;
        return Outcome::fail(C::scim_auth_failed, got(x, "200 with the token given", "トークン付きで 200"));
    }
    const bool spc = x.resp.status == 200 && x.body && has_schema(*x.body, "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    if (!spc) {
        SEND(u, "GET", "/Users?count=1&startIndex=1");
        if (u.resp.status == 401 || u.resp.status == 403) {
            ctx.authenticated = false;
            return Outcome::fail(C::scim_auth_failed, got(u, "200 with the token given", "トークン付きで 200"));
        }
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
    bool user = false;
    for (const auto& rt : *list) {
        if (!rt.is_object() || rt.value("endpoint", "") != "/Users") continue;
        user = true;
        if (rt.contains("schemaExtensions") && rt["schemaExtensions"].is_array()) {
            for (const auto& e : rt["schemaExtensions"]) ctx.enterprise = ctx.enterprise || (e.is_object() && e.value("schema", "") == kEnterpriseUrn);
        }
    }
    if (!user) return Outcome::warn(C::scim_discovery_failed, {"no ResourceType with endpoint /Users", "endpoint が /Users の ResourceType がありません"});
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
    SEND(one, "GET", "/Schemas/" + std::string(kUserUrn));
    if (one.resp.status != 200) return Outcome::warn(C::scim_discovery_failed, got(one, "200 for the User schema by id", "id 指定の User スキーマに 200"));
    return Outcome::pass();
}

Outcome ex1_enterprise(Ctx& ctx) {
    if (ctx.enterprise) return Outcome::pass();
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

}  // namespace

const std::vector<CheckDef>& discovery_checks() {
    static const std::vector<CheckDef> table = {
        {"D1", "ServiceProviderConfig", false, d1_service_provider_config},
        {"D3", "ResourceTypes", false, d3_resource_types},
        {"D4", "Schemas", false, d4_schemas},
        {"EX1", "enterprise extension declared", false, ex1_enterprise},
        {"D5", "unknown endpoint answers 404", false, d5_unknown_endpoint},
        {"A1", "no credentials answer 401 with a challenge", false, a1_no_credentials},
        {"A2", "an invalid token answers 401", false, a2_bad_token},
    };
    return table;
}

}  // namespace ssoctl::scim
