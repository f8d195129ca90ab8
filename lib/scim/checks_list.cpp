// List, no-match, 404 shape, invalid filter, pagination and group reads (§1.4, §1.5, §1.8, §1.14). Read-only.
#include <set>

#include "scim/context.hpp"

namespace ssoctl::scim {

using C = diag::Code;

Subject subject_from(const json& u, bool own) {
    Subject s;
    s.own = own;
    s.id = u.value("id", "");
    s.user_name = u.value("userName", "");
    s.external_id = u.contains("externalId") && u["externalId"].is_string() ? u["externalId"].get<std::string>() : "";
    if (u.contains("emails") && u["emails"].is_array()) {
        for (const auto& e : u["emails"]) {
            if (e.is_object() && e.value("type", "") == "work" && e.contains("value") && e["value"].is_string()) s.work_email = e["value"].get<std::string>();
        }
    }
    return s;
}

std::optional<long> int_field(const std::optional<json>& body, const char* key) {
    if (!body || !body->is_object() || !body->contains(key) || !(*body)[key].is_number_integer()) return std::nullopt;
    return (*body)[key].get<long>();
}

namespace {

Outcome l1_users_endpoint(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=1&startIndex=1");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !x.body || !has_schema(*x.body, kListUrn)) {
        return Outcome::fail(C::scim_filter_unsupported, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    }
    std::vector<std::string> bad;
    for (const char* k : {"totalResults", "startIndex", "itemsPerPage"}) {
        if (!int_field(x.body, k)) bad.push_back(k);
    }
    if (!bad.empty()) {
        std::string m;
        for (const auto& b : bad) m += (m.empty() ? "" : ", ") + b;
        return Outcome::fail(C::scim_pagination_broken, {m + " missing or not a JSON integer", m + " がないか JSON の整数ではありません"});
    }
    if (list && !list->empty() && (*list)[0].is_object()) {
        ctx.subject = subject_from((*list)[0], false);
        return Outcome::pass({"first user " + ctx.shown(ctx.subject->user_name), "最初のユーザー " + ctx.shown(ctx.subject->user_name)});
    }
    return Outcome::pass({"the tenant has no users yet", "テナントにはまだユーザーがいません"});
}

Outcome l3_no_match(Ctx& ctx) {
    const std::string value = ctx.idp() == Idp::entra ? "ssoctl-probe-" + ctx.run_id + "-0000-4000-8000-000000000000"
                                                      : ctx.prefix + "nobody@" + ctx.opts.user_domain;
    SEND(x, "GET", "/Users?filter=" + enc("userName eq " + q(value)));
    if (x.resp.status == 404) {
        return ctx.idp() == Idp::okta ? Outcome::warn(C::scim_not_found_on_no_match, {"404 instead of 200 with totalResults 0", "totalResults 0 の 200 ではなく 404"})
                                      : Outcome::fail(C::scim_not_found_on_no_match, {"404 instead of 200 with totalResults 0", "totalResults 0 の 200 ではなく 404"});
    }
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !x.body || !has_schema(*x.body, kListUrn)) {
        return Outcome::fail(C::scim_filter_unsupported, got(x, "200 with an empty ListResponse", "空の ListResponse 付きの 200"));
    }
    const auto total = int_field(x.body, "totalResults");
    if (!total || *total != 0 || (list && !list->empty())) {
        return Outcome::fail(C::scim_filter_unsupported, {"a filter that matches nothing returned " + std::to_string(list ? list->size() : 0) +
                                                              " resources (the filter is ignored)",
                                                          "何にも一致しないフィルターが " + std::to_string(list ? list->size() : 0) + " 件返しました (フィルターが無視されています)"});
    }
    return Outcome::pass();
}

Outcome g1_missing_id(Ctx& ctx) {
    SEND(x, "GET", "/Users/010101001010101011001010101011");
    if (x.resp.status != 404) return Outcome::fail(C::scim_get_failed, got(x, "404 for an unknown id", "未知の id に 404"));
    if (!x.body || !has_schema(*x.body, kErrorUrn) || x.body->value("detail", "").empty()) {
        return Outcome::warn(C::scim_error_schema, {"404 without a SCIM Error body with detail", "detail 付きの SCIM Error 本文のない 404"});
    }
    return Outcome::pass();
}

Outcome l11_invalid_filter(Ctx& ctx) {
    SEND(x, "GET", "/Users?filter=" + enc("userName xx \"a\""));
    if (x.resp.status == 400 && x.body && x.body->value("scimType", "") == "invalidFilter") return Outcome::pass();
    return Outcome::warn(C::scim_invalid_filter_status, got(x, "400 invalidFilter", "400 invalidFilter"));
}

Outcome p1_pagination(Ctx& ctx) {
    std::set<std::string> ids;
    std::optional<long> first_total;
    long start = 1;
    const long count = 2;
    for (int page = 0; page < 5; ++page) {
        SEND(x, "GET", "/Users?startIndex=" + std::to_string(start) + "&count=" + std::to_string(count));
        const json* list = resources(x.body);
        const auto total = int_field(x.body, "totalResults");
        const auto si = int_field(x.body, "startIndex");
        const auto ipp = int_field(x.body, "itemsPerPage");
        if (x.resp.status != 200 || !total) return Outcome::fail(C::scim_pagination_broken, got(x, "200 with an integer totalResults", "整数の totalResults 付きの 200"));
        const size_t n = list ? list->size() : 0;
        if (!first_total) first_total = total;
        if (*total != *first_total) return Outcome::fail(C::scim_pagination_broken, {"totalResults changed between pages", "ページ間で totalResults が変わりました"});
        if (n > static_cast<size_t>(count)) return Outcome::fail(C::scim_pagination_broken, {"count=2 returned " + std::to_string(n) + " resources", "count=2 で " + std::to_string(n) + " 件返りました"});
        if (si && *si != start) return Outcome::fail(C::scim_pagination_broken, {"startIndex " + std::to_string(*si) + " does not echo the requested " + std::to_string(start),
                                                                                "startIndex " + std::to_string(*si) + " が要求した " + std::to_string(start) + " と違います"});
        if (list) {
            for (const auto& r : *list) {
                const std::string id = r.value("id", "");
                if (!ids.insert(id).second) return Outcome::fail(C::scim_pagination_broken, {"id seen on two pages (unstable order)", "同じ id が 2 つのページに出現しました (順序が不安定)"});
            }
        }
        if (ipp && *ipp != static_cast<long>(n) && n > 0) {
            return Outcome::warn(C::scim_pagination_broken, {"itemsPerPage " + std::to_string(*ipp) + " but " + std::to_string(n) + " resources returned",
                                                             "itemsPerPage は " + std::to_string(*ipp) + " ですが " + std::to_string(n) + " 件が返りました"});
        }
        start += static_cast<long>(n);
        if (n == 0) break;
        if (start > *total) {
            if (n == static_cast<size_t>(count)) {  // a full last page: is there really nothing after it?
                SEND(more, "GET", "/Users?startIndex=" + std::to_string(start) + "&count=" + std::to_string(count));
                const json* extra = resources(more.body);
                if (extra && !extra->empty()) {
                    return Outcome::fail(C::scim_pagination_broken, {"totalResults " + std::to_string(*total) + " but startIndex " + std::to_string(start) +
                                                                         " still returns users: totalResults counts one page, not all matches",
                                                                     "totalResults は " + std::to_string(*total) + " ですが startIndex " + std::to_string(start) +
                                                                         " でもユーザーが返ります。totalResults が全件ではなく 1 ページ分です"});
                }
            }
            break;
        }
    }
    const long expected = std::min<long>(*first_total, 10);
    if (static_cast<long>(ids.size()) < expected) {
        return Outcome::fail(C::scim_pagination_broken, {"totalResults " + std::to_string(*first_total) + " but the pages held " + std::to_string(ids.size()) + " users",
                                                         "totalResults は " + std::to_string(*first_total) + " ですが、ページには " + std::to_string(ids.size()) + " 件しかありません"});
    }
    if (*first_total > 0 && ids.size() > static_cast<size_t>(*first_total)) {
        return Outcome::fail(C::scim_pagination_broken, {"totalResults " + std::to_string(*first_total) + " is smaller than the users paged (" + std::to_string(ids.size()) + "): it counts one page, not all matches",
                                                         "totalResults " + std::to_string(*first_total) + " がページで得たユーザー数 (" + std::to_string(ids.size()) + ") より少なく、全件ではなく 1 ページ分を数えています"});
    }
    return Outcome::pass({std::to_string(ids.size()) + " users over pages of 2, totalResults " + std::to_string(*first_total),
                          "2 件ずつのページで " + std::to_string(ids.size()) + " 件、totalResults " + std::to_string(*first_total)});
}

Outcome p2_count_zero(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=0");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !int_field(x.body, "totalResults")) {
        return Outcome::fail(C::scim_pagination_broken, got(x, "200 with an integer totalResults", "整数の totalResults 付きの 200"));
    }
    if (list && !list->empty()) {
        return Outcome::warn(C::scim_pagination_broken, {"count=0 returned " + std::to_string(list->size()) + " resources instead of none (RFC 7644 §3.4.2.4)",
                                                         "count=0 で 0 件ではなく " + std::to_string(list->size()) + " 件が返りました (RFC 7644 §3.4.2.4)"});
    }
    return Outcome::pass({"totalResults " + std::to_string(*int_field(x.body, "totalResults")) + ", no resources",
                          "totalResults " + std::to_string(*int_field(x.body, "totalResults")) + "、リソースなし"});
}

// RFC 7644 §3.4.2.4: a startIndex below 1 SHALL be read as 1. IdPs never send one, hence a warning.
Outcome p3_out_of_range(Ctx& ctx) {
    for (const char* start : {"0", "-1"}) {
        SEND(x, "GET", std::string("/Users?startIndex=") + start + "&count=2");
        if (x.resp.status != 200 || !int_field(x.body, "totalResults")) {
            return Outcome::warn(C::scim_pagination_broken, got(x, std::string("200 (startIndex=") + start + " read as 1)",
                                                                std::string("200 (startIndex=") + start + " を 1 として扱う)"));
        }
        const auto si = int_field(x.body, "startIndex");
        if (si && *si != 1) {
            return Outcome::warn(C::scim_pagination_broken, {std::string("startIndex=") + start + " answered startIndex " + std::to_string(*si) + ", expected 1",
                                                             std::string("startIndex=") + start + " に startIndex " + std::to_string(*si) + " が返りました。1 を期待します"});
        }
    }
    return Outcome::pass({"startIndex 0 and -1 are read as 1", "startIndex 0 と -1 は 1 として扱われます"});
}

Outcome p4_defaults(Ctx& ctx) {
    SEND(x, "GET", "/Users");
    const json* list = resources(x.body);
    const auto total = int_field(x.body, "totalResults");
    if (x.resp.status != 200 || !total) return Outcome::fail(C::scim_pagination_broken, got(x, "200 with an integer totalResults", "整数の totalResults 付きの 200"));
    const size_t n = list ? list->size() : 0;
    if (*total > 0 && n == 0) {
        return Outcome::fail(C::scim_pagination_broken, {"no paging parameters: totalResults " + std::to_string(*total) + " but no resources (the server needs count to return any)",
                                                         "ページングパラメーターなし: totalResults は " + std::to_string(*total) + " ですがリソースが返りません (count がないと返さない)"});
    }
    return Outcome::pass({std::to_string(n) + " of " + std::to_string(*total) + " users on the default page",
                          "既定のページに " + std::to_string(*total) + " 件中 " + std::to_string(n) + " 件"});
}

// RFC 9865 cursor paging: informational, only when the ServiceProviderConfig advertises it.
Outcome p6_cursor(Ctx& ctx) {
    const bool advertised = ctx.spc && ctx.spc->contains("pagination") && (*ctx.spc)["pagination"].is_object() &&
                            (*ctx.spc)["pagination"].value("cursor", false);
    if (!advertised) return Outcome::skip({"cursor paging is not advertised (pagination.cursor)", "カーソルページングは表明されていません (pagination.cursor)"});
    SEND(x, "GET", "/Users?cursor&count=2");
    if (x.resp.status != 200 || !resources(x.body)) return Outcome::warn(C::scim_pagination_broken, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    const bool next = x.body->contains("nextCursor") && (*x.body)["nextCursor"].is_string();
    const auto total = int_field(x.body, "totalResults").value_or(0);
    if (total > 2 && !next) return Outcome::warn(C::scim_pagination_broken, {"more than one page but no nextCursor", "複数ページあるのに nextCursor がありません"});
    return Outcome::pass({next ? "nextCursor returned" : "a single page", next ? "nextCursor が返りました" : "1 ページのみ"});
}

Outcome gr2_groups(Ctx& ctx) {
    SEND(x, "GET", "/Groups?startIndex=1&count=100");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_group_failed, got(x, "200 with a ListResponse", "ListResponse 付きの 200"));
    for (const auto& g : *list) {
        if (g.is_object() && g.contains("displayName") && g["displayName"].is_string()) {
            ctx.existing_group_name = g["displayName"].get<std::string>();
            break;
        }
    }
    return Outcome::pass({std::to_string(list->size()) + " groups on the first page", "最初のページに " + std::to_string(list->size()) + " グループ"});
}

}  // namespace

const std::vector<CheckDef>& list_checks() {
    static const std::vector<CheckDef> table = {
        {"L1", {"Users endpoint returns a ListResponse", "Users エンドポイントが ListResponse を返す"}, false, l1_users_endpoint},
        {"L3", {"a filter with no match answers 200, totalResults 0", "一致なしのフィルターに totalResults 0 の 200 が返る"}, false, l3_no_match},
        {"G1", {"an unknown id answers 404", "未知の id に 404 が返る"}, false, g1_missing_id, false},
        {"L11", {"an invalid filter answers 400 invalidFilter", "不正なフィルターに 400 invalidFilter が返る"}, false, l11_invalid_filter, false},
        {"P1", {"pagination: startIndex, count, totalResults", "ページング: startIndex・count・totalResults"}, false, p1_pagination},
        {"P2", {"count=0 answers totalResults only", "count=0 に totalResults だけが返る"}, false, p2_count_zero, false},
        {"P3", {"startIndex below 1 is read as 1", "1 未満の startIndex が 1 として扱われる"}, false, p3_out_of_range, false},
        {"P4", {"no paging parameters still returns users", "ページングパラメーターなしでもユーザーが返る"}, false, p4_defaults},
        {"P6", {"cursor paging (RFC 9865) when advertised", "表明されている場合のカーソルページング (RFC 9865)"}, false, p6_cursor, false},
        {"GR2", {"Groups endpoint returns a ListResponse", "Groups エンドポイントが ListResponse を返す"}, false, gr2_groups},
    };
    return table;
}

}  // namespace ssoctl::scim
