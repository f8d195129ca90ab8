// Create hygiene beyond the first create (§1.6 C2 CR4 CR5, §1.7 DU2, §1.17 EX2): values stored
// as sent, both media types, required attributes, case-variant duplicates, the enterprise
// extension. Each extra user is registered for cleanup and deleted as soon as it has served.
#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {

std::optional<std::string> created_id(Ctx& ctx, const std::string& kind, const std::string& name, const Exchange& x) {
    if (!x.ok() || !x.body || !x.body->is_object() || !x.body->contains("id") || !(*x.body)["id"].is_string()) return std::nullopt;
    std::string id = (*x.body)["id"].get<std::string>();
    ctx.cleanup.created(kind, name, id);
    return id;
}

void delete_now(Ctx& ctx, const std::string& kind, const std::string& id) {
    auto d = ctx.call("DELETE", "/" + kind + "/" + enc(id));
    if (d && (d->resp.status == 204 || d->resp.status == 200)) ctx.cleanup.deleted(id);
}

namespace {

using C = diag::Code;

Outcome no_user() { return Outcome::skip(i18n::text(N_("no test user was created"))); }

/** "a.b" of a JSON object, or nullptr. */
const json* at(const json& j, std::initializer_list<const char*> path) {
    const json* cur = &j;
    for (const char* k : path) {
        if (!cur->is_object() || !cur->contains(k)) return nullptr;
        cur = &(*cur)[k];
    }
    return cur;
}

// ENTRA-DOC: store values in the format sent. OKTA-CRUD compares emails[0].value byte for byte.
Outcome cr4_stored_as_sent(Ctx& ctx) {
    if (!ctx.user) return no_user();
    const json sent = shapes::create_user(ctx.idp(), ctx.user_handles("u1"));
    SEND(x, "GET", "/Users/" + enc(ctx.user->id));
    if (x.resp.status != 200 || !x.body) return Outcome::skip(i18n::text(N_("the user could not be read (see G2)")));
    std::vector<std::string> changed;
    for (auto path : {std::initializer_list<const char*>{"userName"}, {"externalId"}, {"displayName"}, {"name", "givenName"}, {"name", "familyName"}}) {
        const json* want = at(sent, path);
        if (!want) continue;
        const json* have = at(*x.body, path);
        std::string name;
        for (const char* k : path) name += (name.empty() ? "" : ".") + std::string(k);
        if (!have) changed.push_back(name + " missing");
        else if (*have != *want) changed.push_back(name + " " + want->dump() + " → " + have->dump());
    }
    if (subject_from(*x.body, true).work_email != sent["emails"][0]["value"].get<std::string>()) changed.push_back("emails[type eq \"work\"].value changed");
    if (!changed.empty()) {
        std::string m;
        for (const auto& c : changed) m += (m.empty() ? "" : "; ") + c;
        return Outcome::warn(C::scim_create_failed, i18n::text(N_("not stored as sent: {}"), {{m, {}}}));
    }
    return Outcome::pass();
}

Outcome du2_case_duplicate(Ctx& ctx) {
    if (!ctx.user) return no_user();
    std::string upper = ctx.user->user_name;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Handles h = ctx.user_handles("u1u");
    h.user_name = upper;
    ctx.plan("Users", upper, h);
    SEND(x, "POST", "/Users", shapes::create_user(ctx.idp(), h));
    if (auto id = created_id(ctx, "Users", upper, x)) {
        delete_now(ctx, "Users", *id);  // gone at once, so later filters see one user
        return Outcome::fail(C::scim_duplicate_not_409, i18n::text(N_("the upper-cased userName {} was created beside {}: two users differ only by case (userName is caseExact false)"), {{upper, {}}, {ctx.user->user_name, {}}}))
            .at(x.line);
    }
    if (x.resp.status != 409) return Outcome::fail(C::scim_duplicate_not_409, got(x, {"409 uniqueness", "409 uniqueness"}));
    return Outcome::pass();
}

Outcome cr5_missing_user_name(Ctx& ctx) {
    Handles h = ctx.user_handles("u0");
    json body = shapes::create_user(ctx.idp(), h);
    body.erase("userName");
    h.user_name.clear();  // found again by externalId, email or displayName, which carry the run ID
    const std::string label = ctx.prefix + "u0 (no userName)";
    ctx.plan("Users", label, h);
    SEND(x, "POST", "/Users", body);
    if (x.ok()) {
        if (auto id = created_id(ctx, "Users", label, x)) delete_now(ctx, "Users", *id);
        return Outcome::warn(C::scim_schema_not_enforced, i18n::text(N_("a user without the required userName was created ({})"), {{std::to_string(x.resp.status), {}}}))
            .at(x.line);
    }
    if (x.resp.status != 400) return Outcome::warn(C::scim_schema_not_enforced, got(x, {"400 invalidValue", "400 invalidValue"}));
    return Outcome::pass();
}

// Okta POSTs with Content-Type application/json, Entra ID with application/scim+json: a server
// must take both. The probe's IdP already sent its own; this sends the other one.
Outcome c2_request_media_type(Ctx& ctx) {
    const bool okta = ctx.idp() == Idp::okta;
    const std::string type = okta ? "application/scim+json" : "application/json";
    const Handles h = ctx.user_handles("u5");
    const std::string& name = h.user_name;
    ctx.plan("Users", name, h);
    Request r = ctx.build("POST", "/Users", shapes::create_user(Idp::generic, h), AuthMode::token, {});
    for (auto& [k, v] : r.headers) {
        if (k == "Content-Type") v = type;
    }
    auto sent = ctx.record("POST /Users", ctx.http.send(r));
    if (!sent) return Outcome::skip(i18n::text(N_("aborted")));
    if (auto id = created_id(ctx, "Users", name, *sent)) {
        delete_now(ctx, "Users", *id);
        return Outcome::pass(i18n::text(N_("Content-Type {} accepted"), {{type, {}}}));
    }
    const diag::Text why = got(*sent, i18n::text(N_("201 for Content-Type {}"), {{type, {}}}));
    return okta ? Outcome::warn(C::scim_create_failed, why)  // Entra ID never sends application/json
                : Outcome::fail(C::scim_create_failed, i18n::text(N_("{} (Okta sends application/json)"), {{why.en, why.in(diag::Lang::ja)}}));
}

Outcome ex2_enterprise_round_trip(Ctx& ctx) {
    if (!ctx.enterprise) return Outcome::skip(i18n::text(N_("the enterprise extension is not declared (EX1)")));
    const Handles h = ctx.user_handles("u4");
    const std::string& name = h.user_name;
    json body = shapes::create_user(Idp::generic, h);
    body["schemas"] = {kUserUrn, kEnterpriseUrn};
    body[kEnterpriseUrn] = {{"employeeNumber", "E-" + ctx.run_id}, {"department", "Probe"}};
    ctx.plan("Users", name, h);
    SEND(x, "POST", "/Users", body);
    const auto id = created_id(ctx, "Users", name, x);
    if (!id) return Outcome::fail(C::scim_enterprise_extension_missing, got(x, i18n::text(N_("201 for a user with the enterprise extension"))));
    SEND(g, "GET", "/Users/" + enc(*id));
    delete_now(ctx, "Users", *id);
    const json* ext = g.body ? at(*g.body, {kEnterpriseUrn}) : nullptr;
    if (!ext || !ext->is_object() || ext->value("employeeNumber", "") != "E-" + ctx.run_id || ext->value("department", "") != "Probe") {
        return Outcome::warn(C::scim_enterprise_extension_missing, i18n::text(N_("GET does not echo employeeNumber and department under the enterprise URN")))
            .at(g.line);
    }
    if (!has_schema(*g.body, kEnterpriseUrn)) {
        return Outcome::warn(C::scim_enterprise_extension_missing, i18n::text(N_("schemas[] lacks the enterprise URN"))).at(g.line);
    }
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& create_checks() {
    static const std::vector<CheckDef> table = {
        {"CR4", i18n::text(N_("values are stored as sent")), true, cr4_stored_as_sent},
        {"DU2", i18n::text(N_("an upper-cased duplicate userName answers 409")), true, du2_case_duplicate, false},
        {"CR5", i18n::text(N_("a create without userName answers 400")), true, cr5_missing_user_name, false},
        {"C2", i18n::text(N_("creates accepted as application/json and application/scim+json")), true, c2_request_media_type},
        {"EX2", i18n::text(N_("the enterprise extension round-trips")), true, ex2_enterprise_round_trip},
    };
    return table;
}

}  // namespace ssoctl::scim
