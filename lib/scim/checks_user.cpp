// User writes in the chosen IdP's shapes (§1.6 CR1 CR3, §1.7 DU1, §1.9 PU1, §1.10–1.12 PATCH and
// active, §1.16 ET1). Every create is registered with the cleanup before it is sent.
#include <regex>

#include "scim/context.hpp"
#include "scim/shapes.hpp"

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

Outcome no_user() { return Outcome::skip({"no test user was created", "テストユーザーが作成されていません"}); }

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
    if (license_refusal(x)) return Outcome::fail(C::scim_license_limit, got(x, "201", "201"));
    if (!x.ok()) return Outcome::fail(C::scim_create_failed, got(x, "201 with the user", "ユーザー付きの 201"));
    if (!ctx.user) return Outcome::fail(C::scim_create_failed, {"the answer has no id (Okta: 'Create new user returned empty user')", "応答に id がありません (Okta: 'Create new user returned empty user')"});
    if (x.resp.status != 201) return Outcome::warn(C::scim_create_failed, got(x, "201", "201"));
    const json& b = *x.body;
    if (b.value("userName", "") != name) return Outcome::fail(C::scim_create_failed, {"userName not stored as sent", "userName が送信どおりに保存されていません"});
    if (b.contains("password")) return Outcome::fail(C::scim_create_failed, {"the password is returned (returned=never)", "password が返されています (returned=never)"});
    return Outcome::pass({"created " + ctx.user->id, ctx.user->id + " を作成"});
}

Outcome cr3_location(Ctx& ctx) {
    if (!ctx.user) return no_user();
    // the create's answer is gone; a GET's meta.location and a fresh create would both do: use a HEAD-free re-read
    SEND(x, "GET", "/Users/" + enc(ctx.user->id));
    const std::string meta_loc = x.body && x.body->contains("meta") && (*x.body)["meta"].is_object() ? (*x.body)["meta"].value("location", "") : "";
    if (!ctx.create_location) {
        return Outcome::warn(C::scim_location_missing, {"no Location header on 201; meta.location is '" + meta_loc + "'",
                                                        "201 に Location ヘッダーがありません。meta.location は '" + meta_loc + "'"});
    }
    if (meta_loc.rfind("http", 0) != 0) {
        return Outcome::warn(C::scim_location_missing, {"meta.location '" + meta_loc + "' is not an absolute URL", "meta.location '" + meta_loc + "' が絶対 URL ではありません"});
    }
    return Outcome::pass({"Location: " + *ctx.create_location, "Location: " + *ctx.create_location});
}

Outcome g2_read_back(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip({"aborted", "中断"});
    const Exchange& x = *r;
    if (x.resp.status != 200 || !x.body) return Outcome::fail(C::scim_get_failed, got(x, "200", "200"));
    if (x.body->value("id", "") != ctx.user->id || x.body->value("userName", "") != ctx.user->user_name) {
        return Outcome::fail(C::scim_get_failed, {"id or userName differs from the create", "id または userName が作成時と違います"});
    }
    if (x.body->contains("password")) return Outcome::fail(C::scim_get_failed, {"the password is returned (returned=never)", "password が返されています (returned=never)"});
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
        return Outcome::fail(C::scim_duplicate_not_409, {"a second user with the userName " + h.user_name + " but another email and externalId was created (" +
                                                             std::to_string(x.resp.status) + "): uniqueness is not keyed on userName",
                                                         "userName " + h.user_name + " が同じでメールと externalId が違う 2 人目のユーザーが作成されました (" +
                                                             std::to_string(x.resp.status) + ")。一意性が userName で判定されていません"})
            .at(x.line);
    }
    if (x.resp.status != 409) return Outcome::fail(C::scim_duplicate_not_409, got(x, "409 uniqueness", "409 uniqueness"));
    if (!x.body || x.body->value("scimType", "") != "uniqueness") {
        return Outcome::warn(C::scim_duplicate_not_409, {"409 without scimType 'uniqueness'", "scimType 'uniqueness' のない 409"});
    }
    return Outcome::pass();
}

Outcome pu1_put(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() == Idp::entra) return Outcome::skip({"Entra ID never sends PUT", "Entra ID は PUT を送りません"});
    auto r = get_user(ctx);
    if (!r) return Outcome::skip({"aborted", "中断"});
    if (r->resp.status != 200 || !r->body) return Outcome::fail(C::scim_get_failed, got(*r, "200", "200"));
    json body = *r->body;
    body["name"]["givenName"] = "Probe2";
    if (ctx.idp() == Idp::okta) {
        body["password"] = "Pw-" + ctx.run_id + "-y7!";
        body["groups"] = json::array();
    }
    SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_put_failed, got(x, "200 with the user", "ユーザー付きの 200"));
    auto after = get_user(ctx);
    if (!after) return Outcome::skip({"aborted", "中断"});
    if (!after->body || after->body->value("id", "") != ctx.user->id ||
        !(*after->body).contains("name") || (*after->body)["name"].value("givenName", "") != "Probe2") {
        return Outcome::fail(C::scim_put_failed, {"GET after PUT does not show name.givenName 'Probe2'", "PUT 後の GET に name.givenName 'Probe2' がありません"});
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
        return Outcome::warn(C::scim_put_failed, {"PUT to an unknown id answered " + std::to_string(x.resp.status) + " (an upsert); expected 404",
                                                  "未知の id への PUT が " + std::to_string(x.resp.status) + " を返しました (upsert)。404 を期待します"});
    }
    if (x.resp.status != 404) return Outcome::warn(C::scim_put_failed, got(x, "404 for PUT to an unknown id", "未知の id への PUT に 404"));
    return Outcome::pass();
}

Outcome pu3_put_wrong_type(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip({"aborted", "中断"});
    if (r->resp.status != 200 || !r->body || !r->body->is_object()) return Outcome::skip({"the user could not be read", "ユーザーを読めませんでした"});
    json body = *r->body;
    body["active"] = "maybe";  // no lenient boolean reading accepts this
    SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
    if (x.ok()) {
        return Outcome::warn(C::scim_schema_not_enforced, {"PUT with \"active\": \"maybe\" answered " + std::to_string(x.resp.status) + "; expected 400",
                                                           "\"active\": \"maybe\" の PUT が " + std::to_string(x.resp.status) + " を返しました。400 を期待します"});
    }
    if (x.resp.status != 400) return Outcome::warn(C::scim_schema_not_enforced, got(x, "400 invalidValue", "400 invalidValue"));
    return Outcome::pass();
}

/** Sends a PATCH; for Entra, retries a refused or ignored capitalised op in lower case to name the cause. */
Outcome patch_and_verify(Ctx& ctx, const json& body, const std::function<bool(const json&)>& verify, diag::Text what) {
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) {
        if (ctx.idp() == Idp::entra && x.resp.status == 400) {
            auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::lower_ops(body));
            if (y && y->ok()) return Outcome::fail(C::scim_patch_op_case, {"400 for op 'Replace', accepted as 'replace'", "op 'Replace' は 400、'replace' なら受理"}).at(x.line);
        }
        return Outcome::fail(C::scim_patch_failed, got(x, "200 or 204", "200 または 204")).at(x.line);
    }
    if (x.resp.status == 200 && x.resp.body.empty()) {
        return Outcome::warn(C::scim_patch_failed, {"200 with an empty body (send the resource or 204)", "本文のない 200 (リソースを返すか 204 にしてください)"});
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip({"aborted", "中断"});
    if (!after->body || !verify(*after->body)) {
        if (ctx.idp() == Idp::entra) {  // answered 2xx but changed nothing: are capitalised ops ignored?
            auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::lower_ops(body));
            if (!y) return Outcome::skip({"aborted", "中断"});
            auto again = get_user(ctx);
            if (!again) return Outcome::skip({"aborted", "中断"});
            if (y->ok() && again->body && verify(*again->body)) {
                return Outcome::fail(C::scim_patch_op_case, {"op '" + body["Operations"][0].value("op", "") + "' answered " + std::to_string(x.resp.status) +
                                                                 " but changed nothing; the same in lower case works: capitalised ops are silently ignored",
                                                             "op '" + body["Operations"][0].value("op", "") + "' は " + std::to_string(x.resp.status) +
                                                                 " を返しましたが何も変わらず、小文字なら反映されます。先頭大文字の op が黙って無視されています"})
                    .at(x.line);
            }
        }
        return Outcome::fail(C::scim_patch_failed, std::move(what)).at(x.line);
    }
    return Outcome::pass();
}

Outcome pa1_patch_attribute(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip({"patch.supported is false", "patch.supported が false です"});
    if (ctx.idp() == Idp::okta) return Outcome::skip({"Okta uses PATCH only for active", "Okta は active にだけ PATCH を使います"});
    json body = shapes::patch_op(ctx.idp(), "replace", "name.familyName", "Patched");
    return patch_and_verify(ctx, body, [](const json& u) { return u.contains("name") && u["name"].value("familyName", "") == "Patched"; },
                            {"GET after PATCH does not show name.familyName 'Patched'", "PATCH 後の GET に name.familyName 'Patched' がありません"});
}

Outcome pe2_value_path(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() != Idp::entra) return Outcome::skip({"an Entra ID shape", "Entra ID の形式です"});
    const std::string mail = ctx.prefix + "u1b@" + ctx.opts.user_domain;
    json body = shapes::patch_op(ctx.idp(), "replace", "emails[type eq \"work\"].value", mail);
    return patch_and_verify(ctx, body, [&](const json& u) { return subject_from(u, true).work_email == mail; },
                            {"GET does not show the new work email", "GET に新しい仕事用メールがありません"});
}

Outcome pe5_dotted_map(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (ctx.idp() != Idp::entra) return Outcome::skip({"an Entra ID shape", "Entra ID の形式です"});
    json value = {{"name.givenName", "Dotted"}, {std::string(kEnterpriseUrn) + ":employeeNumber", "D-" + ctx.run_id}};
    json body = shapes::patch(json::array({{{"op", "replace"}, {"value", value}}}));
    return patch_and_verify(ctx, body, [](const json& u) { return u.contains("name") && u["name"].value("givenName", "") == "Dotted" && !u.contains("name.givenName"); },
                            {"dotted keys were not applied as paths", "ドット区切りのキーがパスとして適用されませんでした"});
}

Outcome pe6_add_string(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip({"patch.supported is false", "patch.supported が false です"});
    if (ctx.idp() == Idp::okta) return Outcome::skip({"Okta uses PATCH only for active", "Okta は active にだけ PATCH を使います"});
    json body = shapes::patch_op(ctx.idp(), "add", "nickName", "Babs");
    return patch_and_verify(ctx, body, [](const json& u) { return u.value("nickName", "") == "Babs"; },
                            {"GET after PATCH add does not show nickName 'Babs'", "PATCH add 後の GET に nickName 'Babs' がありません"});
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
    if (ctx.idp() != Idp::entra) return Outcome::skip({"an Entra ID shape", "Entra ID の形式です"});
    if (!ctx.enterprise) return Outcome::skip({"the enterprise extension is not declared", "エンタープライズ拡張が宣言されていません"});
    const std::string path = std::string(kEnterpriseUrn) + ":manager";
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), shapes::patch_op(ctx.idp(), "add", path, ctx.user->id));
    if (!x.ok()) {
        auto y = ctx.call("PATCH", "/Users/" + enc(ctx.user->id), shapes::patch_op(ctx.idp(), "add", path, {{"value", ctx.user->id}}));
        const bool complex_ok = y && y->ok();
        diag::Text d = got(x, "200 or 204 for a manager sent as a string", "文字列の manager に 200 または 204");
        if (complex_ok) d = {d.en + "; {\"value\": id} is accepted", d.in(diag::Lang::ja) + "。{\"value\": id} なら受理されます"};
        return Outcome::fail(C::scim_manager_string_rejected, d).at(x.line);
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip({"aborted", "中断"});
    if (!after->body || manager_of(*after->body) != ctx.user->id) {
        return Outcome::fail(C::scim_manager_string_rejected, {"accepted, but GET does not show manager.value", "受理されましたが GET に manager.value がありません"});
    }
    return Outcome::pass();
}

Outcome pe8_rename(Ctx& ctx) {
    if (!ctx.user) return no_user();
    if (!ctx.patch_supported) return Outcome::skip({"patch.supported is false", "patch.supported が false です"});
    if (ctx.idp() == Idp::okta) return Outcome::skip({"Okta renames with PUT", "Okta は PUT で名前を変更します"});
    const std::string renamed = ctx.prefix + "u1r@" + ctx.opts.user_domain;
    json body = shapes::patch_op(ctx.idp(), "replace", "userName", renamed);
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_patch_failed, got(x, "200 or 204", "200 または 204"));
    ctx.cleanup.created("Users", renamed, ctx.user->id);
    ctx.user->user_name = renamed;
    SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(renamed)));
    const json* list = resources(f.body);
    if (!list || list->size() != 1 || (*list)[0].value("id", "") != ctx.user->id) {
        return Outcome::fail(C::scim_filter_unsupported, {"after the rename, userName eq \"" + renamed + "\" does not find the user",
                                                          "名前変更後、userName eq \"" + renamed + "\" でユーザーが見つかりません"});
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
            if (!y) return Outcome::skip({"aborted", "中断"});
            if (y->ok()) {
                verdict = Outcome::fail(C::scim_boolean_string_rejected, {std::string("400 for \"") + (active ? "True" : "False") + "\"; a JSON boolean works",
                                                                          std::string("\"") + (active ? "True" : "False") + "\" は 400、JSON のブール値なら成功"})
                              .at(x.line);
            }
        }
        if (!verdict) return Outcome::fail(C::scim_deactivate_failed, got(x, "200 or 204", "200 または 204"));
    }
    auto after = get_user(ctx);
    if (!after) return Outcome::skip({"aborted", "中断"});
    if (active_of(*after) != active) {
        return Outcome::fail(C::scim_deactivate_failed, {std::string("GET does not show active ") + (active ? "true" : "false"),
                                                         std::string("GET で active が ") + (active ? "true" : "false") + " になっていません"});
    }
    if (!active) {
        SEND(f, "GET", "/Users?filter=" + enc("userName eq " + q(ctx.user->user_name)));
        const json* list = resources(f.body);
        if (!list || list->size() != 1) {
            return Outcome::fail(C::scim_deactivate_failed, {"the inactive user is hidden from filters: the IdP will POST it again and get 409",
                                                             "無効化したユーザーがフィルターで返りません。IdP が再作成を試みて 409 になります"});
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
    if (!r) return Outcome::skip({"aborted", "中断"});
    if (active_of(*r) != false) return Outcome::skip({"the user is not inactive (see DA1)", "ユーザーが無効化されていません (DA1 を参照)"});
    if (ctx.idp() == Idp::okta) {
        json body = *r->body;
        body["name"]["givenName"] = "Inactive";
        SEND(x, "PUT", "/Users/" + enc(ctx.user->id), body);
        if (!x.ok()) return Outcome::fail(C::scim_put_failed, got(x, "200 for a PUT on an inactive user", "無効なユーザーへの PUT に 200"));
        return Outcome::pass();
    }
    json body = shapes::patch_op(ctx.idp(), "replace", "displayName", ctx.prefix + "u1-inactive");  // keeps the run ID planted
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body);
    if (!x.ok()) return Outcome::fail(C::scim_patch_failed, got(x, "200 or 204 for a PATCH on an inactive user", "無効なユーザーへの PATCH に 200 または 204"));
    return Outcome::pass();
}

Outcome et1_etag(Ctx& ctx) {
    if (!ctx.user) return no_user();
    auto r = get_user(ctx);
    if (!r) return Outcome::skip({"aborted", "中断"});
    const auto etag = r->resp.header("etag");
    const std::string version = r->body && r->body->contains("meta") && (*r->body)["meta"].is_object() ? (*r->body)["meta"].value("version", "") : "";
    if (!ctx.etag_supported) {
        if (etag && version.empty()) {
            return Outcome::pass({"etag.supported is false; the ETag header '" + *etag + "' is an HTTP cache tag, not a SCIM version",
                                  "etag.supported は false。ETag ヘッダー '" + *etag + "' は HTTP キャッシュ用で SCIM のバージョンではありません"});
        }
        return Outcome::pass({"etag.supported is false", "etag.supported は false"});
    }
    if (!etag) return Outcome::warn(C::scim_etag_unreliable, {"etag.supported is true but GET has no ETag header", "etag.supported は true ですが GET に ETag ヘッダーがありません"});
    json body = shapes::patch(json::array({{{"op", "replace"}, {"path", "nickName"}, {"value", "etag"}}}));
    SEND(x, "PATCH", "/Users/" + enc(ctx.user->id), body, AuthMode::token, Headers{{"If-Match", "W/\"ssoctl-stale\""}});
    if (x.resp.status != 412) return Outcome::warn(C::scim_etag_unreliable, got(x, "412 for a stale If-Match", "古い If-Match に 412"));
    return Outcome::pass();
}

}  // namespace

const std::vector<CheckDef>& user_write_checks() {
    static const std::vector<CheckDef> table = {
        {"CR1", {"create a user in the IdP's shape", "IdP の形式でユーザーを作成"}, true, cr1_create},
        {"CR3", {"201 carries Location = meta.location", "201 に meta.location と同じ Location がある"}, true, cr3_location},
        {"G2", {"GET by id returns the stored user", "id 指定の GET で保存されたユーザーが返る"}, true, g2_read_back},
        {"DU1", {"a duplicate userName answers 409 uniqueness", "重複した userName に 409 uniqueness が返る"}, true, du1_duplicate},
    };
    return table;
}

const std::vector<CheckDef>& user_update_checks() {
    static const std::vector<CheckDef> table = {
        {"PU1", {"PUT replaces the user (Okta's GET-modify-PUT)", "PUT でユーザーを置き換える (Okta の GET→変更→PUT)"}, true, pu1_put},
        {"PU2", {"PUT to an unknown id answers 404", "未知の id への PUT に 404 が返る"}, true, pu2_put_missing, false},
        {"PU3", {"PUT with a wrong-typed attribute answers 400", "型の誤った属性の PUT に 400 が返る"}, true, pu3_put_wrong_type, false},
        {"PA1", {"PATCH replace name.familyName", "PATCH で name.familyName を置き換え"}, true, pa1_patch_attribute},
        {"PE2", {"PATCH Replace emails[type eq \"work\"].value", "PATCH Replace emails[type eq \"work\"].value"}, true, pe2_value_path},
        {"PE5", {"PATCH pathless map with dotted and URN keys", "ドット区切りと URN のキーを持つパスなしの PATCH"}, true, pe5_dotted_map},
        {"PE6", {"PATCH Add a single-valued string (nickName)", "PATCH Add で単一値の文字列 (nickName) を追加"}, true, pe6_add_string},
        {"PE7", {"PATCH enterprise manager as a plain string (Entra)", "PATCH でエンタープライズ manager を文字列で送る (Entra)"}, true, pe7_manager_string},
        {"DA1", {"deactivate via active=false; user stays visible", "active=false で無効化し、ユーザーは見え続ける"}, true, da1_deactivate},
        {"DA3", {"an inactive user can still be updated", "無効なユーザーも更新できる"}, true, da3_update_inactive},
        {"DA2", {"reactivate via active=true", "active=true で再有効化"}, true, da2_reactivate},
        {"PE8", {"PATCH Replace userName, then find it by the new name", "PATCH Replace で userName を変更し、新しい名前で見つかる"}, true, pe8_rename},
        {"ET1", {"ETag and If-Match match what is advertised", "ETag と If-Match が表明どおりに動く"}, true, et1_etag, false},
    };
    return table;
}

}  // namespace ssoctl::scim
