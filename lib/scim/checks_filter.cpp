// Matching filters as Okta and Entra ID send them (§1.4 L4 L5 L7 L8 L10, §1.5 P5): on the probe's
// own user with --write, otherwise on the first existing user (values masked in the report).
#include "util/strings.hpp"
#include "scim/context.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

const Subject* pick(const Ctx& ctx) {
    if (ctx.user) return &*ctx.user;
    if (ctx.subject) return &*ctx.subject;
    return nullptr;
}

Outcome no_subject() { return Outcome::skip(i18n::text(N_("no user to match: the tenant has none; --write creates one"))); }

/** Runs a filter that must return exactly the subject. */
Outcome expect_one(Ctx& ctx, const Subject& s, const std::string& filter, const std::string& extra, C miss_code, diag::Text miss_hint = {}) {
    SEND(x, "GET", "/Users?filter=" + enc(filter) + extra);
    if (x.resp.status == 400) return Outcome::fail(C::scim_filter_unsupported, got(x, i18n::text(N_("200 with the user"))));
    if (x.resp.status == 404) return Outcome::fail(miss_code, i18n::text(N_("404: the user was not found")));
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_filter_unsupported, got(x, i18n::text(N_("200 with a ListResponse"))));
    if (list->empty()) {
        return Outcome::fail(miss_code, miss_hint.empty() ? i18n::text(N_("0 results: the user {} was not found"), {{ctx.shown(s.user_name), {}}}) : miss_hint);
    }
    if (list->size() > 1) {
        return Outcome::fail(C::scim_filter_unsupported, i18n::text(N_("{} results for a unique value (the filter is ignored or too loose)"), {{std::to_string(list->size()), {}}}));
    }
    if ((*list)[0].value("id", "") != s.id) return Outcome::fail(C::scim_filter_unsupported, i18n::text(N_("the filter returned another user")));
    return Outcome::pass();
}

Outcome l2_get_by_id(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    SEND(x, "GET", "/Users/" + enc(s->id));
    if (x.resp.status != 200 || !x.body || !x.body->is_object()) return Outcome::fail(C::scim_get_failed, got(x, i18n::text(N_("200 with the user"))));
    if (x.body->value("id", "") != s->id) return Outcome::fail(C::scim_get_failed, i18n::text(N_("the answer's id differs from the requested one")));
    return Outcome::pass();
}

// RFC 7643 §2.4 / RFC 7644 §3.9: attributes= narrows the answer (id always stays), excludedAttributes= drops.
Outcome at1_projection(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    SEND(x, "GET", "/Users/" + enc(s->id) + "?attributes=userName");
    if (x.resp.status != 200 || !x.body || !x.body->is_object()) return Outcome::warn(C::scim_excluded_attributes_ignored, got(x, {"200", "200"}));
    if (x.body->value("id", "") != s->id) return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("attributes=userName dropped id (returned \"always\")")));
    if (!x.body->contains("userName")) return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("attributes=userName dropped userName itself")));
    if (x.body->contains("emails") || x.body->contains("name")) {
        return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("attributes=userName still returns name/emails")));
    }
    SEND(y, "GET", "/Users/" + enc(s->id) + "?excludedAttributes=emails");
    if (y.resp.status != 200 || !y.body || !y.body->is_object()) return Outcome::warn(C::scim_excluded_attributes_ignored, got(y, {"200", "200"}));
    if (y.body->contains("emails")) return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("excludedAttributes=emails still returns emails")));
    if (y.body->value("id", "") != s->id) return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("excludedAttributes=emails dropped id")));
    return Outcome::pass();
}

Outcome l4_username_eq(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    return expect_one(ctx, *s, "userName eq " + q(s->user_name), "", C::scim_filter_unsupported);
}

Outcome p5_filter_with_paging(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    return expect_one(ctx, *s, "userName eq " + q(s->user_name), "&startIndex=1&count=100", C::scim_filter_unsupported);
}

Outcome l5_case_insensitive(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    std::string upper = s->user_name;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == s->user_name) return Outcome::skip(i18n::text(N_("the userName has no letters to change case")));
    return expect_one(ctx, *s, "userName eq " + q(upper), "", C::scim_filter_case_sensitive,
                      i18n::text(N_("0 results for the upper-cased userName {}"), {{ctx.shown(upper), {}}}));
}

// RFC 7644 §3.4.2.2: attribute names and operators are case-insensitive. Neither IdP varies
// their case, so a miss is a warning, not a provisioning failure.
Outcome l6_name_and_operator_case(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    for (const char* shape : {"USERNAME eq ", "userName EQ "}) {
        Outcome o = expect_one(ctx, *s, shape + q(s->user_name), "", C::scim_filter_unsupported);
        if (o.status == Status::fail) {
            o.status = Status::warn;
            o.detail = {"'" + std::string(shape) + "…': " + o.detail.en, "'" + std::string(shape) + "…': " + o.detail.in(diag::Lang::ja)};
            return o;
        }
        if (o.status != Status::pass) return o;
    }
    return Outcome::pass(i18n::text(N_("USERNAME eq and userName EQ both match")));
}

Outcome l7_external_id(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->external_id.empty()) return Outcome::skip(i18n::text(N_("the user has no externalId")));
    return expect_one(ctx, *s, "externalId eq " + q(s->external_id), "", C::scim_filter_unsupported);
}

Outcome l8_email(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->work_email.empty()) return Outcome::skip(i18n::text(N_("the user has no work email")));
    return expect_one(ctx, *s, "emails[type eq \"work\"].value eq " + q(s->work_email), "", C::scim_filter_unsupported);
}

Outcome l9_and(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->external_id.empty()) return Outcome::skip(i18n::text(N_("the user has no externalId")));
    return expect_one(ctx, *s, "userName eq " + q(s->user_name) + " and externalId eq " + q(s->external_id), "", C::scim_filter_unsupported);
}

Outcome l10_group_lookup(Ctx& ctx) {
    if (!ctx.existing_group_name) return Outcome::skip(i18n::text(N_("no group on the tenant")));
    SEND(x, "GET", "/Groups?excludedAttributes=members&filter=" + enc("displayName eq " + q(*ctx.existing_group_name)));
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_filter_unsupported, got(x, i18n::text(N_("200 with a ListResponse"))));
    if (list->size() != 1) return Outcome::fail(C::scim_filter_unsupported, i18n::text(N_("{} groups for one displayName"), {{std::to_string(list->size()), {}}}));
    if ((*list)[0].contains("members")) return Outcome::warn(C::scim_excluded_attributes_ignored, i18n::text(N_("members returned despite excludedAttributes=members")));
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& filter_checks() {
    static const std::vector<CheckDef> table = {
        {"L2", i18n::text(N_("GET by id returns the user")), false, l2_get_by_id},
        {"AT1", i18n::text(N_("attributes= and excludedAttributes= shape the answer")), false, at1_projection, false},
        {"L4", i18n::text(N_("userName eq finds exactly the user")), false, l4_username_eq},
        {"L5", i18n::text(N_("userName eq is case-insensitive")), false, l5_case_insensitive},
        {"L6", i18n::text(N_("attribute names and operators are case-insensitive")), false, l6_name_and_operator_case, false},
        {"L7", i18n::text(N_("externalId eq finds the user")), false, l7_external_id},
        {"L8", i18n::text(N_("emails[type eq \"work\"].value eq finds the user")), false, l8_email},
        {"L9", i18n::text(N_("'and' of userName and externalId")), false, l9_and},
        {"P5", i18n::text(N_("filter with startIndex/count as Okta sends it")), false, p5_filter_with_paging},
        {"L10", i18n::text(N_("group lookup by displayName without members")), false, l10_group_lookup},
    };
    return table;
}

}  // namespace ssoctl::scim
