// Group writes in the IdP's shapes (§1.14, PO3–PO5, PE9–PE11) and deletes with 404 after (§1.13).
#include <functional>
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
    ctx.plan("Groups", ctx.group_name, {"", ctx.prefix + "g1x", "", ctx.group_name});
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.prefix + "g1x"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) {
        ctx.group_id = (*x.body)["id"].get<std::string>();
        ctx.cleanup.created("Groups", ctx.group_name, *ctx.group_id);
    }
    if (!ctx.group_id) return Outcome::fail(C::scim_group_failed, got(x, "201 with an id", "id 付きの 201"));
    return Outcome::pass({"created " + *ctx.group_id, *ctx.group_id + " を作成"});
}

Outcome du3_duplicate_group(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    ctx.plan("Groups", ctx.group_name + " (duplicate)", {"", ctx.prefix + "g1d", "", ctx.group_name});
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.prefix + "g1d"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) delete_now(ctx, "Groups", (*x.body)["id"].get<std::string>());
    if (x.resp.status != 409) return Outcome::warn(C::scim_duplicate_not_409, got(x, "409 uniqueness for a duplicate displayName", "displayName の重複に 409 uniqueness"));
    return Outcome::pass();
}

Outcome gr4_add_members(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user) return no_group();
    const Handles h = ctx.user_handles("u2");
    ctx.plan("Users", h.user_name, h);
    SEND(u, "POST", "/Users", shapes::create_user(Idp::generic, h));
    if (!u.ok() || !u.body || !u.body->contains("id") || !(*u.body)["id"].is_string()) return Outcome::skip({"a second test user could not be created", "2 人目のテストユーザーを作成できませんでした"});
    ctx.user2_id = (*u.body)["id"].get<std::string>();
    const json body = shapes::add_members(ctx.idp(), {ctx.user->id, *ctx.user2_id});
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), body);
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200", "204 または 200"));
    auto shown = [&]() -> std::optional<bool> {
        auto g = ctx.call("GET", "/Groups/" + enc(*ctx.group_id));
        if (!g) return std::nullopt;
        const auto ids = g->body ? member_ids(*g->body) : std::set<std::string>{};
        return ids.count(ctx.user->id) && ids.count(*ctx.user2_id);
    };
    const auto both = shown();
    if (!both) return Outcome::skip({"aborted", "中断"});
    if (!*both) {
        if (ctx.idp() == Idp::entra) {  // 2xx but nothing shown: is the capitalised 'Add' ignored?
            auto y = ctx.call("PATCH", "/Groups/" + enc(*ctx.group_id), shapes::lower_ops(body));
            const auto now = y && y->ok() ? shown() : std::optional<bool>(false);
            if (!now) return Outcome::skip({"aborted", "中断"});
            if (*now) {
                ctx.members_visible = true;
                return Outcome::fail(C::scim_patch_op_case, {"op 'Add' answered " + std::to_string(x.resp.status) + " but added nobody; 'add' works: capitalised ops are silently ignored",
                                                             "op 'Add' は " + std::to_string(x.resp.status) + " を返しましたが誰も追加されず、'add' なら追加されます。先頭大文字の op が黙って無視されています"})
                    .at(x.line);
            }
        }
        return Outcome::fail(C::scim_group_failed, {"GET does not show both added members: the PATCH was ignored or the tenant never returns members",
                                                    "GET に追加した 2 人のメンバーが表示されません。PATCH が無視されたか、テナントがメンバーを返しません"})
            .at(x.line);
    }
    ctx.members_visible = true;
    if (ctx.idp() == Idp::entra && x.resp.status == 200) {
        return Outcome::pass({"200 (Entra ID expects 204; returning all members is not advisable)", "200 (Entra ID は 204 を期待。全メンバーを返すのは非推奨)"});
    }
    return Outcome::pass();
}

Outcome members_unseen() {
    return Outcome::skip({"the tenant did not show added members (GR4), so this cannot be read back", "テナントが追加したメンバーを表示しなかったため (GR4)、結果を読み返せません"});
}

Outcome gr3_excluded_members(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    if (!ctx.members_visible) return members_unseen();  // an always-empty members: [] proves nothing
    SEND(x, "GET", "/Groups/" + enc(*ctx.group_id) + "?excludedAttributes=members");
    if (x.resp.status != 200) return Outcome::fail(C::scim_group_failed, got(x, "200", "200"));
    if (x.body && x.body->contains("members") && !member_ids(*x.body).empty()) {
        return Outcome::warn(C::scim_excluded_attributes_ignored, {"members returned despite excludedAttributes=members", "excludedAttributes=members なのに members が返りました"});
    }
    return Outcome::pass();
}

Outcome gr5_remove_member(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user || !ctx.user2_id) return no_group();
    if (!ctx.members_visible) return members_unseen();
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::remove_member(ctx.idp(), ctx.user->id));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200", "204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    const auto ids = g.body ? member_ids(*g.body) : std::set<std::string>{};
    if (ids.count(ctx.user->id)) return Outcome::fail(C::scim_group_failed, {"the member is still there: the removal was silently ignored", "メンバーが残っています。削除が黙って無視されました"}).at(x.line);
    if (!ids.count(*ctx.user2_id)) return Outcome::fail(C::scim_group_failed, {"the other member was removed too: the request wiped the group", "もう 1 人のメンバーも消えました。リクエストでグループが空になりました"}).at(x.line);
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
    if (!ctx.members_visible) return members_unseen();
    SEND(before, "GET", "/Groups/" + enc(*ctx.group_id));
    const size_t had = before.body ? member_ids(*before.body).size() : 0;
    if (had == 0) return Outcome::skip({"the group has no member left to remove (GR5)", "グループに削除するメンバーが残っていません (GR5)"});
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::patch(json::array({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}})));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, "204 or 200 for 'replace members []' (Okta Push now on an empty group)", "'replace members []' に 204 または 200"));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (!g.body || !member_ids(*g.body).empty()) {
        return Outcome::fail(C::scim_group_failed, {std::to_string(had) + " member(s) before, " + std::to_string(g.body ? member_ids(*g.body).size() : 0) + " after replace with []",
                                                    "[] で置き換える前 " + std::to_string(had) + " 人、後 " + std::to_string(g.body ? member_ids(*g.body).size() : 0) + " 人"})
            .at(x.line);
    }
    return Outcome::pass({std::to_string(had) + " member(s) before, none after", "置き換え前 " + std::to_string(had) + " 人、後 0 人"});
}

/** One membership change in an IdP's exact shape, read back with a GET. */
struct Step {
    const char* op;  // as shown: "Add members", …
    json body;
    std::function<bool(const json&)> applied;
};

// Group PATCH as Okta (lower-case ops, filtered remove, replace members []) and as Entra ID
// (Add/Remove/Replace, value-array remove) send it, each on a fresh group, read back after every step.
Outcome group_shapes(Ctx& ctx, Idp shape) {
    if (!ctx.user || !ctx.user2_id) return Outcome::skip({"two test users are needed (CR1, GR4)", "テストユーザーが 2 人必要です (CR1, GR4)"});
    if (!ctx.members_visible) return members_unseen();
    const bool okta = shape == Idp::okta;
    const std::string who = okta ? "Okta" : "Entra ID";
    const std::string breaks = okta ? "Okta group push breaks" : "Entra ID group sync breaks";
    const std::string breaks_ja = okta ? "Okta のグループプッシュが壊れます" : "Entra ID のグループ同期が壊れます";
    const std::string name = ctx.prefix + (okta ? "go" : "ge");
    ctx.plan("Groups", name, {"", name + "x", "", name});
    SEND(g, "POST", "/Groups", shapes::create_group(shape, name, name + "x"));
    if (!g.ok() || !g.body || !g.body->contains("id") || !(*g.body)["id"].is_string()) return Outcome::skip({"a test group could not be created (GR1)", "テストグループを作成できませんでした (GR1)"});
    const std::string gid = (*g.body)["id"].get<std::string>();
    const std::string u1 = ctx.user->id, u2 = *ctx.user2_id;
    auto has = [](const json& grp, const std::string& id) { return member_ids(grp).count(id) > 0; };
    std::vector<Step> steps = {
        {okta ? "add members" : "Add members", shapes::add_members(shape, {u1, u2}), [&](const json& r) { return has(r, u1) && has(r, u2); }},
        {okta ? "remove members[value eq …]" : "Remove members [{value}]", shapes::remove_member(shape, u1), [&](const json& r) { return !has(r, u1) && has(r, u2); }},
    };
    if (okta) steps.push_back({"replace members []", shapes::patch(json::array({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}})), [](const json& r) { return member_ids(r).empty(); }});
    else steps.push_back({"Replace displayName", shapes::patch_op(shape, "replace", "displayName", name + "-renamed"), [&](const json& r) { return r.value("displayName", "") == name + "-renamed"; }});
    std::optional<Outcome> verdict;
    for (const Step& st : steps) {
        auto x = ctx.call("PATCH", "/Groups/" + enc(gid), st.body);
        if (!x) return Outcome::skip({"aborted", "中断"});
        if (!x->ok()) {
            verdict = Outcome::fail(C::scim_group_failed, {who + ": '" + st.op + "' answered " + std::to_string(x->resp.status) + " '" + short_body(*x) + "': " + breaks,
                                                          who + ": '" + st.op + "' が " + std::to_string(x->resp.status) + " '" + short_body(*x) + "' を返しました。" + breaks_ja})
                          .at(x->line);
            break;
        }
        auto r = ctx.call("GET", "/Groups/" + enc(gid));
        if (!r) return Outcome::skip({"aborted", "中断"});
        if (r->body && st.applied(*r->body)) continue;
        diag::Code code = C::scim_group_failed;
        std::string why = "answered " + std::to_string(x->resp.status) + " but the GET after it does not show the change";
        std::string why_ja = std::to_string(x->resp.status) + " を返しましたが、直後の GET に変更が反映されていません";
        if (!okta) {  // is the capitalised op the cause?
            auto y = ctx.call("PATCH", "/Groups/" + enc(gid), shapes::lower_ops(st.body));
            auto again = y && y->ok() ? ctx.call("GET", "/Groups/" + enc(gid)) : Result<Exchange>(fail("scim_group_failed", ""));
            if (!y || ctx.aborted) return Outcome::skip({"aborted", "中断"});
            if (again && again->body && st.applied(*again->body)) {
                code = C::scim_patch_op_case;
                why += "; the same op in lower case works: capitalised ops are silently ignored";
                why_ja += "。小文字の op なら反映されます。先頭大文字の op が黙って無視されています";
            }
        }
        verdict = Outcome::fail(code, {who + ": '" + st.op + "' " + why + ": " + breaks, who + ": '" + st.op + "' は " + why_ja + "。" + breaks_ja}).at(x->line);
        break;
    }
    delete_now(ctx, "Groups", gid);
    if (!verdict) {
        return Outcome::pass({who + ": " + steps[0].op + ", " + steps[1].op + ", " + steps[2].op + " read back as sent",
                              who + ": " + steps[0].op + "・" + steps[1].op + "・" + steps[2].op + " が送信どおりに反映されました"});
    }
    verdict->about = shape;
    if (ctx.idp() != shape && ctx.idp() != Idp::generic) verdict->status = Status::warn;  // not the IdP of this run: worth knowing, not a failure
    return *verdict;
}

Outcome go1_okta_group_patch(Ctx& ctx) { return group_shapes(ctx, Idp::okta); }
Outcome ge1_entra_group_patch(Ctx& ctx) { return group_shapes(ctx, Idp::entra); }

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
    const Handles h = ctx.user_handles("u3");
    const std::string gname = ctx.prefix + "g2";
    ctx.plan("Users", h.user_name, h);
    SEND(u, "POST", "/Users", shapes::create_user(Idp::generic, h));
    const auto user_id = created_id(ctx, "Users", h.user_name, u);
    if (!user_id) return Outcome::skip({"a third test user could not be created", "3 人目のテストユーザーを作成できませんでした"});
    const std::string uid = *user_id;
    ctx.plan("Groups", gname, {"", gname + "x", "", gname});
    SEND(g, "POST", "/Groups", shapes::create_group(ctx.idp(), gname, gname + "x"));
    const auto group_id = created_id(ctx, "Groups", gname, g);
    if (!group_id) return Outcome::skip({"a second test group could not be created", "2 つ目のテストグループを作成できませんでした"});
    const std::string gid = *group_id;
    SEND(add, "PATCH", "/Groups/" + enc(gid), shapes::add_members(ctx.idp(), {uid}));
    if (!add.ok()) return Outcome::skip({"the member could not be added (see GR4)", "メンバーを追加できませんでした (GR4 を参照)"});
    SEND(before, "GET", "/Groups/" + enc(gid));
    if (!before.body || !member_ids(*before.body).count(uid)) return members_unseen();  // nothing to compare with
    SEND(del, "DELETE", "/Users/" + enc(uid));
    if (del.resp.status != 204 && del.resp.status != 200) return Outcome::skip({"the user could not be deleted (see DE1)", "ユーザーを削除できませんでした (DE1 を参照)"});
    ctx.cleanup.deleted(uid);
    SEND(after, "GET", "/Groups/" + enc(gid));
    if (after.resp.status != 200 || !after.body) return Outcome::fail(C::scim_group_failed, got(after, "200 with the group", "グループ付きの 200"));
    if (member_ids(*after.body).count(uid)) {
        return Outcome::warn(C::scim_dangling_member, {"Groups/" + gid + " listed Users/" + uid + " before its DELETE and still lists it after",
                                                       "Groups/" + gid + " は DELETE 前に Users/" + uid + " を含み、削除後も含んだままです"});
    }
    return Outcome::pass({"listed before the DELETE, gone after", "DELETE 前は含まれ、削除後は外れました"});
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
        {"GO1", {"group PATCH exactly as Okta sends it", "Okta が送るとおりのグループ PATCH"}, true, go1_okta_group_patch},
        {"GE1", {"group PATCH exactly as Entra ID sends it", "Entra ID が送るとおりのグループ PATCH"}, true, ge1_entra_group_patch},
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
