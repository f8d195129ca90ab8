// Matching filters as Okta and Entra ID send them (§1.4 L4 L5 L7 L8 L10, §1.5 P5): on the probe's
// own user with --write, otherwise on the first existing user (values masked in the report).
#include "util/strings.hpp"
#include "scim/context.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

const Subject* pick(const Ctx& ctx) {
    if (ctx.user) return &*ctx.user;
    if (ctx.subject) return &*ctx.subject;
    return nullptr;
}

Outcome no_subject() { return Outcome::skip({"no user to match: the tenant has none; --write creates one", "照合するユーザーがいません。--write で作成します"}); }

/** Runs a filter that must return exactly the subject. */
Outcome expect_one(Ctx& ctx, const Subject& s, const std::string& filter, const std::string& extra, C miss_code, diag::Text miss_hint = {}) {
    SEND(x, "GET", "/Users?filter=" + enc(filter) + extra);
    if (x.resp.status == 400) return Outcome::fail(C::scim_filter_unsupported, got(x, "200 with the user", "ユーザー付きの 200"));
    if (x.resp.status == 404) return Outcome::fail(miss_code, {"404: the user was not found", "404: ユーザーが見つかりませんでした"});
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_filter_unsupported, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    if (list->empty()) {
        return Outcome::fail(miss_code, miss_hint.empty() ? diag::Text{"0 results: the user " + ctx.shown(s.user_name) + " was not found", "0 件: ユーザー " + ctx.shown(s.user_name) + " が見つかりません"} : miss_hint);
    }
    if (list->size() > 1) {
        return Outcome::fail(C::scim_filter_unsupported, {std::to_string(list->size()) + " results for a unique value (the filter is ignored or too loose)",
                                                          "一意な値に " + std::to_string(list->size()) + " 件 (フィルターが無視されているか緩すぎます)"});
    }
    if ((*list)[0].value("id", "") != s.id) return Outcome::fail(C::scim_filter_unsupported, {"the filter returned another user", "フィルターが別のユーザーを返しました"});
    return Outcome::pass();
}

Outcome l2_get_by_id(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    SEND(x, "GET", "/Users/" + enc(s->id));
    if (x.resp.status != 200 || !x.body || !x.body->is_object()) return Outcome::fail(C::scim_get_failed, got(x, "200 with the user", "ユーザー付きの 200"));
    if (x.body->value("id", "") != s->id) return Outcome::fail(C::scim_get_failed, {"the answer's id differs from the requested one", "応答の id が要求した id と違います"});
    return Outcome::pass();
}

// RFC 7643 §2.4 / RFC 7644 §3.9: attributes= narrows the answer (id always stays), excludedAttributes= drops.
Outcome at1_projection(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    SEND(x, "GET", "/Users/" + enc(s->id) + "?attributes=userName");
    if (x.resp.status != 200 || !x.body || !x.body->is_object()) return Outcome::warn(C::scim_excluded_attributes_ignored, got(x, "200", "200"));
    if (x.body->value("id", "") != s->id) return Outcome::warn(C::scim_excluded_attributes_ignored, {"attributes=userName dropped id (returned \"always\")", "attributes=userName で id が消えました (returned \"always\")"});
    if (!x.body->contains("userName")) return Outcome::warn(C::scim_excluded_attributes_ignored, {"attributes=userName dropped userName itself", "attributes=userName で userName 自体が消えました"});
    if (x.body->contains("emails") || x.body->contains("name")) {
        return Outcome::warn(C::scim_excluded_attributes_ignored, {"attributes=userName still returns name/emails", "attributes=userName でも name/emails が返ります"});
    }
    SEND(y, "GET", "/Users/" + enc(s->id) + "?excludedAttributes=emails");
    if (y.resp.status != 200 || !y.body || !y.body->is_object()) return Outcome::warn(C::scim_excluded_attributes_ignored, got(y, "200", "200"));
    if (y.body->contains("emails")) return Outcome::warn(C::scim_excluded_attributes_ignored, {"excludedAttributes=emails still returns emails", "excludedAttributes=emails でも emails が返ります"});
    if (y.body->value("id", "") != s->id) return Outcome::warn(C::scim_excluded_attributes_ignored, {"excludedAttributes=emails dropped id", "excludedAttributes=emails で id が消えました"});
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
    if (upper == s->user_name) return Outcome::skip({"the userName has no letters to change case", "userName に大文字小文字を変えられる文字がありません"});
    return expect_one(ctx, *s, "userName eq " + q(upper), "", C::scim_filter_case_sensitive,
                      {"0 results for the upper-cased userName " + ctx.shown(upper), "大文字にした userName " + ctx.shown(upper) + " で 0 件"});
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
    return Outcome::pass({"USERNAME eq and userName EQ both match", "USERNAME eq と userName EQ のどちらも一致します"});
}

Outcome l7_external_id(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->external_id.empty()) return Outcome::skip({"the user has no externalId", "ユーザーに externalId がありません"});
    return expect_one(ctx, *s, "externalId eq " + q(s->external_id), "", C::scim_filter_unsupported);
}

Outcome l8_email(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->work_email.empty()) return Outcome::skip({"the user has no work email", "ユーザーに仕事用メールがありません"});
    return expect_one(ctx, *s, "emails[type eq \"work\"].value eq " + q(s->work_email), "", C::scim_filter_unsupported);
}

Outcome l9_and(Ctx& ctx) {
    const Subject* s = pick(ctx);
    if (!s) return no_subject();
    if (s->external_id.empty()) return Outcome::skip({"the user has no externalId", "ユーザーに externalId がありません"});
    return expect_one(ctx, *s, "userName eq " + q(s->user_name) + " and externalId eq " + q(s->external_id), "", C::scim_filter_unsupported);
}

Outcome l10_group_lookup(Ctx& ctx) {
    if (!ctx.existing_group_name) return Outcome::skip({"no group on the tenant", "テナントにグループがありません"});
    SEND(x, "GET", "/Groups?excludedAttributes=members&filter=" + enc("displayName eq " + q(*ctx.existing_group_name)));
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_filter_unsupported, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    if (list->size() != 1) return Outcome::fail(C::scim_filter_unsupported, {std::to_string(list->size()) + " groups for one displayName", "1 つの displayName に " + std::to_string(list->size()) + " グループ"});
    if ((*list)[0].contains("members")) return Outcome::warn(C::scim_excluded_attributes_ignored, {"members returned despite excludedAttributes=members", "excludedAttributes=members なのに members が返りました"});
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& filter_checks() {
    static const std::vector<CheckDef> table = {
        {"L2", {"GET by id returns the user", "id 指定の GET でユーザーが返る"}, false, l2_get_by_id},
        {"AT1", {"attributes= and excludedAttributes= shape the answer", "attributes= と excludedAttributes= が応答に反映される"}, false, at1_projection, false},
        {"L4", {"userName eq finds exactly the user", "userName eq でそのユーザーだけが見つかる"}, false, l4_username_eq},
        {"L5", {"userName eq is case-insensitive", "userName eq が大文字小文字を区別しない"}, false, l5_case_insensitive},
        {"L6", {"attribute names and operators are case-insensitive", "属性名と演算子が大文字小文字を区別しない"}, false, l6_name_and_operator_case, false},
        {"L7", {"externalId eq finds the user", "externalId eq でユーザーが見つかる"}, false, l7_external_id},
        {"L8", {"emails[type eq \"work\"].value eq finds the user", "emails[type eq \"work\"].value eq でユーザーが見つかる"}, false, l8_email},
        {"L9", {"'and' of userName and externalId", "userName と externalId の 'and'"}, false, l9_and},
        {"P5", {"filter with startIndex/count as Okta sends it", "Okta と同じ startIndex/count 付きのフィルター"}, false, p5_filter_with_paging},
        {"L10", {"group lookup by displayName without members", "displayName によるメンバー抜きのグループ検索"}, false, l10_group_lookup},
    };
    return table;
}

}  // namespace ssoctl::scim
