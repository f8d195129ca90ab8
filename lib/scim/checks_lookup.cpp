// Lookups an IdP relies on after the first create (--write): userName is the key even when it
// differs from the email (Entra ID sends userName = UPN), lookups follow an update of userName and
// email, and attributes under the enterprise URN change exactly what their path names.
#include <algorithm>

#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

Outcome no_user() { return Outcome::skip(i18n::text(N_("no test user was created"))); }

/** ids a filter returns; nullopt when the answer is no ListResponse (reported by L4/L8). */
std::optional<std::vector<std::string>> ids_for(Ctx& ctx, const std::string& filter) {
    auto x = ctx.call("GET", "/Users?filter=" + enc(filter));
    if (!x) return std::nullopt;
    const json* list = resources(x->body);
    if (x->resp.status == 404) return std::vector<std::string>{};  // Okta-style no-match, graded by L3
    if (x->resp.status != 200 || !list) return std::nullopt;
    std::vector<std::string> ids;
    for (const auto& r : *list) ids.push_back(r.value("id", ""));
    return ids;
}

// Entra ID matches on userName = UPN, which often differs from the mail; a server that looks up or
// deduplicates by emails[0] matches the wrong user or none.
Outcome un1_username_is_key(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.user->work_email.empty() || ctx.user->work_email == ctx.user->user_name) return Outcome::skip(i18n::text(N_("the user has no separate email")));
    const std::string f = "userName eq " + q(ctx.user->work_email);
    auto ids = ids_for(ctx, f);
    if (ctx.aborted) return Outcome::skip(i18n::text(N_("aborted")));
    if (!ids) return Outcome::skip(i18n::text(N_("the userName filter gives no ListResponse (see L4)")));
    if (std::find(ids->begin(), ids->end(), ctx.user->id) != ids->end()) {
        return Outcome::fail(C::scim_username_not_key, i18n::text(N_("userName eq \"{}\" (the email) found the user whose userName is \"{}\": lookups compare the email, not userName"), {{ctx.user->work_email, {}}, {ctx.user->user_name, {}}}));
    }
    return Outcome::pass(i18n::text(N_("userName eq <email> finds nobody; userName eq <userName> is L4")));
}

// After an update of userName and the work email, the new values find the user, the old ones
// nobody, and a new user may take the old values (no stale uniqueness index).
Outcome lu1_lookup_after_update(Ctx& ctx) {
    if (!ctx.user) return no_user();
    const std::string old_u = ctx.user->user_name, old_m = ctx.user->work_email;
    const Handles n = ctx.user_handles("u1n");
    const std::string path = "/Users/" + enc(ctx.user->id);
    if (ctx.idp() == Idp::okta) {  // Okta updates with GET-modify-PUT
        SEND(r, "GET", path);
        if (r.resp.status != 200 || !r.body || !r.body->is_object()) return Outcome::skip(i18n::text(N_("the user could not be read (see G2)")));
        json body = *r.body;
        body["userName"] = n.user_name;
        body["emails"] = json::array({{{"primary", true}, {"value", n.email}, {"type", "work"}}});
        SEND(x, "PUT", path, body);
        if (!x.ok()) return Outcome::skip(i18n::text(N_("the PUT was refused (see PU1)")));
    } else {
        json ops = json::array();
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", "userName", n.user_name)["Operations"][0]);
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", "emails[type eq \"work\"].value", n.email)["Operations"][0]);
        SEND(x, "PATCH", path, shapes::patch(ops));
        if (!x.ok()) return Outcome::skip(i18n::text(N_("the PATCH was refused (see PE2, PE8)")));
    }
    SEND(g, "GET", path);
    const Subject now = g.body && g.body->is_object() ? subject_from(*g.body, true) : Subject{};
    if (now.user_name != n.user_name || now.work_email != n.email) {
        return Outcome::skip(i18n::text(N_("the update did not take (see PE2, PE8, PU1)")));
    }
    ctx.user->user_name = n.user_name;
    ctx.user->work_email = n.email;
    struct Probe {
        std::string filter;
        bool found;
    };
    const std::vector<Probe> probes = {{"userName eq " + q(n.user_name), true}, {"userName eq " + q(old_u), false},
                                       {"emails[type eq \"work\"].value eq " + q(n.email), true}, {"emails[type eq \"work\"].value eq " + q(old_m), false}};
    for (const auto& p : probes) {
        auto ids = ids_for(ctx, p.filter);
        if (ctx.aborted) return Outcome::skip(i18n::text(N_("aborted")));
        if (!ids) continue;  // filter unsupported: L4/L8 say so
        const bool has = std::find(ids->begin(), ids->end(), ctx.user->id) != ids->end();
        if (has != p.found) {
            return Outcome::fail(C::scim_lookup_stale, p.found ? i18n::text(N_("after the update, {} does not find the user"), {{p.filter, {}}})
                                                               : i18n::text(N_("after the update, {} still finds the user"), {{p.filter, {}}}));
        }
    }
    Handles o = ctx.user_handles("u1o");
    o.user_name = old_u;
    o.email = old_m;
    ctx.plan("Users", old_u + " (old values)", o);
    SEND(c, "POST", "/Users", shapes::create_user(ctx.idp(), o));
    if (c.ok() && c.body && c.body->contains("id") && (*c.body)["id"].is_string()) {
        delete_now(ctx, "Users", (*c.body)["id"].get<std::string>());
        return Outcome::pass(i18n::text(N_("new values find the user, old ones nobody, and a new user can take the old ones")));
    }
    if (c.resp.status == 409) {
        return Outcome::fail(C::scim_lookup_stale, i18n::text(N_("a new user with the old userName {} answered 409: the uniqueness check still sees the old value"), {{old_u, {}}}));
    }
    return Outcome::skip(i18n::text(N_("a user with the old values could not be created ({})"), {{std::to_string(c.resp.status), {}}}));
}

}  // namespace

std::vector<std::string> mangled_keys(const json& u) {
    std::vector<std::string> bad;
    const std::string ent = kEnterpriseUrn;
    for (auto it = u.begin(); it != u.end(); ++it) {
        const std::string& k = it.key();
        if (k != ent && util::starts_with(ent, k) && k.size() > 4) bad.push_back(k);  // "urn:…:enterprise:2" of "…:2.0:User"
        if (util::starts_with(k, ent + ".") || util::starts_with(k, ent + ":")) bad.push_back(k);  // the whole path as one key
        if (k == "employeeNumber" || k == "department") bad.push_back(k);  // the URN dropped
    }
    if (u.contains(ent) && u[ent].is_object()) {
        for (auto it = u[ent].begin(); it != u[ent].end(); ++it) {
            if (it.key().find(':') != std::string::npos || it.key().find('.') != std::string::npos) bad.push_back(ent + " → " + it.key());
        }
    }
    return bad;
}

namespace {

std::string ext_value(const json& u, const char* attr) {
    if (!u.contains(kEnterpriseUrn) || !u[kEnterpriseUrn].is_object() || !u[kEnterpriseUrn].contains(attr)) return "";
    const json& v = u[kEnterpriseUrn][attr];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("value") && v["value"].is_string()) return v["value"].get<std::string>();
    return "";
}

// Entra ID sends enterprise attributes as paths under the URN whether or not discovery declares
// the extension; the URN's dots ("2.0") must not be read as sub-attribute separators.
Outcome ex3_extension_paths(Ctx& ctx) {
    if (!ctx.user) return no_user();
    const std::string path = "/Users/" + enc(ctx.user->id);
    const std::string ent = kEnterpriseUrn;
    const std::string num = "N-" + ctx.run_id, dept = "D-" + ctx.run_id, dept2 = "D2-" + ctx.run_id;
    struct Round {
        std::string what;
        json body;
        std::string method;
        std::vector<std::pair<const char*, std::string>> want;
    };
    std::vector<Round> rounds;
    if (ctx.idp() == Idp::okta) {
        SEND(r, "GET", path);
        if (r.resp.status != 200 || !r.body || !r.body->is_object()) return Outcome::skip(i18n::text(N_("the user could not be read (see G2)")));
        json body = *r.body;
        body["schemas"] = {kUserUrn, kEnterpriseUrn};
        body[ent] = {{"employeeNumber", num}, {"department", dept}};
        rounds.push_back({"PUT with the enterprise block", body, "PUT", {{"employeeNumber", num}, {"department", dept}}});
    } else {
        json ops = json::array();
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", ent + ":employeeNumber", num)["Operations"][0]);
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", ent + ":department", dept)["Operations"][0]);
        std::vector<std::pair<const char*, std::string>> want = {{"employeeNumber", num}, {"department", dept}};
        if (ctx.idp() == Idp::generic) {  // Entra's plain-string manager is PE7's
            ops.push_back(shapes::patch_op(ctx.idp(), "replace", ent + ":manager", {{"value", ctx.user->id}})["Operations"][0]);
            want.emplace_back("manager", ctx.user->id);
        }
        rounds.push_back({"PATCH paths " + ent + ":employeeNumber, :department" + (ctx.idp() == Idp::generic ? ", :manager" : ""), shapes::patch(ops), "PATCH", want});
        json pathless = ctx.idp() == Idp::entra ? json{{ent + ":department", dept2}} : json{{ent, {{"department", dept2}}}};
        rounds.push_back({ctx.idp() == Idp::entra ? "pathless {\"" + ent + ":department\": …}" : "pathless {\"" + ent + "\": {\"department\": …}}",
                          shapes::patch(json::array({{{"op", ctx.idp() == Idp::entra ? "Replace" : "replace"}, {"value", pathless}}})), "PATCH",
                          {{"employeeNumber", num}, {"department", dept2}}});
    }
    for (const Round& rd : rounds) {
        SEND(x, rd.method, path, rd.body);
        if (!x.ok()) {
            if (!ctx.enterprise) return Outcome::warn(C::scim_enterprise_extension_missing, got(x, i18n::text(N_("200 or 204 for {} (Entra ID sends it even without discovery)"), {{rd.what, {}}})));
            return Outcome::fail(ctx.idp() == Idp::okta ? C::scim_put_failed : C::scim_patch_failed, got(x, i18n::text(N_("200 or 204 for {}"), {{rd.what, {}}})));
        }
        SEND(g, "GET", path);
        if (!g.body || !g.body->is_object()) return Outcome::fail(C::scim_get_failed, got(g, i18n::text(N_("200 with the user")))).at(g.line);
        if (auto bad = mangled_keys(*g.body); !bad.empty()) {
            return Outcome::fail(C::scim_extension_path_mangled, i18n::text(N_("{} stored {} instead of the attribute under {}: the URN was split at its dots"), {{rd.what, {}}, {first_few(bad), {}}, {ent, {}}}))
                .at(x.line);
        }
        for (const auto& [attr, value] : rd.want) {
            const std::string have = ext_value(*g.body, attr);
            if (have == value) continue;
            const diag::Text d = i18n::text(N_("{}: GET shows {} '{}', expected '{}'"), {{rd.what, {}}, {std::string(attr), {}}, {have, {}}, {value, {}}});
            if (!ctx.enterprise && have.empty()) return Outcome::warn(C::scim_enterprise_extension_missing, d).at(x.line);
            return Outcome::fail(C::scim_patch_failed, d).at(x.line);
        }
    }
    return Outcome::pass(i18n::text(N_("{} update(s) under {} read back exactly"), {{std::to_string(rounds.size()), {}}, {ent, {}}}));
}

}  // namespace

const std::vector<CheckDef>& lookup_checks() {
    static const std::vector<CheckDef> table = {
        {"UN1", i18n::text(N_("userName, not the email, is the lookup key")), true, un1_username_is_key},
        {"EX3", i18n::text(N_("enterprise extension paths change exactly that attribute")), true, ex3_extension_paths},
        {"LU1", i18n::text(N_("lookups follow an update of userName and email")), true, lu1_lookup_after_update},
    };
    return table;
}

}  // namespace ssoctl::scim
