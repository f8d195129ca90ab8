// Pagination on a tenant with data (--write): seeds 60 users and 5 groups carrying the run ID, checks
// totalResults, startIndex/count windows, count=0, the last page and a full walk as Okta imports
// (pages of 100), then deletes every seeded object. A totalResults capped at a page size fails:
// Okta and Entra ID stop importing there.
#include <algorithm>
#include <set>
#include <variant>

#include "scim/context.hpp"
#include "scim/shapes.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

using C = diag::Code;

constexpr int kSeedUsers = 60;
constexpr int kSeedGroups = 5;

struct Page {
    long status = 0;
    std::optional<long> total, start, per_page;
    std::vector<std::string> ids;
};

std::optional<Page> page(Ctx& ctx, const std::string& kind, long start, long count) {
    auto x = ctx.call("GET", "/" + kind + "?startIndex=" + std::to_string(start) + "&count=" + std::to_string(count));
    if (!x) return std::nullopt;
    Page p;
    p.status = x->resp.status;
    p.total = int_field(x->body, "totalResults");
    p.start = int_field(x->body, "startIndex");
    p.per_page = int_field(x->body, "itemsPerPage");
    if (const json* list = resources(x->body)) {
        for (const auto& r : *list) p.ids.push_back(r.value("id", ""));
    }
    return p;
}

/** Creates n objects carrying the run ID; their ids, or a skip saying where seeding stopped. */
std::variant<std::vector<std::string>, Outcome> seed(Ctx& ctx, const std::string& kind, int n) {
    std::vector<std::string> ids;
    for (int i = 1; i <= n; ++i) {
        const bool users = kind == "Users";
        const Handles h = users ? ctx.user_handles("s" + std::to_string(i)) : Handles{"", ctx.prefix + "gs" + std::to_string(i) + "x", "", ctx.prefix + "gs" + std::to_string(i)};
        ctx.plan(kind, users ? h.user_name : h.display_name, h);
        auto x = ctx.call("POST", "/" + kind, users ? shapes::create_user(Idp::generic, h) : shapes::create_group(ctx.idp(), h.display_name, h.external_id));
        if (!x) return Outcome::skip(i18n::text(N_("aborted")));
        if (!x->ok() || !x->body || !x->body->contains("id") || !(*x->body)["id"].is_string()) {
            for (const auto& id : ids) delete_now(ctx, kind, id);
            return Outcome::skip(i18n::text(N_("seeding stopped at {} {} of {} ({})"), {{kind, {}}, {std::to_string(i), {}}, {std::to_string(n), {}}, {std::to_string(x->resp.status), {}}}));
        }
        ids.push_back((*x->body)["id"].get<std::string>());
    }
    return ids;
}

/** Windows, count=0, the last page and a full walk over `kind`, which holds at least the `seeded` ids. */
Outcome check_pages(Ctx& ctx, const std::string& kind, const std::vector<std::string>& seeded, long window, long walk_page) {
    const long n = static_cast<long>(seeded.size());
    std::vector<std::string> problems;
    std::string first_bad;  // the request of the first problem: the finding's request
    auto line = [&](long start, long count) { return "GET /" + kind + "?startIndex=" + std::to_string(start) + "&count=" + std::to_string(count); };
    auto first = page(ctx, kind, 1, window);
    if (!first) return Outcome::skip(i18n::text(N_("aborted")));
    if (first->status != 200 || !first->total) return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("GET /{} gave no integer totalResults ({})"), {{kind, {}}, {std::to_string(first->status), {}}})).at(line(1, window));
    const long total = *first->total;
    if (total < n) {
        return Outcome::fail(C::scim_pagination_broken, i18n::text(N_("totalResults {} although {} {} were just created: the total is capped (at a page size?), so Okta and Entra ID stop importing there"), {{std::to_string(total), {}}, {std::to_string(n), {}}, {kind, {}}}));
    }
    auto expect = [&](const char* what, const std::optional<Page>& p, long start, long want) {
        if (!p) return;
        const size_t before = problems.size();
        const long got_n = static_cast<long>(p->ids.size());
        if (p->status != 200) problems.push_back(std::string(what) + " answered " + std::to_string(p->status));
        else if (got_n != want) problems.push_back(std::string(what) + " returned " + std::to_string(got_n) + ", expected " + std::to_string(want));
        else if (p->start && *p->start != start) problems.push_back(std::string(what) + " answered startIndex " + std::to_string(*p->start));
        else if (p->per_page && *p->per_page != got_n) problems.push_back(std::string(what) + " itemsPerPage " + std::to_string(*p->per_page) + " for " + std::to_string(got_n));
        else if (p->total && *p->total != total) problems.push_back(std::string(what) + " totalResults " + std::to_string(*p->total) + " (was " + std::to_string(total) + ")");
        if (problems.size() > before && first_bad.empty()) first_bad = line(start, window);
    };
    const std::string w = std::to_string(window);
    expect(("startIndex=1&count=" + w).c_str(), first, 1, std::min(window, total));
    auto second = page(ctx, kind, window + 1, window);
    expect(("startIndex=" + std::to_string(window + 1) + "&count=" + w).c_str(), second, window + 1, std::max(0L, std::min(window, total - window)));
    if (second) {
        for (const auto& id : second->ids) {
            if (std::find(first->ids.begin(), first->ids.end(), id) != first->ids.end()) {
                problems.push_back("an id on page 1 is again on page 2 (unstable order)");
                break;
            }
        }
    }
    const long last_start = std::max(1L, total - 1);
    auto last = page(ctx, kind, last_start, window);
    expect(("last page startIndex=" + std::to_string(last_start)).c_str(), last, last_start, total - last_start + 1);
    auto beyond = page(ctx, kind, total + 1, window);
    expect(("startIndex=" + std::to_string(total + 1) + " (past the end)").c_str(), beyond, total + 1, 0);
    auto zero = ctx.call("GET", "/" + kind + "?count=0");
    if (zero && (zero->resp.status != 200 || (resources(zero->body) && !resources(zero->body)->empty()) || int_field(zero->body, "totalResults") != total)) {
        if (first_bad.empty()) first_bad = "GET /" + kind + "?count=0";
        problems.push_back("count=0 answered " + std::to_string(zero->resp.status) + " with " + std::to_string(resources(zero->body) ? resources(zero->body)->size() : 0) +
                           " resources, totalResults " + std::to_string(int_field(zero->body, "totalResults").value_or(-1)));
    }
    if (ctx.aborted) return Outcome::skip(i18n::text(N_("aborted")));
    std::string walked = "full walk skipped: " + std::to_string(total) + " " + kind;
    if (total <= walk_page * 10) {  // a walk as Okta's import does it (at most 10 pages)
        std::set<std::string> seen;
        bool dup = false;
        for (long start = 1; start <= total;) {
            auto p = page(ctx, kind, start, walk_page);
            if (!p) return Outcome::skip(i18n::text(N_("aborted")));
            if (p->status != 200 || p->ids.empty()) break;
            for (const auto& id : p->ids) dup = !seen.insert(id).second || dup;
            start += static_cast<long>(p->ids.size());
        }
        size_t missing = 0;
        for (const auto& id : seeded) missing += seen.count(id) == 0;
        if (dup) problems.push_back("walking pages of " + std::to_string(walk_page) + " returned an id twice");
        if (static_cast<long>(seen.size()) != total) problems.push_back("walking pages of " + std::to_string(walk_page) + " found " + std::to_string(seen.size()) + " of totalResults " + std::to_string(total));
        if (missing) problems.push_back(std::to_string(missing) + " seeded " + kind + " never appeared while walking");
        walked = "a walk in pages of " + std::to_string(walk_page) + " found all " + std::to_string(seen.size());
    }
    if (!problems.empty()) return Outcome::fail(C::scim_pagination_broken, {first_few(problems), first_few(problems)}).at(first_bad.empty() ? line(1, walk_page) : first_bad);
    return Outcome::pass(i18n::text(N_("{} seeded, totalResults {}, windows of {}, last page, count=0 and {}"), {{std::to_string(n), {}}, {std::to_string(total), {}}, {w, {}}, {walked, {}}}));
}

Outcome seeded(Ctx& ctx, const std::string& kind, int n, long window, long walk_page) {
    auto s = seed(ctx, kind, n);
    if (auto* o = std::get_if<Outcome>(&s)) return *o;
    const auto& ids = std::get<std::vector<std::string>>(s);
    Outcome verdict = check_pages(ctx, kind, ids, window, walk_page);
    for (const auto& id : ids) {
        if (ctx.aborted) return Outcome::skip(i18n::text(N_("aborted")));  // the cleanup deletes the rest
        delete_now(ctx, kind, id);
    }
    return verdict;
}

Outcome p7_users_with_data(Ctx& ctx) { return seeded(ctx, "Users", kSeedUsers, 25, 100); }
Outcome p8_groups_with_data(Ctx& ctx) { return seeded(ctx, "Groups", kSeedGroups, 2, 2); }

}  // namespace

const std::vector<CheckDef>& seed_checks() {
    static const std::vector<CheckDef> table = {
        {"P7", i18n::text(N_("pagination over 60 seeded users")), true, p7_users_with_data},
        {"P8", i18n::text(N_("Groups paginate (5 seeded groups)")), true, p8_groups_with_data},
    };
    return table;
}

}  // namespace ssoctl::scim
