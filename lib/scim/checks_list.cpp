// List, no-match, 404 shape, invalid filter, pagination and group reads (§1.4, §1.5, §1.8, §1.14). Read-only.
#include <set>

#include "scim/context.hpp"
#include "i18n/i18n.hpp"

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
        return Outcome::fail(C::scim_filter_unsupported, got(x, i18n::text(N_("200 with a ListResponse"))));
    }
    std::vector<std::string> bad;
    for (const char* k : {"totalResults", "startIndex", "itemsPerPage"}) {
        if (!int_field(x.body, k)) bad.push_back(k);
    }
    if (!bad.empty()) {
        std::string m;
        for (const auto& b : bad) m += (m.empty() ? "" : ", ") + b;
        return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("{} missing or not a JSON integer"), {{m, {}}}));
    }
    if (list && !list->empty() && (*list)[0].is_object()) {
        ctx.subject = subject_from((*list)[0], false);
        return Outcome::pass(i18n::text(N_("first user {}"), {{ctx.shown(ctx.subject->user_name), {}}}));
    }
    return Outcome::pass(i18n::text(N_("the tenant has no users yet")));
}

Outcome l3_no_match(Ctx& ctx) {
    const std::string value = ctx.idp() == Idp::entra ? "ssoctl-probe-" + ctx.run_id + "-0000-4000-8000-000000000000"
                                                      : ctx.prefix + "nobody@" + ctx.opts.user_domain;
    SEND(x, "GET", "/Users?filter=" + enc("userName eq " + q(value)));
    if (x.resp.status == 404) {
        return ctx.idp() == Idp::okta ? Outcome::warn(C::scim_not_found_on_no_match, i18n::text(N_("404 instead of 200 with totalResults 0")))
                                      : Outcome::fail(C::scim_not_found_on_no_match, i18n::text(N_("404 instead of 200 with totalResults 0")));
    }
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !x.body || !has_schema(*x.body, kListUrn)) {
        return Outcome::fail(C::scim_filter_unsupported, got(x, i18n::text(N_("200 with an empty ListResponse"))));
    }
    const auto total = int_field(x.body, "totalResults");
    if (!total || *total != 0 || (list && !list->empty())) {
        return Outcome::fail(C::scim_filter_unsupported, i18n::text(N_("a filter that matches nothing returned {} resources (the filter is ignored)"), {{std::to_string(list ? list->size() : 0), {}}}));
    }
    return Outcome::pass();
}

Outcome g1_missing_id(Ctx& ctx) {
    SEND(x, "GET", "/Users/010101001010101011001010101011");
    if (x.resp.status != 404) return Outcome::fail(C::scim_get_failed, got(x, i18n::text(N_("404 for an unknown id"))));
    if (!x.body || !has_schema(*x.body, kErrorUrn) || x.body->value("detail", "").empty()) {
        return Outcome::warn(C::scim_error_schema, i18n::text(N_("404 without a SCIM Error body with detail")));
    }
    return Outcome::pass();
}

Outcome l11_invalid_filter(Ctx& ctx) {
    SEND(x, "GET", "/Users?filter=" + enc("userName xx \"a\""));
    if (x.resp.status == 400 && x.body && x.body->value("scimType", "") == "invalidFilter") return Outcome::pass();
    return Outcome::warn(C::scim_invalid_filter_status, got(x, {"400 invalidFilter", "400 invalidFilter"}));
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
        if (x.resp.status != 200 || !total) return Outcome::fail(C::scim_pagination_broken, got(x, i18n::text(N_("200 with an integer totalResults"))));
        const size_t n = list ? list->size() : 0;
        if (!first_total) first_total = total;
        if (*total != *first_total) return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("totalResults changed between pages")));
        if (n > static_cast<size_t>(count)) return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("count=2 returned {} resources"), {{std::to_string(n), {}}}));
        if (si && *si != start) return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("startIndex {} does not echo the requested {}"), {{std::to_string(*si), {}}, {std::to_string(start), {}}}));
        if (list) {
            for (const auto& r : *list) {
                const std::string id = r.value("id", "");
                if (!ids.insert(id).second) return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("id seen on two pages (unstable order)")));
            }
        }
        if (ipp && *ipp != static_cast<long>(n) && n > 0) {
            return Outcome::warn(C::scim_pagination_broken, i18n::text(N_("itemsPerPage {} but {} resources returned"), {{std::to_string(*ipp), {}}, {std::to_string(n), {}}}));
        }
        start += static_cast<long>(n);
        if (n == 0) break;
        if (start > *total) {
            if (n == static_cast<size_t>(count)) {  // a full last page: is there really nothing after it?
                SEND(more, "GET", "/Users?startIndex=" + std::to_string(start) + "&count=" + std::to_string(count));
                const json* extra = resources(more.body);
                if (extra && !extra->empty()) {
                    return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("totalResults {} but startIndex {} still returns users: totalResults counts one page, not all matches"), {{std::to_string(*total), {}}, {std::to_string(start), {}}}));
                }
            }
            break;
        }
    }
    const long expected = std::min<long>(*first_total, 10);
    if (static_cast<long>(ids.size()) < expected) {
        return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("totalResults {} but the pages held {} users"), {{std::to_string(*first_total), {}}, {std::to_string(ids.size()), {}}}));
    }
    if (*first_total > 0 && ids.size() > static_cast<size_t>(*first_total)) {
        return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("totalResults {} is smaller than the users paged ({}): it counts one page, not all matches"), {{std::to_string(*first_total), {}}, {std::to_string(ids.size()), {}}}));
    }
    return Outcome::pass(i18n::text(N_("{} users over pages of 2, totalResults {}"), {{std::to_string(ids.size()), {}}, {std::to_string(*first_total), {}}}));
}

Outcome p2_count_zero(Ctx& ctx) {
    SEND(x, "GET", "/Users?count=0");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !int_field(x.body, "totalResults")) {
        return Outcome::fail(C::scim_pagination_broken, got(x, i18n::text(N_("200 with an integer totalResults"))));
    }
    if (list && !list->empty()) {
        return Outcome::warn(C::scim_pagination_broken, i18n::text(N_("count=0 returned {} resources instead of none (RFC 7644 §3.4.2.4)"), {{std::to_string(list->size()), {}}}));
    }
    return Outcome::pass(i18n::text(N_("totalResults {}, no resources"), {{std::to_string(*int_field(x.body, "totalResults")), {}}}));
}

// RFC 7644 §3.4.2.4: a startIndex below 1 SHALL be read as 1. IdPs never send one, hence a warning.
Outcome p3_out_of_range(Ctx& ctx) {
    for (const char* start : {"0", "-1"}) {
        SEND(x, "GET", std::string("/Users?startIndex=") + start + "&count=2");
        if (x.resp.status != 200 || !int_field(x.body, "totalResults")) {
            return Outcome::warn(C::scim_pagination_broken, got(x, i18n::text(N_("200 (startIndex={} read as 1)"), {{start, {}}})));
        }
        const auto si = int_field(x.body, "startIndex");
        if (si && *si != 1) {
            return Outcome::warn(C::scim_pagination_broken, i18n::text(N_("startIndex={} answered startIndex {}, expected 1"), {{start, {}}, {std::to_string(*si), {}}}));
        }
    }
    return Outcome::pass(i18n::text(N_("startIndex 0 and -1 are read as 1")));
}

Outcome p4_defaults(Ctx& ctx) {
    SEND(x, "GET", "/Users");
    const json* list = resources(x.body);
    const auto total = int_field(x.body, "totalResults");
    if (x.resp.status != 200 || !total) return Outcome::fail(C::scim_pagination_broken, got(x, i18n::text(N_("200 with an integer totalResults"))));
    const size_t n = list ? list->size() : 0;
    if (*total > 0 && n == 0) {
        return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("no paging parameters: totalResults {} but no resources (the server needs count to return any)"), {{std::to_string(*total), {}}}));
    }
    return Outcome::pass(i18n::text(N_("{} of {} users on the default page"), {{std::to_string(n), {}}, {std::to_string(*total), {}}}));
}

// RFC 9865 cursor paging: informational, only when the ServiceProviderConfig advertises it.
Outcome p6_cursor(Ctx& ctx) {
    const bool advertised = ctx.spc && ctx.spc->contains("pagination") && (*ctx.spc)["pagination"].is_object() &&
                            (*ctx.spc)["pagination"].value("cursor", false);
    if (!advertised) return Outcome::skip(i18n::text(N_("cursor paging is not advertised (pagination.cursor)")));
    SEND(x, "GET", "/Users?cursor&count=2");
    if (x.resp.status != 200 || !resources(x.body)) return Outcome::warn(C::scim_pagination_broken, got(x, i18n::text(N_("200 with a ListResponse"))));
    const bool next = x.body->contains("nextCursor") && (*x.body)["nextCursor"].is_string();
    const auto total = int_field(x.body, "totalResults").value_or(0);
    if (total > 2 && !next) return Outcome::warn(C::scim_pagination_broken, i18n::text(N_("more than one page but no nextCursor")));
    return Outcome::pass(next ? i18n::text(N_("nextCursor returned")) : i18n::text(N_("a single page")));
}

Outcome gr2_groups(Ctx& ctx) {
    SEND(x, "GET", "/Groups?startIndex=1&count=100");
    const json* list = resources(x.body);
    if (x.resp.status != 200 || !list) return Outcome::fail(C::scim_group_failed, got(x, i18n::text(N_("200 with a ListResponse"))));
    for (const auto& g : *list) {
        if (g.is_object() && g.contains("displayName") && g["displayName"].is_string()) {
            ctx.existing_group_name = g["displayName"].get<std::string>();
            break;
        }
    }
    return Outcome::pass(i18n::text(N_("{} groups on the first page"), {{std::to_string(list->size()), {}}}));
}

}  // namespace

const std::vector<CheckDef>& list_checks() {
    static const std::vector<CheckDef> table = {
        {"L1", i18n::text(N_("Users endpoint returns a ListResponse")), false, l1_users_endpoint},
        {"L3", i18n::text(N_("a filter with no match answers 200, totalResults 0")), false, l3_no_match},
        {"G1", i18n::text(N_("an unknown id answers 404")), false, g1_missing_id, false},
        {"L11", i18n::text(N_("an invalid filter answers 400 invalidFilter")), false, l11_invalid_filter, false},
        {"P1", i18n::text(N_("pagination: startIndex, count, totalResults")), false, p1_pagination},
        {"P2", i18n::text(N_("count=0 answers totalResults only")), false, p2_count_zero, false},
        {"P3", i18n::text(N_("startIndex below 1 is read as 1")), false, p3_out_of_range, false},
        {"P4", i18n::text(N_("no paging parameters still returns users")), false, p4_defaults},
        {"P6", i18n::text(N_("cursor paging (RFC 9865) when advertised")), false, p6_cursor, false},
        {"GR2", i18n::text(N_("Groups endpoint returns a ListResponse")), false, gr2_groups},
    };
    return table;
}

}  // namespace ssoctl::scim
