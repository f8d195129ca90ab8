// User writes in the chosen IdP's shapes (§1.6 CR1 CR3, §1.7 DU1, §1.9 PU1, §1.10–1.12 PATCH and
// active, §1.16 ET1). Every create is registered with the cleanup before it is sent.
#include <regex>

#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

bool license_refusal(const Exchange& x) {
    if (x.resp.status == 402) return true;
    if (x.resp.status < 400) return false;
    static const std::regex words("licen[cs]e|seat|quota|subscription|plan limit|user limit|max(imum)? (number of )?users", std::regex::icase);
    std::string text = short_body(x);
    if (x.body && x.body->is_object()) text += " " + x.body->value("scimType", "");
    return std::regex_search(text, words);
}

Outcome no_user() { return Outcome::skip(i18n::text(N_("no test user was created"))); }

Result<Exchange> get_user(Ctx& ctx) { return ctx.call("GET", "/Users/" + enc(ctx.user->id)); }

std::optional<bool> active_of(const Exchange& x) {
    if (!x.body || !x.body->is_object() || !x.body->contains("active")) return std::nullopt;
    const json& a = (*x.body)["active"];
    if (a.is_boolean()) return a.get<bool>();
    return std::nullopt;
}

Outcome cr1_create(Ctx& ctx) {
    const Handles h = ctx.user_handles("u1");
    const std::string& name = h.user_name;
    ctx.plan("Users", name, h);
    SEND(x, "POST", "/Users", shapes::create_user(ctx.idp(), h));
    if (x.body && x.body->is_object() && x.body->contains("id") && (*x.body)["id"].is_string() && x.ok()) {
        ctx.user = subject_from(*x.body, true);
        ctx.create_location = x.resp.header("location");
        if (ctx.user->user_name.empty()) ctx.user->user_name = name;
        if (ctx.user->external_id.empty()) ctx.user->external_id = h.external_id;
        if (ctx.user->work_email.empty()) ctx.user->work_email = h.email;
    }
    if (license_refusal(x)) return Outcome::fail(C::scim_license_limit, got(x, {"201", "201"}));
    if (!x.ok()) return Outcome::fail(C::scim_create_failed, got(x, i18n::text(N_("201 with the user"))));
    if (!ctx.user) return Outcome::fail(C::scim_create_failed, i18n::text(N_("the answer has no id (Okta: 'Create new user returned empty user')")));
    if (x.resp.status != 201) return Outcome::warn(C::scim_create_failed, got(x, {"201", "201"}));
    const json& b = *x.body;
    if (b.value("userName", "") != name) return Outcome::fail(C::scim_create_failed, i18n::text(N_("userName not stored as sent")));
    if (b.contains("password")) return Outcome::fail(C::scim_create_failed, i18n::text(N_("the password is returned (returned=never)")));
    return Outcome::pass(i18n::text(N_("created {}"), {{ctx.user->id, {}}}));
}

Outcome cr3_location(Ctx& ctx) {
    if (!ctx.user) return no_user();
    // the create's answer is gone; a GET's meta.location and a fresh create would both do: use a HEAD-free re-read
    SEND(x, "GET", "/Users/" + enc(ctx.user->id));
    const std::string meta_loc = x.body && x.body->contains("meta") && (*x.body)["meta"].is_object() ? (*x.body)["meta"].value("location", "") : "";
    if (!ctx.create_location) {
        return Outcome::warn(C::scim_location_missing, i18n::text(N_("no Location header on 201; meta.location is '{}'"), {{meta_loc, {}}}));
    }
    if (meta_loc.rfind("http", 0) != 0) {
        return Outcome::warn(C::scim_location_missing, i18n::text(N_("meta.location '{}' is not an absolute URL"), {{meta_loc, {}}}));
    }
    return Outcome::pass({"Location: " + *ctx.create_location, "Location: " + *ctx.create_location});
}

Outcome g2_read_back(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip(i18n::text(N_("aborted")));
    const Exchange& x = *r;
    if (x.resp.status != 200 || !x.body) return Outcome::fail(C::scim_get_failed, got(x, {"200", "200"}));
    if (x.body->value("id", "") != ctx.user->id || x.body->value("userName", "") != ctx.user->user_name) {
        return Outcome::fail(C::scim_get_failed, i18n::text(N_("id or userName differs from the create")));
    }
    if (x.body->contains("password")) return Outcome::fail(C::scim_get_failed, i18n::text(N_("the password is returned (returned=never)")));
    return Outcome::pass();
}

// The duplicate shares only the userName: its email and externalId differ, so a server that keys
// uniqueness on emails[0] (not userName, as Entra ID's UPN-based matching assumes) creates it.
Outcome du1_duplicate(Ctx& ctx) {
    if (!ctx.user) return no_user();
    Handles h = ctx.user_handles("u1d");
    h.user_name = ctx.user->user_name;
    ctx.plan("Users", h.user_name + " (duplicate)", h);
    SEND(x, "POST", "/Users", shapes::create_user(ctx.idp(), h));
    if (x.ok() && x.body && x.body->contains("id") && (*x.body)["id"].is_string()) {
        delete_now(ctx, "Users", (*x.body)["id"].get<std::string>());
        return Outcome::fail(C::scim_duplicate_not_409, i18n::text(N_("a second user with the userName {} but another email and externalId was created ({}): uniqueness is not keyed on userName"), {{h.user_name, {}}, {std::to_string(x.resp.status), {}}}))
            .at(x.line);
    }
    if (x.resp.status != 409) return Outcome::fail(C::scim_duplicate_not_409, got(x, {"409 uniqueness", "409 uniqueness"}));
    if (!x.body || x.body->value("scimType", "") != "uniqueness") {
        return Outcome::warn(C::scim_duplicate_not_409, i18n::text(N_("409 without scimType 'uniqueness'")));
    }
    return Outcome::pass();
}

Outcome pu1_put(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() == Idp::entra) return Outcome::skip(i18n::text(N_("Entra ID never sends PUT")));
    auto r = get_user(ctx);
    if (!r) return Outcome::skip(i18n::text(N_("aborted")));
    if (r->resp.status != 200 || !r->body) return Outcome::fail(C::scim_get_failed, got(*r, {"200", "200"}));
    json body = *r->body;
    body["name"]["givenName"] = "Probe2";
    if (ctx.idp() == Idp::okta) {
        body["password"] = "Pw-" + ctx.run_id + "-y7!";
        body["groups"] = json::array();
    }
    SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_put_failed, got(x, i18n::text(N_("200 with the user"))));
    auto after = get_user(ctx);
    if (!after) return Outcome::skip(i18n::text(N_("aborted")));
    if (!after->body || after->body->value("id", "") != ctx.user->id ||
        !(*after->body).contains("name") || (*after->body)["name"].value("givenName", "") != "Probe2") {
        return Outcome::fail(C::scim_put_failed, i18n::text(N_("GET after PUT does not show name.givenName 'Probe2'")));
    }
    return Outcome::pass();
}

Outcome pu2_put_missing(Ctx& ctx) {
    if (!ctx.user) return no_user();
    const Handles h = ctx.user_handles("u9");
    json body = shapes::create_user(ctx.idp(), h);
    body["id"] = ctx.prefix + "missing";
    ctx.plan("Users", h.user_name, h);  // an upsert would create it
    SEND(x, "PUT", "/Users/" + enc(body["id"].get<std::string>()), body);
    if (x.ok()) {
        ctx.cleanup.created("Users", h.user_name, x.body && x.body->is_object() && x.body->contains("id") && (*x.body)["id"].is_string() ? (*x.body)["id"].get<std::string>() : body["id"].get<std::string>());
        return Outcome::warn(C::scim_put_failed, i18n::text(N_("PUT to an unknown id answered {} (an upsert); expected 404"), {{std::to_string(x.resp.status), {}}}));
    }
    if (x.resp.status != 404) return Outcome::warn(C::scim_put_failed, got(x, i18n::text(N_("404 for PUT to an unknown id"))));
    return Outcome::pass();
}

Outcome pu3_put_wrong_type(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip(i18n::text(N_("aborted")));
    if (r->resp.status != 200 || !r->body || !r->body->is_object()) return Outcome::skip(i18n::text(N_("the user could not be read")));
    json body = *r->body;
    body["active"] = "maybe";  // no lenient boolean reading accepts this
    SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
    if (x.ok()) {
        return Outcome::warn(C::scim_schema_not_enforced, i18n::text(N_("PUT with \"active\": \"maybe\" answered {}; expected 400"), {{std::to_string(x.resp.status), {}}}));
    }
    if (x.resp.status != 400) return Outcome::warn(C::scim_schema_not_enforced, got(x, {"400 invalidValue", "400 invalidValue"}));
    return Outcome::pass();
}

/** Sends a PATCH; for Entra, retries a refused or ignored capitalised op in lower case to name the cause. */
Outcome patch_and_verify(Ctx& ctx, const json& body, const std::function<bool(const json&)>& verify, diag::Text what) {
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) {
        if (ctx.idp() == Idp::entra && x.resp.status == 400) {
            auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::lower_ops(body));
            if (y && y->ok()) return Outcome::fail(C::scim_patch_op_case, i18n::text(N_("400 for op 'Replace', accepted as 'replace'"))).at(x.line);
        }
        return Outcome::fail(C::scim_patch_failed, got(x, i18n::text(N_("200 or 204")))).at(x.line);
    }
    if (x.resp.status == 200 && x.resp.body.empty()) {
        return Outcome::warn(C::scim_patch_failed, i18n::text(N_("200 with an empty body (send the resource or 204)")));
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip(i18n::text(N_("aborted")));
    if (!after->body || !verify(*after->body)) {
        if (ctx.idp() == Idp::entra) {  // answered 2xx but changed nothing: are capitalised ops ignored?
            auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::lower_ops(body));
            if (!y) return Outcome::skip(i18n::text(N_("aborted")));
            auto again = get_user(ctx);
            if (!again) return Outcome::skip(i18n::text(N_("aborted")));
            if (y->ok() && again->body && verify(*again->body)) {
                return Outcome::fail(C::scim_patch_op_case, i18n::text(N_("op '{}' answered {} but changed nothing; the same in lower case works: capitalised ops are silently ignored"), {{body["Operations"][0].value("op", ""), {}}, {std::to_string(x.resp.status), {}}}))
                    .at(x.line);
            }
        }
        return Outcome::fail(C::scim_patch_failed, std::move(what)).at(x.line);
    }
    return Outcome::pass();
}

Outcome pa1_patch_attribute(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip(i18n::text(N_("patch.supported is false")));
    if (ctx.idp() == Idp::okta) return Outcome::skip(i18n::text(N_("Okta uses PATCH only for active")));
    json body = shapes::patch_op(ctx.idp(), "replace", "name.familyName", "Patched");
    return patch_and_verify(ctx, body, [](const json& u) { return u.contains("name") && u["name"].value("familyName", "") == "Patched"; },
                            i18n::text(N_("GET after PATCH does not show name.familyName 'Patched'")));
}

Outcome pe2_value_path(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() != Idp::entra) return Outcome::skip(i18n::text(N_("an Entra ID shape")));
    const std::string mail = ctx.prefix + "u1b@" + ctx.opts.user_domain;
    json body = shapes::patch_op(ctx.idp(), "replace", "emails[type eq \"work\"].value", mail);
    Outcome o = patch_and_verify(ctx, body, [&](const json& u) { return subject_from(u, true).work_email == mail; },
                                 i18n::text(N_("GET does not show the new work email")));
    if (o.status == Status::pass) ctx.user->work_email = mail;
    return o;
}

Outcome pe5_dotted_map(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() != Idp::entra) return Outcome::skip(i18n::text(N_("an Entra ID shape")));
    json value = {{"name.givenName", "Dotted"}, {std::string(kEnterpriseUrn) + ":employeeNumber", "D-" + ctx.run_id}};
    json body = shapes::patch(json::array({{{"op", "replace"}, {"value", value}}}));
    Outcome o = patch_and_verify(ctx, body, [](const json& u) { return u.contains("name") && u["name"].value("givenName", "") == "Dotted" && !u.contains("name.givenName"); },
                                 i18n::text(N_("dotted keys were not applied as paths")));
    if (o.status != Status::pass) return o;
    SEND(g, "GET", "/Users/" + enc(ctx.user->id));
    if (auto bad = g.body ? mangled_keys(*g.body) : std::vector<std::string>{}; !bad.empty()) {
        return Outcome::fail(C::scim_extension_path_mangled, i18n::text(N_("the key {}:employeeNumber was stored as {}"), {{std::string(kEnterpriseUrn), {}}, {first_few(bad), {}}}));
    }
    return o;
}

Outcome pe6_add_string(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip(i18n::text(N_("patch.supported is false")));
    if (ctx.idp() == Idp::okta) return Outcome::skip(i18n::text(N_("Okta uses PATCH only for active")));
    json body = shapes::patch_op(ctx.idp(), "add", "nickName", "Babs");
    return patch_and_verify(ctx, body, [](const json& u) { return u.value("nickName", "") == "Babs"; },
                            i18n::text(N_("GET after PATCH add does not show nickName 'Babs'")));
}

std::string manager_of(const json& u) {
    auto it = u.find(kEnterpriseUrn);
    if (it == u.end() || !it->is_object() || !it->contains("manager")) return "";
    const json& m = (*it)["manager"];
    if (m.is_object()) return m.value("value", "");
    return m.is_string() ? m.get<std::string>() : "";
}

Outcome pe7_manager_string(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() != Idp::entra) return Outcome::skip(i18n::text(N_("an Entra ID shape")));
    if (!ctx.enterprise) return Outcome::skip(i18n::text(N_("the enterprise extension is not declared")));
    const std::string path = std::string(kEnterpriseUrn) + ":manager";
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), shapes::patch_op(ctx.idp(), "add", path, ctx.user->id));
    if (!x.ok()) {
        auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::patch_op(ctx.idp(), "add", path, {{"value", ctx.user->id}}));
        const bool complex_ok = y && y->ok();
        diag::Text d = got(x, i18n::text(N_("200 or 204 for a manager sent as a string")));
        if (complex_ok) d = i18n::text(N_("{}; {{\"value\": id}} is accepted"), {{d.en, d.in(diag::Lang::ja)}});
        return Outcome::fail(C::scim_manager_string_rejected, d).at(x.line);
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip(i18n::text(N_("aborted")));
    if (auto bad = after->body ? mangled_keys(*after->body) : std::vector<std::string>{}; !bad.empty()) {
        return Outcome::fail(C::scim_extension_path_mangled, i18n::text(N_("the path {} was stored as {}: the URN was split at its dots"), {{path, {}}, {first_few(bad), {}}}))
            .at(x.line);
    }
    if (!after->body || manager_of(*after->body) != ctx.user->id) {
        return Outcome::fail(C::scim_manager_string_rejected, i18n::text(N_("accepted, but GET does not show manager.value")));
    }
    return Outcome::pass();
}

Outcome pe8_rename(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip(i18n::text(N_("patch.supported is false")));
    if (ctx.idp() == Idp::okta) return Outcome::skip(i18n::text(N_("Okta renames with PUT")));
    const std::string renamed = ctx.prefix + "u1r@" + ctx.opts.user_domain;
    json body = shapes::patch_op(ctx.idp(), "replace", "userName", renamed);
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_patch_failed, got(x, i18n::text(N_("200 or 204"))));
    ctx.cleanup.created("Users", renamed, ctx.user->id);
    ctx.user->user_name = renamed;
    SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(renamed)));
    const json* list = resources(f.body);
    if (!list || list->size() != 1 || (*list)[0].value("id", "") != ctx.user->id) {
        return Outcome::fail(C::scim_lookup_stale, i18n::text(N_("after the rename, userName eq \"{}\" does not find the user"), {{renamed, {}}}));
    }
    return Outcome::pass();
}

Outcome set_active_check(Ctx& ctx, bool active) {
    if (!ctx.user) return no_user();
    const bool legacy = ctx.idp() == Idp::entra;
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), shapes::set_active(ctx.idp(), active, legacy));
    std::optional<Outcome> verdict;
    if (!x.ok()) {
        if (legacy && x.resp.status == 400) {
            auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::set_active(ctx.idp(), active, false));
            if (!y) return Outcome::skip(i18n::text(N_("aborted")));
            if (y->ok()) {
                verdict = Outcome::fail(C::scim_boolean_string_rejected, i18n::text(N_("400 for \"{}\"; a JSON boolean works"), {{(active ? "True" : "False"), {}}}))
                              .at(x.line);
            }
        }
        if (!verdict) return Outcome::fail(C::scim_deactivate_failed, got(x, i18n::text(N_("200 or 204"))));
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip(i18n::text(N_("aborted")));
    if (active_of(*after) != active) {
        return Outcome::fail(C::scim_deactivate_failed, i18n::text(N_("GET does not show active {}"), {{(active ? "true" : "false"), {}}}));
    }
    if (!active) {
        SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(ctx.user->user_name)));
        const json* list = resources(f.body);
        if (!list || list->size() != 1) {
            return Outcome::fail(C::scim_deactivate_failed, i18n::text(N_("the inactive user is hidden from filters: the IdP will POST it again and get 409")));
        }
    }
    return verdict ? *verdict : Outcome::pass();
}

Outcome da1_deactivate(Ctx& ctx) { return set_active_check(ctx, false); }
Outcome da2_reactivate(Ctx& ctx) { return set_active_check(ctx, true); }

// MS Q&A 1185756: an app that answered updates to an inactive user with 409 "User must be Active".
Outcome da3_update_inactive(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip(i18n::text(N_("aborted")));
    if (active_of(*r) != false) return Outcome::skip(i18n::text(N_("the user is not inactive (see DA1)")));
    if (ctx.idp() == Idp::okta) {
        json body = *r->body;
        body["name"]["givenName"] = "Inactive";
        SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
        if (!x.ok()) return Outcome::fail(C::scim_put_failed, got(x, i18n::text(N_("200 for a PUT on an inactive user"))));
        return Outcome::pass();
    }
    json body = shapes::patch_op(ctx.idp(), "replace", "displayName", ctx.prefix + "u1-inactive");  // keeps the run ID planted
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_patch_failed, got(x, i18n::text(N_("200 or 204 for a PATCH on an inactive user"))));
    return Outcome::pass();
}

Outcome et1_etag(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip(i18n::text(N_("aborted")));
    const auto etag = r->resp.header("etag");
    const std::string version = r->body && r->body->contains("meta") && (*r->body)["meta"].is_object() ? (*r->body)["meta"].value("version", "") : "";
    if (!ctx.etag_supported) {
        if (etag && version.empty()) {
            return Outcome::pass(i18n::text(N_("etag.supported is false; the ETag header '{}' is an HTTP cache tag, not a SCIM version"), {{*etag, {}}}));
        }
        return Outcome::pass(i18n::text(N_("etag.supported is false")));
    }
    if (!etag) return Outcome::warn(C::scim_etag_unreliable, i18n::text(N_("etag.supported is true but GET has no ETag header")));
    json body = shapes::patch(json::array({{{"op", "replace"}, {"path", "nickName"}, {"value", "etag"}}}));
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body, AuthMode::token, Headers{{"If-Match", "W/\"ssoctl-stale\""}});
    if (x.resp.status != 412) return Outcome::warn(C::scim_etag_unreliable, got(x, i18n::text(N_("412 for a stale If-Match"))));
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& user_write_checks() {
    static const std::vector<CheckDef> table = {
        {"CR1", i18n::text(N_("create a user in the IdP's shape")), true, cr1_create},
        {"CR3", i18n::text(N_("201 carries Location = meta.location")), true, cr3_location},
        {"G2", i18n::text(N_("GET by id returns the stored user")), true, g2_read_back},
        {"DU1", i18n::text(N_("a duplicate userName answers 409 uniqueness")), true, du1_duplicate},
    };
    return table;
}

const std::vector<CheckDef>& user_update_checks() {
    static const std::vector<CheckDef> table = {
        {"PU1", i18n::text(N_("PUT replaces the user (Okta's GET-modify-PUT)")), true, pu1_put},
        {"PU2", i18n::text(N_("PUT to an unknown id answers 404")), true, pu2_put_missing, false},
        {"PU3", i18n::text(N_("PUT with a wrong-typed attribute answers 400")), true, pu3_put_wrong_type, false},
        {"PA1", i18n::text(N_("PATCH replace name.familyName")), true, pa1_patch_attribute},
        {"PE2", {"PATCH Replace emails[type eq \"work\"].value", "PATCH Replace emails[type eq \"work\"].value"}, true, pe2_value_path},
        {"PE5", i18n::text(N_("PATCH pathless map with dotted and URN keys")), true, pe5_dotted_map},
        {"PE6", i18n::text(N_("PATCH Add a single-valued string (nickName)")), true, pe6_add_string},
        {"PE7", i18n::text(N_("PATCH enterprise manager as a plain string (Entra)")), true, pe7_manager_string},
        {"DA1", i18n::text(N_("deactivate via active=false; user stays visible")), true, da1_deactivate},
        {"DA3", i18n::text(N_("an inactive user can still be updated")), true, da3_update_inactive},
        {"DA2", i18n::text(N_("reactivate via active=true")), true, da2_reactivate},
        {"PE8", i18n::text(N_("PATCH Replace userName, then find it by the new name")), true, pe8_rename},
        {"ET1", i18n::text(N_("ETag and If-Match match what is advertised")), true, et1_etag, false},
    };
    return table;
}

}  // namespace ssoctl::scim
