// Discovery and auth checks (research checklist §1.1, §1.2): D1 D3 D4 D5 A1 A2. Read-only.
#include "scim/context.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

bool looks_html(const Exchange& x) {
    return x.resp.content_type() == "text/html" || x.resp.body.find("<html") != std::string::npos ||
           x.resp.body.find("<!DOCTYPE") != std::string::npos || x.resp.body.find("<!doctype") != std::string::npos;
}

/** "yes"/"no" of a ServiceProviderConfig feature, in both languages. */
diag::Text yes_no(bool b) { return b ? i18n::text(N_("yes")) : i18n::text(N_("no")); }

/** "expected 401, got 302 to …": an answer that sends the client to a login page instead of refusing it. */
diag::Text redirected(const Exchange& x, bool bad_token) {
    const std::string status = std::to_string(x.resp.status);
    const bool html = looks_html(x);
    const auto location = x.resp.header("location");
    if (!location) {
        if (!html) return i18n::text(N_("expected 401, got {}"), {{status, {}}});
        return bad_token ? i18n::text(N_("expected 401, got {} with an HTML login page"), {{status, {}}})
                         : i18n::text(N_("expected 401, got {} with an HTML page"), {{status, {}}});
    }
    if (bad_token) {
        return html ? i18n::text(N_("expected 401, got {} with an HTML login page redirecting to {}"), {{status, {}}, {*location, {}}})
                    : i18n::text(N_("expected 401, got {} redirecting to {}"), {{status, {}}, {*location, {}}});
    }
    return html ? i18n::text(N_("expected 401, got {} with an HTML page to {}"), {{status, {}}, {*location, {}}})
                : i18n::text(N_("expected 401, got {} to {}"), {{status, {}}, {*location, {}}});
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
        if (!r) return Outcome::skip(i18n::text(N_("aborted")));
        if (r->resp.status != 200) return Outcome::warn(C::scim_discovery_failed, got(*r, i18n::text(N_("200 for {}"), {{r->line.substr(4), {}}}))).at(r->line);
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
            return Outcome::warn(C::scim_discovery_failed, got(x, i18n::text(N_("200 with a ServiceProviderConfig"))));
        }
        ctx.not_scim = true;
        return Outcome::fail(C::scim_not_scim, i18n::text(N_("neither /ServiceProviderConfig nor /Users answers like SCIM ({}, {}{})"), {{std::to_string(x.resp.status), {}}, {std::to_string(u.resp.status), {}}, {(looks_html(u) ? ", HTML" : ""), {}}}));
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
        return Outcome::warn(C::scim_discovery_failed, i18n::text(N_("missing {}"), {{m, {}}}));
    }
    return Outcome::pass(i18n::text(N_("patch {}, etag {}, filter {}"), {yes_no(ctx.patch_supported), yes_no(ctx.etag_supported), yes_no(supported("filter"))}));
}

// Discovery is often public: the token is first really tried here, on the route every IdP uses.
Outcome a0_token_accepted(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=1&startIndex=1");
    if (ctx.refused) return ctx.token_refused(*ctx.refused);
    return Outcome::pass(i18n::text(N_("GET /Users answered {}"), {{std::to_string(x.resp.status), {}}}));
}

Outcome d3_resource_types(Ctx& ctx) {
    SEND(x, "GET", "/ResourceTypes");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::warn(C::scim_discovery_failed, got(x, i18n::text(N_("200 with a ListResponse"))));
    ctx.resource_types_listed = true;
    bool user = false;
    for (const auto& rt : *list) {
        if (!rt.is_object() || rt.value("endpoint", "") != "/Users") continue;
        user = true;
        if (rt.contains("schemaExtensions") && rt["schemaExtensions"].is_array()) {
            for (const auto& e : rt["schemaExtensions"]) ctx.enterprise = ctx.enterprise || (e.is_object() && e.value("schema", "") == kEnterpriseUrn);
        }
    }
    if (!user) return Outcome::warn(C::scim_discovery_failed, i18n::text(N_("no ResourceType with endpoint /Users")));
    if (auto o = each_by_id(ctx, "/ResourceTypes/", ids_of(*list, "id"))) return *o;
    SEND(bad, "GET", "/ResourceTypes/ssoctl-probe-" + ctx.run_id);
    if (bad.resp.status != 404) return Outcome::warn(C::scim_discovery_failed, got(bad, i18n::text(N_("404 for an unknown ResourceType"))));
    return Outcome::pass();
}

Outcome d4_schemas(Ctx& ctx) {
    SEND(x, "GET", "/Schemas");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::warn(C::scim_discovery_failed, got(x, i18n::text(N_("200 with a ListResponse"))));
    bool user = false;
    for (const auto& s : *list) user = user || (s.is_object() && s.value("id", "") == kUserUrn);
    if (!user) return Outcome::warn(C::scim_discovery_failed, i18n::text(N_("the core User schema is not listed")));
    const auto ids = ids_of(*list, "id");
    if (auto o = each_by_id(ctx, "/Schemas/", ids)) return *o;
    SEND(bad, "GET", "/Schemas/urn:ssoctl:probe:" + ctx.run_id);
    if (bad.resp.status != 404) return Outcome::warn(C::scim_discovery_failed, got(bad, i18n::text(N_("404 for an unknown schema id"))));
    return Outcome::pass(i18n::text(N_("{} schemas, each readable by id"), {{std::to_string(ids.size()), {}}}));
}

Outcome ex1_enterprise(Ctx& ctx) {
    if (ctx.enterprise) return Outcome::pass();
    if (!ctx.resource_types_listed) {
        return Outcome::skip(i18n::text(N_("there are no ResourceTypes to read (D3); EX3 sends the extension's paths anyway")));
    }
    return Outcome::warn(C::scim_enterprise_extension_missing,
                         i18n::text(N_("the User ResourceType lists no enterprise extension")));
}

Outcome d5_unknown_endpoint(Ctx& ctx) {
    SEND(x, "GET", "/ssoctl-probe-" + ctx.run_id);
    if (x.resp.status == 404) return Outcome::pass();
    return Outcome::warn(C::scim_discovery_failed, got(x, {"404", "404"}));
}

Outcome a1_no_credentials(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=1", std::nullopt, AuthMode::none);
    if (x.ok()) return Outcome::fail(C::scim_anonymous_access, i18n::text(N_("GET /Users without credentials answered {}"), {{std::to_string(x.resp.status), {}}}));
    if (x.resp.status == 401) {
        const auto challenge = x.resp.header("www-authenticate");
        if (!challenge) return Outcome::warn(C::scim_auth_challenge_missing, i18n::text(N_("401 without WWW-Authenticate")));
        return Outcome::pass(i18n::text(N_("401, WWW-Authenticate: {}"), {{*challenge, {}}}));
    }
    if (x.resp.status == 403) return Outcome::pass(i18n::text(N_("403 (401 expected, accepted)")));
    if ((x.resp.status >= 300 && x.resp.status < 400) || looks_html(x)) {
        return Outcome::fail(C::scim_auth_redirect, redirected(x, false));
    }
    return Outcome::fail(C::scim_auth_failed, got(x, {"401", "401"}));
}

Outcome a2_bad_token(Ctx& ctx) {
    const std::string user = ctx.prefix + "nobody@" + ctx.opts.user_domain;
    SEND(x, "GET", "/Users?filter=" + enc("userName eq " + q(user)), std::nullopt, AuthMode::bad);
    if (x.ok()) return Outcome::fail(C::scim_anonymous_access, i18n::text(N_("an invalid token was accepted ({})"), {{std::to_string(x.resp.status), {}}}));
    if ((x.resp.status >= 300 && x.resp.status < 400) || looks_html(x)) {
        return Outcome::fail(C::scim_auth_redirect, redirected(x, true));
    }
    if (x.resp.status == 403) return Outcome::warn(C::scim_auth_failed, i18n::text(N_("403 instead of 401 for an invalid token")));
    if (x.resp.status != 401) return Outcome::fail(C::scim_auth_failed, got(x, i18n::text(N_("401 for an invalid token"))));
    if (!x.body || !has_schema(*x.body, kErrorUrn) || x.body->value("detail", "").empty()) {
        return Outcome::warn(C::scim_error_schema, i18n::text(N_("401 without a SCIM Error body with detail (Okta's SPEC test asserts it)")));
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
        if (!r) return Outcome::skip(i18n::text(N_("aborted")));
        if (r->ok()) accepted.push_back(r->line + " → " + std::to_string(r->resp.status));
        else if (r->resp.status == 404 || r->resp.status == 501) ++absent;  // no such endpoint or method: not writable
        else if (r->resp.status != 405) other.push_back(r->line + " → " + std::to_string(r->resp.status));
    }
    if (!accepted.empty()) return Outcome::warn(C::scim_discovery_writable, i18n::text(N_("accepted: {}"), {{first_few(accepted), {}}}));
    if (!other.empty()) return Outcome::warn(C::scim_discovery_writable, i18n::text(N_("405 expected: {}"), {{first_few(other), {}}}));
    if (absent == 12 && !ctx.spc) return Outcome::skip(i18n::text(N_("the discovery endpoints do not exist (404 to every method; see D1)")));
    if (absent > 0) return Outcome::pass(i18n::text(N_("no write accepted (405, 404 or 501)")));
    return Outcome::pass(i18n::text(N_("all 12 answered 405")));
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
            return Outcome::warn(C::scim_insecure_transport, i18n::text(N_("plain http on loopback ({}): fine for a local test server, production needs https"), {{via, {}}}));
        }
        return Outcome::fail(C::scim_insecure_transport, i18n::text(N_("the base URL is http:// ({}): tokens and users travel in clear text"), {{via, {}}}));
    }
    ctx.requests.push_back("TLS 1.2 handshake with Entra ID's cipher suites");
    auto facts = tls12_handshake(ctx.base + "/", ctx.http.options(), kEntraCiphers);
    if (!facts) {
        return Outcome::fail(C::scim_tls_incompatible, i18n::text(N_("TLS 1.2 with Entra ID's suites failed: {}"), {{facts.error().message, {}}}));
    }
    const std::string key = facts->key_type + " " + std::to_string(facts->key_bits);
    const std::string summary = facts->version + " " + facts->cipher + ", " + key + "-bit key, " + via;
    const bool weak = (facts->key_type == "RSA" && facts->key_bits < 2048) || (facts->key_type == "EC" && facts->key_bits < 256);
    if (weak) {
        return Outcome::fail(C::scim_tls_incompatible, i18n::text(N_("{}: Entra ID needs RSA >= 2048 or EC >= 256"), {{summary, {}}}));
    }
    return Outcome::pass({summary, summary});
}

}  // namespace

const std::vector<CheckDef>& discovery_checks() {
    static const std::vector<CheckDef> table = {
        {"D1", {"ServiceProviderConfig", "ServiceProviderConfig"}, false, d1_service_provider_config, true, false},
        {"A0", i18n::text(N_("the token is accepted")), false, a0_token_accepted},
        {"D3", {"ResourceTypes", "ResourceTypes"}, false, d3_resource_types, true, false},
        {"D4", {"Schemas", "Schemas"}, false, d4_schemas, true, false},
        {"EX1", i18n::text(N_("enterprise extension declared")), false, ex1_enterprise, true, false},
        {"D5", i18n::text(N_("unknown endpoint answers 404")), false, d5_unknown_endpoint, false, false},
        {"A1", i18n::text(N_("no credentials answer 401 with a challenge")), false, a1_no_credentials, false, false},
        {"A2", i18n::text(N_("an invalid token answers 401")), false, a2_bad_token, true, false},
        {"A3", i18n::text(N_("TLS 1.2 with a suite Entra ID offers")), false, a3_tls, true, false},
        {"D2", i18n::text(N_("discovery endpoints refuse writes with 405")), true, d2_discovery_read_only, false},
    };
    return table;
}

}  // namespace ssoctl::scim
