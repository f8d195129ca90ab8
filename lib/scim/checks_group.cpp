// Group writes in the IdP's shapes (§1.14, PO3–PO5, PE9–PE11) and deletes with 404 after (§1.13).
#include <functional>
#include <set>

#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "i18n/i18n.hpp"

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

Outcome no_group() { return Outcome::skip(i18n::text(N_("no test group was created"))); }

Outcome gr1_create(Ctx& ctx) {
    ctx.group_name = ctx.prefix + "g1";
    ctx.plan("Groups", ctx.group_name, {"", ctx.prefix + "g1x", "", ctx.group_name});
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.prefix + "g1x"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) {
        ctx.group_id = (*x.body)["id"].get<std::string>();
        ctx.cleanup.created("Groups", ctx.group_name, *ctx.group_id);
    }
    if (!ctx.group_id) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("201 with an id"))));
    return Outcome::pass(i18n::text(N_("created {}"), {{*ctx.group_id, {}}}));
}

Outcome du3_duplicate_group(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    ctx.plan("Groups", ctx.group_name + " (duplicate)", {"", ctx.prefix + "g1d", "", ctx.group_name});
    SEND(x, "POST", "/Groups", shapes::create_group(ctx.idp(), ctx.group_name, ctx.prefix + "g1d"));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) delete_now(ctx, "Groups", (*x.body)["id"].get<std::string>());
    if (x.resp.status != 409) return Outcome::warn(C::scim_duplicate_not_409, got(x, i18n::text(N_("409 uniqueness for a duplicate displayName"))));
    return Outcome::pass();
}

Outcome gr4_add_members(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user) return no_group();
    const Handles h = ctx.user_handles("u2");
    ctx.plan("Users", h.user_name, h);
    SEND(u, "POST", "/Users", shapes::create_user(Idp::generic, h));
    if (!u.ok() || !u.body || !u.body->contains("id") || !(*u.body)["id"].is_string()) return Outcome::skip(i18n::text(N_("a second test user could not be created")));
    ctx.user2_id = (*u.body)["id"].get<std::string>();
    const json body = shapes::add_members(ctx.idp(), {ctx.user->id, *ctx.user2_id});
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), body);
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("204 or 200"))));
    auto shown = [&]() -> std::optional<bool> {
        auto g = ctx.call("GET", "/Groups/" + enc(*ctx.group_id));
        if (!g) return std::nullopt;
        const auto ids = g->body ? member_ids(*g->body) : std::set<std::string>{};
        return ids.count(ctx.user->id) && ids.count(*ctx.user2_id);
    };
    const auto both = shown();
    if (!both) return Outcome::skip(i18n::text(N_("aborted")));
    if (!*both) {
        if (ctx.idp() == Idp::entra) {  // 2xx but nothing shown: is the capitalised 'Add' ignored?
            auto y = ctx.call("PATCH", "/Groups/" + enc(*ctx.group_id), shapes::lower_ops(body));
            const auto now = y && y->ok() ? shown() : std::optional<bool>(false);
            if (!now) return Outcome::skip(i18n::text(N_("aborted")));
            if (*now) {
                ctx.members_visible = true;
                return Outcome::fail(C::scim_patch_op_case, i18n::text(N_("op 'Add' answered {} but added nobody; 'add' works: capitalised ops are silently ignored"), {{std::to_string(x.resp.status), {}}}))
                    .at(x.line);
            }
        }
        return Outcome::fail(C::scim_group_failed, i18n::text(N_("GET does not show both added members: the PATCH was ignored or the tenant never returns members")))
            .at(x.line);
    }
    ctx.members_visible = true;
    if (ctx.idp() == Idp::entra && x.resp.status == 200) {
        return Outcome::pass(i18n::text(N_("200 (Entra ID expects 204; returning all members is not advisable)")));
    }
    return Outcome::pass();
}

Outcome members_unseen() {
    return Outcome::skip(i18n::text(N_("the tenant did not show added members (GR4), so this cannot be read back")));
}

Outcome gr3_excluded_members(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    if (!ctx.members_visible) return members_unseen();  // an always-empty members: [] proves nothing
    SEND(x, "GET", "/Groups/" + enc(*ctx.group_id) + "?excludedAttributes=members");
    if (x.resp.status != 200) return Outcome::fail(C::scim_group_failed, got(x, {"200", "200"}));
    if (x.body && x.body->contains("members") && !member_ids(*x.body).empty()) {
        return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("members returned despite excludedAttributes=members")));
    }
    return Outcome::pass();
}

Outcome gr5_remove_member(Ctx& ctx) {
    if (!ctx.group_id || !ctx.user || !ctx.user2_id) return no_group();
    if (!ctx.members_visible) return members_unseen();
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::remove_member(ctx.idp(), ctx.user->id));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("204 or 200"))));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    const auto ids = g.body ? member_ids(*g.body) : std::set<std::string>{};
    if (ids.count(ctx.user->id)) return Outcome::fail(C::scim_group_failed, i18n::text(N_("the member is still there: the removal was silently ignored"))).at(x.line);
    if (!ids.count(*ctx.user2_id)) return Outcome::fail(C::scim_group_failed, i18n::text(N_("the other member was removed too: the request wiped the group"))).at(x.line);
    return Outcome::pass();
}

Outcome gr7_rename(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    const std::string renamed = ctx.prefix + "g1-renamed";
    json body = ctx.idp() == Idp::okta ? shapes::patch(json::array({{{"op", "replace"}, {"value", {{"id", *ctx.group_id}, {"displayName", renamed}}}}}))
                                       : shapes::patch_op(ctx.idp(), "replace", "displayName", renamed);
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), body);
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("204 or 200"))));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (!g.body || g.body->value("displayName", "") != renamed) return Outcome::fail(C::scim_group_failed, i18n::text(N_("GET does not show the new displayName")));
    return Outcome::pass();
}

Outcome po5_replace_empty(Ctx& ctx) {
    if (!ctx.group_id) return no_group();
    if (ctx.idp() != Idp::okta) return Outcome::skip(i18n::text(N_("an Okta shape")));
    if (!ctx.members_visible) return members_unseen();
    SEND(before, "GET", "/Groups/" + enc(*ctx.group_id));
    const size_t had = before.body ? member_ids(*before.body).size() : 0;
    if (had == 0) return Outcome::skip(i18n::text(N_("the group has no member left to remove (GR5)")));
    SEND(x, "PATCH", "/Groups/" + enc(*ctx.group_id), shapes::patch(json::array({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}})));
    if (!x.ok()) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("204 or 200 for 'replace members []' (Okta Push now on an empty group)"))));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (!g.body || !member_ids(*g.body).empty()) {
        return Outcome::fail(C::scim_group_failed, i18n::text(N_("{} member(s) before, {} after replace with []"), {{std::to_string(had), {}}, {std::to_string(g.body ? member_ids(*g.body).size() : 0), {}}}))
            .at(x.line);
    }
    return Outcome::pass(i18n::text(N_("{} member(s) before, none after"), {{std::to_string(had), {}}}));
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
    if (!ctx.user || !ctx.user2_id) return Outcome::skip(i18n::text(N_("two test users are needed (CR1, GR4)")));
    if (!ctx.members_visible) return members_unseen();
    const bool okta = shape == Idp::okta;
    const std::string who = okta ? "Okta" : "Entra ID";
    const diag::Text breaks = okta ? i18n::text(N_("Okta group push breaks")) : i18n::text(N_("Entra ID group sync breaks"));
    const std::string name = ctx.prefix + (okta ? "go" : "ge");
    ctx.plan("Groups", name, {"", name + "x", "", name});
    SEND(g, "POST", "/Groups", shapes::create_group(shape, name, name + "x"));
    if (!g.ok() || !g.body || !g.body->contains("id") || !(*g.body)["id"].is_string()) return Outcome::skip(i18n::text(N_("a test group could not be created (GR1)")));
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
        if (!x) return Outcome::skip(i18n::text(N_("aborted")));
        if (!x->ok()) {
            verdict = Outcome::fail(C::scim_group_failed, i18n::text(N_("{}: '{}' answered {} '{}': {}"), {{who, {}}, {st.op, {}}, {std::to_string(x->resp.status), {}}, {short_body(*x), {}}, breaks}))
                          .at(x->line);
            break;
        }
        auto r = ctx.call("GET", "/Groups/" + enc(gid));
        if (!r) return Outcome::skip(i18n::text(N_("aborted")));
        if (r->body && st.applied(*r->body)) continue;
        diag::Code code = C::scim_group_failed;
        const std::string status = std::to_string(x->resp.status);
        diag::Text why = i18n::text(N_("answered {} but the GET after it does not show the change"), {{status, {}}});
        if (!okta) {  // is the capitalised op the cause?
            auto y = ctx.call("PATCH", "/Groups/" + enc(gid), shapes::lower_ops(st.body));
            auto again = y && y->ok() ? ctx.call("GET", "/Groups/" + enc(gid)) : Result<Exchange>(fail("scim_group_failed", ""));
            if (!y || ctx.aborted) return Outcome::skip(i18n::text(N_("aborted")));
            if (again && again->body && st.applied(*again->body)) {
                code = C::scim_patch_op_case;
                why = i18n::text(N_("answered {} but the GET after it does not show the change; the same op in lower case works: capitalised ops are silently ignored"), {{status, {}}});
            }
        }
        verdict = Outcome::fail(code, i18n::text(N_("{}: '{}' {}: {}"), {{who, {}}, {st.op, {}}, why, breaks})).at(x->line);
        break;
    }
    delete_now(ctx, "Groups", gid);
    if (!verdict) {
        return Outcome::pass(i18n::text(N_("{}: {}, {}, {} read back as sent"), {{who, {}}, {steps[0].op, {}}, {steps[1].op, {}}, {steps[2].op, {}}}));
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
    if (x.resp.status != 204 && x.resp.status != 200) return Outcome::fail(C::scim_group_failed, got(x, {"204", "204"}));
    SEND(g, "GET", "/Groups/" + enc(*ctx.group_id));
    if (g.resp.status != 404) return Outcome::fail(C::scim_delete_not_gone, got(g, i18n::text(N_("404 after DELETE"))));
    ctx.cleanup.deleted(*ctx.group_id);
    return Outcome::pass();
}

Outcome de1_delete_user(Ctx& ctx) {
    if (!ctx.user) return Outcome::skip(i18n::text(N_("no test user was created")));
    SEND(x, "DELETE", "/Users/" + enc(ctx.user->id));
    if (x.resp.status != 204 && x.resp.status != 200) return Outcome::fail(C::scim_delete_not_gone, got(x, {"204", "204"}));
    SEND(g, "GET", "/Users/" + enc(ctx.user->id));
    if (g.resp.status != 404) return Outcome::fail(C::scim_delete_not_gone, got(g, i18n::text(N_("404 after DELETE"))));
    ctx.cleanup.deleted(ctx.user->id);
    SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(ctx.user->user_name)));
    const json* list = resources(f.body);
    if (list && !list->empty()) return Outcome::fail(C::scim_delete_not_gone, i18n::text(N_("the deleted user is still returned by a filter")));
    SEND(again, "DELETE", "/Users/" + enc(ctx.user->id));
    if (again.resp.status != 404) return Outcome::warn(C::scim_delete_not_gone, got(again, i18n::text(N_("404 for a second DELETE"))));
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
    if (!user_id) return Outcome::skip(i18n::text(N_("a third test user could not be created")));
    const std::string uid = *user_id;
    ctx.plan("Groups", gname, {"", gname + "x", "", gname});
    SEND(g, "POST", "/Groups", shapes::create_group(ctx.idp(), gname, gname + "x"));
    const auto group_id = created_id(ctx, "Groups", gname, g);
    if (!group_id) return Outcome::skip(i18n::text(N_("a second test group could not be created")));
    const std::string gid = *group_id;
    SEND(add, "PATCH", "/Groups/" + enc(gid), shapes::add_members(ctx.idp(), {uid}));
    if (!add.ok()) return Outcome::skip(i18n::text(N_("the member could not be added (see GR4)")));
    SEND(before, "GET", "/Groups/" + enc(gid));
    if (!before.body || !member_ids(*before.body).count(uid)) return members_unseen();  // nothing to compare with
    SEND(del, "DELETE", "/Users/" + enc(uid));
    if (del.resp.status != 204 && del.resp.status != 200) return Outcome::skip(i18n::text(N_("the user could not be deleted (see DE1)")));
    ctx.cleanup.deleted(uid);
    SEND(after, "GET", "/Groups/" + enc(gid));
    if (after.resp.status != 200 || !after.body) return Outcome::fail(C::scim_group_failed, got(after, i18n::text(N_("200 with the group"))));
    if (member_ids(*after.body).count(uid)) {
        return Outcome::warn(C::scim_dangling_member, i18n::text(N_("Groups/{} listed Users/{} before its DELETE and still lists it after"), {{gid, {}}, {uid, {}}}));
    }
    return Outcome::pass(i18n::text(N_("listed before the DELETE, gone after")));
}

}  // namespace

const std::vector<CheckDef>& group_checks() {
    static const std::vector<CheckDef> table = {
        {"GR1", i18n::text(N_("create a group in the IdP's shape")), true, gr1_create},
        {"DU3", i18n::text(N_("a duplicate displayName answers 409")), true, du3_duplicate_group},
        {"GR4", i18n::text(N_("PATCH add two members")), true, gr4_add_members},
        {"GR3", i18n::text(N_("GET group with excludedAttributes=members")), true, gr3_excluded_members},
        {"GR5", i18n::text(N_("PATCH remove one member in the IdP's shape")), true, gr5_remove_member},
        {"GR7", i18n::text(N_("PATCH rename the group in the IdP's shape")), true, gr7_rename},
        {"PO5", i18n::text(N_("PATCH replace members with [] (Okta)")), true, po5_replace_empty},
        {"GO1", i18n::text(N_("group PATCH exactly as Okta sends it")), true, go1_okta_group_patch},
        {"GE1", i18n::text(N_("group PATCH exactly as Entra ID sends it")), true, ge1_entra_group_patch},
        {"GR6", i18n::text(N_("DELETE the group, then 404")), true, gr6_delete_group},
    };
    return table;
}

const std::vector<CheckDef>& delete_checks() {
    static const std::vector<CheckDef> table = {
        {"DE1", i18n::text(N_("DELETE the user, then 404 and gone from filters")), true, de1_delete_user},
        {"DE2", i18n::text(N_("a deleted user leaves its groups")), true, de2_dangling_member},
    };
    return table;
}

}  // namespace ssoctl::scim
