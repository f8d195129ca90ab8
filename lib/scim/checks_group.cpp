// Group writes in the IdP's shapes (§1.14, PO3–PO5, PE9–PE11) and deletes with 404 after (§1.13).
#include <set>

#include "scim/context.hpp"
#include "scim/shapes.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

std::set<std::string> member_ids(const json& g) {
    std::set<std::string> ids;
    if (g.contains("members") && g["members"].is_array()) {
        for (const auto& m : g["members"]) {
            if (m.is_object() && m.contains("value") && m["value"].is_string()) ids.insert(m["value"].get<std::string>());
        }
    }
    return ids;
}

Outcome no_group() { return Outcome::skip({"no test group was created", "テストグループが作成されていません"}); }

Outcome gr1_create(Ctx& ctx) {
    ctx.group_name = ctx.prefix + "g1";
    ctx.cleanup.plan("Groups", ctx.group_name);
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.run_id + "-g1"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) {
        ctx.group_id = (*x.body)["id"].get<std::string>();
        ctx.cleanup.created("Groups", ctx.group_name, *ctx.group_id);
    }
    if (!ctx.group_id) return Outcome::fail(C::scim_group_failed, got(x, "201 with an id", "id 付きの 201"));
    return Outcome::pass({"created " + *ctx.group_id, *ctx.group_id + " を作成"});
}

Outcome du3_duplicate_group(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.run_id + "-g1"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) ctx.cleanup.created("Groups", ctx.group_name, (*x.body)["id"].get<std::string>());
    if (x.resp.status != 409) return Outcome::warn(C::scim_duplicate_not_409, got(x, "409 uniqueness for a duplicate displayName", "displayName の重複に 409 uniqueness"));
    return Outcome::pass();
}

Outcome gr4_add_members(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user) return no_group();
    const std::string name2 = ctx.prefix + "u2@" + ctx.opts.user_domain;
    ctx.cleanup.plan("Users", name2);
    SEND(u, "POST", "/Users", shapes::create_user(Idp::generic, name2, ctx.run_id + "-e2"));
    if (!u.ok() || !u.body || !u.body->contains("id")) return Outcome::skip({"a second test user could not be created", "2 人目のテストユーザーを作成できませんでした"});
    ctx.user2_id = (*u.body)["id"].get<std::string>();
    ctx.cleanup.created("Users", name2, *ctx.user2_id);
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::add_members(ctx.idp(), {ctx.user->id, *ctx.user2_id}));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200", "204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    const auto ids = g.body ? member_ids(*g.body) : std::set<std::string>{};
    if (!ids.count(ctx.user->id) || !ids.count(*ctx.user2_id)) {
        return Outcome::fail(C::scim_group_failed, {"GET does not show both added members", "GET に追加した 2 人のメンバーが表示されません"});
    }
    if (ctx.idp() == Idp::entra && x.resp.status == 200) {
        return Outcome::pass({"200 (Entra ID expects 204; returning all members is not advisable)", "200 (Entra ID は 204 を期待。全メンバーを返すのは非推奨)"});
    }
    return Outcome::pass();
}

Outcome gr3_excluded_members(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    SEND(x, "GET", "/Groups/" + enc(*ctx.group_id) + "?excludedAttributes=members");
    if (x.resp.status != 200) return Outcome::fail(C::scim_group_failed, got(x, "200", "200"));
    if (x.body && x.body->contains("members")) return Outcome::warn(C::scim_excluded_attributes_ignored, {"members returned despite excludedAttributes=members", "excludedAttributes=members なのに members が返りました"});
    return Outcome::pass();
}

Outcome gr5_remove_member(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user || !ctx.user2_id) return no_group();
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::remove_member(ctx.idp(), ctx.user->id));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200", "204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    const auto ids = g.body ? member_ids(*g.body) : std::set<std::string>{};
    if (ids.count(ctx.user->id)) return Outcome::fail(C::scim_group_failed, {"the member is still there: the removal was silently ignored", "メンバーが残っています。削除が黙って無視されました"});
    if (!ids.count(*ctx.user2_id)) return Outcome::fail(C::scim_group_failed, {"the other member was removed too: the request wiped the group", "もう 1 人のメンバーも消えました。リクエストでグループが空になりました"});
    return Outcome::pass();
}

Outcome gr7_rename(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    const std::string renamed = ctx.prefix + "g1-renamed";
    json body = ctx.idp() == Idp::okta ? shapes::patch(json::array({{{"op", "replace"}, {"value", {{"id", *ctx.group_id}, {"displayName", renamed}}}}}))
                                       : shapes::patch_op(ctx.idp(), "replace", "displayName", renamed);
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), body);
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200", "204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (!g.body || g.body->value("displayName", "") != renamed) return Outcome::fail(C::scim_group_failed, {"GET does not show the new displayName", "GET に新しい displayName がありません"});
    return Outcome::pass();
}

Outcome po5_replace_empty(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    if (ctx.idp() != Idp::okta) return Outcome::skip({"an Okta shape", "Okta の形式です"});
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::patch(json::array({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}})));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200 for 'replace members []' (Okta Push now on an empty group)", "'replace members []' に 204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (!g.body || !member_ids(*g.body).empty()) return Outcome::fail(C::scim_group_failed, {"members remain after replace with []", "[] で置き換えた後もメンバーが残っています"});
    return Outcome::pass();
}

Outcome gr6_delete_group(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    SEND(x, "DELETE", "/Groups/" + enc(*ctx.group_id));
    if (x.resp.status != 204 && x.resp.status != 200) return Outcome::fail(C::scim_group_failed, got(x, "204", "204"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (g.resp.status != 404) return Outcome::fail(C::scim_delete_not_gone, got(g, "404 after DELETE", "DELETE 後に 404"));
    ctx.cleanup.deleted(*ctx.group_id);
    return Outcome::pass();
}

Outcome de1_delete_user(Ctx& ctx) {
    if (!ctx.user) return Outcome::skip({"no test user was created", "テストユーザーが作成されていません"});
    SEND(x, "DELETE", "/Users/" + enc(ctx.user->id));
    if (x.resp.status != 204 && x.resp.status != 200) return Outcome::fail(C::scim_delete_not_gone, got(x, "204", "204"));
    SEND(g, "GET", "/Users/" + enc(ctx.user->id));
    if (g.resp.status != 404) return Outcome::fail(C::scim_delete_not_gone, got(g, "404 after DELETE", "DELETE 後に 404"));
    ctx.cleanup.deleted(ctx.user->id);
    SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(ctx.user->user_name)));
    const json* list = resources(f.body);
    if (list && !list->empty()) return Outcome::fail(C::scim_delete_not_gone, {"the deleted user is still returned by a filter", "削除したユーザーがフィルターでまだ返されます"});
    SEND(again, "DELETE", "/Users/" + enc(ctx.user->id));
    if (again.resp.status != 404) return Outcome::warn(C::scim_delete_not_gone, got(again, "404 for a second DELETE", "2 回目の DELETE に 404"));
    return Outcome::pass();
}

// ssoctl-specific: a user deleted while in a group must leave the group too. Self-contained:
// its own user and group, both registered for cleanup.
Outcome de2_dangling_member(Ctx& ctx) {
    const std::string uname = ctx.prefix + "u3@" + ctx.opts.user_domain;
    const std::string gname = ctx.prefix + "g2";
    ctx.cleanup.plan("Users", uname);
    SEND(u, "POST", "/Users", shapes::create_user(Idp::generic, uname, ctx.run_id + "-e3"));
    const auto user_id = created_id(ctx, "Users", uname, u);
    if (!user_id) return Outcome::skip({"a third test user could not be created", "3 人目のテストユーザーを作成できませんでした"});
    const std::string uid = *user_id;
    ctx.cleanup.plan("Groups", gname);
    SEND(g, "POST", "/Groups", shapes::create_group(ctx.idp(), gname, ctx.run_id + "-g2"));
    const auto group_id = created_id(ctx, "Groups", gname, g);
    if (!group_id) return Outcome::skip({"a second test group could not be created", "2 つ目のテストグループを作成できませんでした"});
    const std::string gid = *group_id;
    SEND(add, "PATCH", "/Groups/" + enc(gid), shapes::add_members(ctx.idp(), {uid}));
    if (!add.ok()) return Outcome::skip({"the member could not be added (see GR4)", "メンバーを追加できませんでした (GR4 を参照)"});
    SEND(del, "DELETE", "/Users/" + enc(uid));
    if (del.resp.status != 204 && del.resp.status != 200) return Outcome::skip({"the user could not be deleted (see DE1)", "ユーザーを削除できませんでした (DE1 を参照)"});
    ctx.cleanup.deleted(uid);
    SEND(after, "GET", "/Groups/" + enc(gid));
    if (after.resp.status != 200 || !after.body) return Outcome::fail(C::scim_group_failed, got(after, "200 with the group", "グループ付きの 200"));
    if (member_ids(*after.body).count(uid)) {
        return Outcome::warn(C::scim_dangling_member, {"Groups/" + gid + " still lists the deleted Users/" + uid, "Groups/" + gid + " に削除した Users/" + uid + " が残っています"});
    }
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& group_checks() {
    static const std::vector<CheckDef> table = {
        {"GR1", {"create a group in the IdP's shape", "IdP の形式でグループを作成"}, true, gr1_create},
        {"DU3", {"a duplicate displayName answers 409", "重複した displayName に 409 が返る"}, true, du3_duplicate_group},
        {"GR4", {"PATCH add two members", "PATCH でメンバーを 2 人追加"}, true, gr4_add_members},
        {"GR3", {"GET group with excludedAttributes=members", "excludedAttributes=members でグループを取得"}, true, gr3_excluded_members},
        {"GR5", {"PATCH remove one member in the IdP's shape", "IdP の形式で PATCH によりメンバーを 1 人削除"}, true, gr5_remove_member},
        {"GR7", {"PATCH rename the group in the IdP's shape", "IdP の形式で PATCH によりグループ名を変更"}, true, gr7_rename},
        {"PO5", {"PATCH replace members with [] (Okta)", "PATCH でメンバーを [] に置き換え (Okta)"}, true, po5_replace_empty},
        {"GR6", {"DELETE the group, then 404", "グループを DELETE し、その後 404"}, true, gr6_delete_group},
    };
    return table;
}

const std::vector<CheckDef>& delete_checks() {
    static const std::vector<CheckDef> table = {
        {"DE1", {"DELETE the user, then 404 and gone from filters", "ユーザーを DELETE し、その後 404 でフィルターにも出ない"}, true, de1_delete_user},
        {"DE2", {"a deleted user leaves its groups", "削除したユーザーがグループから外れる"}, true, de2_dangling_member},
    };
    return table;
}

}  // namespace ssoctl::scim
