// Lookups an IdP relies on after the first create (--write): userName is the key even when it
// differs from the email (Entra ID sends userName = UPN), lookups follow an update of userName and
// email, and attributes under the enterprise URN change exactly what their path names.
#include <algorithm>

#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "util/strings.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

Outcome no_user() { return Outcome::skip({"no test user was created", "テストユーザーが作成されていません"}); }

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
    if (ctx.user->work_email.empty() || ctx.user->work_email == ctx.user->user_name) return Outcome::skip({"the user has no separate email", "ユーザーに別のメールがありません"});
    const std::string f = "userName eq " + q(ctx.user->work_email);
    auto ids = ids_for(ctx, f);
    if (ctx.aborted) return Outcome::skip({"aborted", "中断"});
    if (!ids) return Outcome::skip({"the userName filter gives no ListResponse (see L4)", "userName のフィルターが ListResponse を返しません (L4 を参照)"});
    if (std::find(ids->begin(), ids->end(), ctx.user->id) != ids->end()) {
        return Outcome::fail(C::scim_username_not_key, {"userName eq \"" + ctx.user->work_email + "\" (the email) found the user whose userName is \"" + ctx.user->user_name +
                                                            "\": lookups compare the email, not userName",
                                                        "userName eq \"" + ctx.user->work_email + "\" (メールアドレス) で userName が \"" + ctx.user->user_name +
                                                            "\" のユーザーが見つかりました。照合が userName ではなくメールで行われています"});
    }
    return Outcome::pass({"userName eq <email> finds nobody; userName eq <userName> is L4", "userName eq <メール> では見つからず、userName eq <userName> は L4"});
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
        if (r.resp.status != 200 || !r.body || !r.body->is_object()) return Outcome::skip({"the user could not be read (see G2)", "ユーザーを読めませんでした (G2 を参照)"});
        json body = *r.body;
        body["userName"] = n.user_name;
        body["emails"] = json::array({{{"primary", true}, {"value", n.email}, {"type", "work"}}});
        SEND(x, "PUT", path, body);
        if (!x.ok()) return Outcome::skip({"the PUT was refused (see PU1)", "PUT が拒否されました (PU1 を参照)"});
    } else {
        json ops = json::array();
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", "userName", n.user_name)["Operations"][0]);
        ops.push_back(shapes::patch_op(ctx.idp(), "replace", "emails[type eq \"work\"].value", n.email)["Operations"][0]);
        SEND(x, "PATCH", path, shapes::patch(ops));
        if (!x.ok()) return Outcome::skip({"the PATCH was refused (see PE2, PE8)", "PATCH が拒否されました (PE2, PE8 を参照)"});
    }
    SEND(g, "GET", path);
    const Subject now = g.body && g.body->is_object() ? subject_from(*g.body, true) : Subject{};
    if (now.user_name != n.user_name || now.work_email != n.email) {
        return Outcome::skip({"the update did not take (see PE2, PE8, PU1)", "更新が反映されませんでした (PE2, PE8, PU1 を参照)"});
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
        if (ctx.aborted) return Outcome::skip({"aborted", "中断"});
        if (!ids) continue;  // filter unsupported: L4/L8 say so
        const bool has = std::find(ids->begin(), ids->end(), ctx.user->id) != ids->end();
        if (has != p.found) {
            return Outcome::fail(C::scim_lookup_stale, {p.found ? "after the update, " + p.filter + " does not find the user" : "after the update, " + p.filter + " still finds the user",
                                                        p.found ? "更新後、" + p.filter + " でユーザーが見つかりません" : "更新後も " + p.filter + " でユーザーが見つかります"});
        }
    }
    Handles o = ctx.user_handles("u1o");
    o.user_name = old_u;
    o.email = old_m;
    ctx.plan("Users", old_u + " (old values)", o);
    SEND(c, "POST", "/Users", shapes::create_user(ctx.idp(), o));
    if (c.ok() && c.body && c.body->contains("id") && (*c.body)["id"].is_string()) {
        delete_now(ctx, "Users", (*c.body)["id"].get<std::string>());
        return Outcome::pass({"new values find the user, old ones nobody, and a new user can take the old ones",
                              "新しい値でユーザーが見つかり、古い値では見つからず、古い値で新しいユーザーを作成できます"});
    }
    if (c.resp.status == 409) {
        return Outcome::fail(C::scim_lookup_stale, {"a new user with the old userName " + old_u + " answered 409: the uniqueness check still sees the old value",
                                                    "古い userName " + old_u + " で新しいユーザーを作ると 409 になりました。一意性チェックが古い値を見ています"});
    }
    return Outcome::skip({"a user with the old values could not be created (" + std::to_string(c.resp.status) + ")", "古い値でユーザーを作成できませんでした (" + std::to_string(c.resp.status) + ")"});
}

/** Keys that only a server splitting the enterprise URN at its dots (or dropping it) would store. */
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
        if (r.resp.status != 200 || !r.body || !r.body->is_object()) return Outcome::skip({"the user could not be read (see G2)", "ユーザーを読めませんでした (G2 を参照)"});
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
            if (!ctx.enterprise) return Outcome::warn(C::scim_enterprise_extension_missing, got(x, "200 or 204 for " + rd.what + " (Entra ID sends it even without discovery)", rd.what + " に 200 または 204"));
            return Outcome::fail(ctx.idp() == Idp::okta ? C::scim_put_failed : C::scim_patch_failed, got(x, "200 or 204 for " + rd.what, rd.what + " に 200 または 204"));
        }
        SEND(g, "GET", path);
        if (!g.body || !g.body->is_object()) return Outcome::fail(C::scim_get_failed, got(g, "200 with the user", "ユーザー付きの 200")).at(g.line);
        if (auto bad = mangled_keys(*g.body); !bad.empty()) {
            return Outcome::fail(C::scim_extension_path_mangled, {rd.what + " stored " + first_few(bad) + " instead of the attribute under " + ent + ": the URN was split at its dots",
                                                                  rd.what + " が " + ent + " の属性ではなく " + first_few(bad) + " を保存しました。URN がドットで分割されています"})
                .at(x.line);
        }
        for (const auto& [attr, value] : rd.want) {
            const std::string have = ext_value(*g.body, attr);
            if (have == value) continue;
            const diag::Text d{rd.what + ": GET shows " + std::string(attr) + " '" + have + "', expected '" + value + "'",
                               rd.what + ": GET の " + std::string(attr) + " は '" + have + "'、期待値は '" + value + "'"};
            if (!ctx.enterprise && have.empty()) return Outcome::warn(C::scim_enterprise_extension_missing, d).at(x.line);
            return Outcome::fail(C::scim_patch_failed, d).at(x.line);
        }
    }
    return Outcome::pass({std::to_string(rounds.size()) + " update(s) under " + ent + " read back exactly", ent + " への " + std::to_string(rounds.size()) + " 回の更新がそのまま読み返せました"});
}

}  // namespace

const std::vector<CheckDef>& lookup_checks() {
    static const std::vector<CheckDef> table = {
        {"UN1", {"userName, not the email, is the lookup key", "照合キーはメールではなく userName"}, true, un1_username_is_key},
        {"EX3", {"enterprise extension paths change exactly that attribute", "エンタープライズ拡張のパスがその属性だけを変更する"}, true, ex3_extension_paths},
        {"LU1", {"lookups follow an update of userName and email", "userName とメールの更新後も照合が追従する"}, true, lu1_lookup_after_update},
    };
    return table;
}

}  // namespace ssoctl::scim
