// The scim-probe runner: a fixed order of check tables (discovery → list → filters → writes →
// groups → delete), run-wide checks on every response, then cleanup, also after cancellation.
#include "scim/probe.hpp"

#include <map>
#include <random>

#include "scim/consequence.hpp"
#include "scim/context.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {
namespace {

std::string random_hex(size_t n) {
    std::random_device rd;
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) s += digits[rd() % 16];
    return s;
}

Headers auth_headers(const ProbeOptions& o) {
    if (o.auth == "basic") return {{"Authorization", "Basic " + util::base64_encode(o.token)}};
    if (util::starts_with(o.auth, "header:")) return {{o.auth.substr(7), o.token}};
    return {{"Authorization", "Bearer " + o.token}};
}

std::string mask_json_body(const std::string& body) {
    auto j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return body;
    static const std::vector<std::string> pii = {"userName", "givenName", "familyName", "formatted", "displayName",
                                                 "value", "nickName", "externalId", "display", "employeeNumber"};
    std::function<void(json&, const std::string&)> walk = [&](json& v, const std::string& key) {
        if (v.is_object()) {
            for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), it.key());
        } else if (v.is_array()) {
            for (auto& e : v) walk(e, key);
        } else if (v.is_string()) {
            const std::string s = v.get<std::string>();
            if (std::find(pii.begin(), pii.end(), key) != pii.end() && s.find(kPrefix) == std::string::npos &&
                !util::starts_with(s, "urn:") && key != "value") {
                v = mask_pii(s);
            } else if (key == "value" && s.find('@') != std::string::npos && s.find(kPrefix) == std::string::npos) {
                v = mask_pii(s);
            }
        }
    };
    walk(j, "");
    return j.dump();
}

HttpOptions http_options(const ProbeOptions& o, bool for_cleanup) {
    HttpOptions h;
    h.timeout_ms = o.timeout_ms;
    h.cacert = o.cacert;
    h.insecure = o.insecure;
    h.http_version = o.http_version;
    h.retry_budget_ms = for_cleanup ? std::min(o.retry_budget_ms, 5000L) : o.retry_budget_ms;
    h.cancel = for_cleanup ? nullptr : o.cancel;
    h.trace = o.trace;
    if (util::starts_with(o.auth, "header:")) h.secret_headers.push_back(util::to_lower(o.auth.substr(7)));
    h.secret_values = {o.token};
    if (o.auth == "basic") h.secret_values.push_back(util::base64_encode(o.token));
    if (!o.show_pii) h.mask_body = mask_json_body;
    return h;
}

void add_finding(ProbeResult& res, const CheckResult& c, Idp run_idp) {
    if (!c.code || (c.status != Status::fail && c.status != Status::warn)) return;
    const Idp idp = c.about.value_or(run_idp);
    diag::Text msg{c.id + " " + c.title.en + ": " + c.detail.en, c.id + " " + c.title.in(diag::Lang::ja) + ": " + c.detail.in(diag::Lang::ja)};
    diag::Text hint;
    if (auto conseq = consequence(*c.code, idp); !conseq.empty()) {
        const auto& info = diag::info(*c.code);
        hint = i18n::text(N_("{}; {}"), {{conseq.en, conseq.in(diag::Lang::ja)}, {std::string(info.hint_en), std::string(info.hint_ja)}});
    }
    diag::Finding& f = res.report.add(*c.code, msg, hint);
    f.severity = c.status == Status::fail ? diag::Severity::error : diag::Severity::warning;
    f.location = c.request;
}

bool run_table(Ctx& ctx, ProbeResult& res, const std::vector<CheckDef>& table) {
    for (const CheckDef& def : table) {
        if (ctx.http.cancelled()) {
            res.interrupted = true;
            return false;
        }
        CheckResult c{def.id, def.title, "", Status::skip, std::nullopt, {}, std::nullopt};
        ctx.requests.clear();
        ctx.refused.reset();
        ctx.sent_capitalised = false;
        ctx.idp_sends = def.idp_sends;
        Outcome o;
        if (def.writes && !ctx.opts.write) o = Outcome::skip(i18n::text(N_("read-only run; --write runs it")));
        else if (def.needs_token && !ctx.authenticated) o = Outcome::skip(i18n::text(N_("the token was refused (see scim_auth_failed)")));
        else o = def.run(ctx);
        if (ctx.aborted) {
            if (ctx.aborted->code == "interrupted") {
                res.interrupted = true;
                return false;
            }
            res.unreachable = true;
            c.status = Status::fail;
            c.code = diag::Code::scim_unreachable;
            c.detail = {ctx.aborted->message, ctx.aborted->ja};
            c.request = ctx.requests.empty() ? "" : ctx.requests.back();
            res.checks.push_back(c);
            res.report.add(diag::Code::scim_unreachable, {ctx.aborted->message, ctx.aborted->ja}).location = c.request;
            if (ctx.opts.progress) ctx.opts.progress(c);
            return false;
        }
        // A refused token is one finding; every later check that needs it is skipped, not failed with "got 401".
        if (ctx.refused && o.code != diag::Code::scim_auth_failed && (o.status == Status::fail || o.status == Status::warn)) {
            const std::string line = ctx.refused->substr(0, ctx.refused->find(" → "));
            o = ctx.auth_reported ? Outcome::skip(i18n::text(N_("the token was refused (see scim_auth_failed)")))
                                  : ctx.token_refused(*ctx.refused).at(line);
        }
        // Capitalised ops refused or ignored is one finding too: later checks that fail only because they sent them are skipped.
        const bool failed = o.status == Status::fail || o.status == Status::warn;
        if (failed && ctx.caps_refused && ctx.sent_capitalised && !(o.about && *o.about != Idp::entra)) {
            o = Outcome::skip(i18n::text(N_("this tenant refuses or ignores Entra ID's capitalised ops (see {})"), {{*ctx.caps_refused, {}}}));
        } else if (failed && o.code == diag::Code::scim_patch_op_case && !ctx.caps_refused) {
            ctx.caps_refused = def.id;
        }
        c.status = o.status;
        c.code = o.code;
        c.detail = o.detail;
        c.about = o.about;
        if (!o.request.empty()) c.request = o.request;
        else if (!ctx.requests.empty()) c.request = o.status == Status::fail || o.status == Status::warn ? ctx.requests.back() : ctx.requests.front();
        res.checks.push_back(c);
        add_finding(res, c, ctx.idp());
        if (ctx.opts.progress) ctx.opts.progress(c);
        if (ctx.not_scim) {
            res.unreachable = true;
            return false;
        }
    }
    return true;
}

CheckResult runwide(const char* id, Status st, std::optional<diag::Code> code, diag::Text detail) {
    static const std::map<std::string, diag::Text> titles = {
        {"C1", i18n::text(N_("responses are application/scim+json"))},
        {"E1", i18n::text(N_("errors use the SCIM Error schema"))},
        {"RL1", i18n::text(N_("no 429 Too Many Requests"))},
    };
    return {id, titles.at(id), "(every response)", st, code, std::move(detail), std::nullopt};
}

void run_wide_checks(Ctx& ctx, ProbeResult& res) {
    std::vector<CheckResult> out;
    // graded by the requests an IdP makes; answers to requests neither IdP sends are only noted
    const diag::Text noted = ctx.other_content_type.empty()
                                 ? diag::Text{}
                                 : i18n::text(N_("not graded, on requests neither IdP sends: {}"), {{first_few(ctx.other_content_type), {}}});
    if (!ctx.bad_content_type.empty()) {
        out.push_back(runwide("C1", Status::fail, diag::Code::scim_wrong_content_type,
                              i18n::text(N_("not JSON at all: {}"), {{first_few(ctx.bad_content_type), {}}})));
    } else if (!ctx.json_content_type.empty()) {
        out.push_back(runwide("C1", Status::warn, diag::Code::scim_wrong_content_type,
                              i18n::text(N_("application/json instead of application/scim+json: {}"), {{first_few(ctx.json_content_type), {}}})));
    } else {
        out.push_back(runwide("C1", Status::pass, std::nullopt, noted));
    }
    if (!ctx.bad_error_body.empty()) {
        out.push_back(runwide("E1", Status::warn, diag::Code::scim_error_schema,
                              {first_few(ctx.bad_error_body), first_few(ctx.bad_error_body)}));
    } else {
        out.push_back(runwide("E1", Status::pass, std::nullopt, {}));
    }
    if (!ctx.rate_limited.empty()) {
        out.push_back(runwide("RL1", Status::warn, diag::Code::scim_rate_limited,
                              i18n::text(N_("429 on {}"), {{first_few(ctx.rate_limited), {}}})));
    } else {
        out.push_back(runwide("RL1", Status::pass, std::nullopt, {}));
    }
    res.rate_limited = static_cast<int>(ctx.rate_limited.size());
    for (auto& c : out) {
        res.checks.push_back(c);
        add_finding(res, c, ctx.idp());
        if (ctx.opts.progress) ctx.opts.progress(c);
    }
}

std::string trim_base(std::string b) {
    while (!b.empty() && b.back() == '/') b.pop_back();
    return b;
}

}  // namespace

std::string_view idp_name(Idp idp) {
    switch (idp) {
        case Idp::okta: return "okta";
        case Idp::entra: return "entra";
        default: return "generic";
    }
}

std::optional<Idp> idp_from_name(std::string_view name) {
    if (name == "generic") return Idp::generic;
    if (name == "okta") return Idp::okta;
    if (name == "entra") return Idp::entra;
    return std::nullopt;
}

std::string_view status_name(Status s) {
    switch (s) {
        case Status::pass: return "pass";
        case Status::fail: return "fail";
        case Status::warn: return "warn";
        default: return "skip";
    }
}

std::string mask_pii(std::string_view v) {
    auto part = [](std::string_view p) { return p.empty() ? std::string() : std::string(1, p[0]) + "***"; };
    const size_t at = v.find('@');
    if (at == std::string_view::npos) return part(v);
    std::string_view domain = v.substr(at + 1);
    const size_t dot = domain.rfind('.');
    return part(v.substr(0, at)) + "@" + (dot == std::string_view::npos ? part(domain) : part(domain.substr(0, dot)) + std::string(domain.substr(dot)));
}

std::string Ctx::shown(const std::string& v) const {
    if (opts.show_pii || util::to_lower(v).find(kPrefix) != std::string::npos) return v;
    return mask_pii(v);
}

Request Ctx::build(const std::string& method, const std::string& path, const std::optional<json>& body, AuthMode auth, Headers extra) const {
    Request r;
    r.method = method;
    r.url = base + path;
    if (auth == AuthMode::token) r.headers = auth_headers(opts);
    else if (auth == AuthMode::bad) r.headers = {{"Authorization", idp() == Idp::okta ? "non-token" : "Bearer ssoctl-invalid-token"}};
    switch (idp()) {
        case Idp::okta:
            r.headers.emplace_back("Accept", "application/scim+json; charset=utf-8");
            r.headers.emplace_back("Accept-Charset", "utf-8");
            r.headers.emplace_back("User-Agent", "OKTA SCIM Integration");
            if (body) r.headers.emplace_back("Content-Type", "application/json");
            break;
        case Idp::entra:
            r.headers.emplace_back("Accept", "application/scim+json");
            if (body) r.headers.emplace_back("Content-Type", "application/scim+json; charset=utf-8");
            break;
        default:
            r.headers.emplace_back("Accept", "application/scim+json");
            if (body) r.headers.emplace_back("Content-Type", "application/scim+json");
    }
    for (auto& h : extra) r.headers.push_back(std::move(h));
    if (body) r.body = body->dump();
    return r;
}

Result<Exchange> Ctx::record(std::string line, Result<Response> resp, AuthMode auth) {
    requests.push_back(line);
    const bool create = util::starts_with(line, "POST /Users") || util::starts_with(line, "POST /Groups") || util::starts_with(line, "PUT /Users/");
    const std::optional<size_t> planned = create ? pending_create : std::nullopt;
    if (create) pending_create.reset();
    if (!resp) {
        aborted = resp.error();
        return tl::make_unexpected(resp.error());  // a planned create stays unresolved: the cleanup looks it up by its handles
    }
    Exchange x;
    x.line = std::move(line);
    x.resp = std::move(*resp);
    ++responses;
    last_http_version = x.resp.http_version;
    if (!x.resp.body.empty()) {
        auto j = json::parse(x.resp.body, nullptr, false);
        if (!j.is_discarded()) x.body = std::move(j);
    }
    if (planned) {  // remember the id of any create that answered with one, before any check looks at it
        std::string id;
        if (x.body && x.body->is_object() && x.body->contains("id") && (*x.body)["id"].is_string()) id = (*x.body)["id"].get<std::string>();
        else if (auto loc = x.resp.header("location"); loc && loc->find('/') != std::string::npos) id = loc->substr(loc->rfind('/') + 1);
        if (x.ok() && !id.empty()) cleanup.created_at(*planned, id);
        else if (x.resp.status >= 300) cleanup.refused(*planned);
    }
    if (auth == AuthMode::token && !refused && (x.resp.status == 401 || (x.resp.status == 403 && util::starts_with(x.line, "GET ")))) {
        const std::string b = short_body(x);
        refused = x.line + " → " + std::to_string(x.resp.status) + (b.empty() ? "" : " '" + b + "'");
    }
    if (x.resp.rate_limited) {
        std::string ra = x.resp.retry_after.empty() ? "no Retry-After" : "Retry-After " + x.resp.retry_after.back();
        rate_limited.push_back(x.line + " (" + ra + (x.resp.status == 429 ? ", gave up" : ", retried " + std::to_string(x.resp.retries) + "x") + ")");
    }
    if (!x.resp.body.empty() && x.resp.status != 204 && x.resp.status != 302 && x.resp.status != 301) {
        const std::string ct = x.resp.content_type();
        if (ct != "application/scim+json" && !idp_sends) other_content_type.push_back(x.line + " → " + std::to_string(x.resp.status) + " (" + (ct.empty() ? "none" : ct) + ")");
        else if (ct == "application/json") json_content_type.push_back(x.line);
        else if (ct != "application/scim+json") bad_content_type.push_back(x.line + " (" + (ct.empty() ? "none" : ct) + ")");
    }
    if (x.resp.status >= 400) {
        std::string why;
        if (!x.body || !x.body->is_object()) why = "not JSON";
        else if (!has_schema(*x.body, kErrorUrn)) why = "no Error schema";
        else if (!x.body->contains("status")) why = "no status";
        else if (!(*x.body)["status"].is_string()) why = "status is not a string";
        else if ((*x.body)["status"].get<std::string>() != std::to_string(x.resp.status)) why = "status differs from HTTP";
        if (!why.empty()) bad_error_body.push_back(x.line + " → " + std::to_string(x.resp.status) + " (" + why + ")");
    }
    return x;
}

void Ctx::plan(const std::string& kind, const std::string& label, Handles h) { pending_create = cleanup.plan(kind, label, std::move(h)); }

Handles Ctx::user_handles(const std::string& tag) const {
    // userName, email and externalId all differ (Entra ID: userName = UPN, often not the mail), each carries the run ID
    return {prefix + tag + "@" + opts.user_domain, prefix + tag + "x", prefix + tag + ".mail@" + opts.user_domain, prefix + tag};
}

Outcome Ctx::token_refused(const std::string& what) {
    authenticated = false;
    auth_reported = true;
    std::string header = "Authorization: Bearer <token>";
    if (opts.auth == "basic") header = "Authorization: Basic base64(<user:password>)";
    else if (util::starts_with(opts.auth, "header:")) header = opts.auth.substr(7) + ": <token>";
    const std::string chars = std::to_string(opts.token.size());
    const diag::Text sent = opts.token_source.empty()
                                ? i18n::text(N_("{}: the token ({} characters) was sent as '{}'"), {{what, {}}, {chars, {}}, {header, {}}})
                                : i18n::text(N_("{}: the token from {} ({} characters) was sent as '{}'"), {{what, {}}, {opts.token_source, {}}, {chars, {}}, {header, {}}});
    diag::Text how;
    if (idp() == Idp::entra) how = i18n::text(N_("Entra ID sends the Secret Token of the provisioning Admin Credentials exactly so: paste the same token there"));
    else if (idp() == Idp::okta) how = i18n::text(N_("Okta sends the API token of Authentication Mode 'HTTP Header' as 'Authorization: Bearer <token>' (Basic Auth: user and password)"));
    const diag::Text text = how.empty() ? i18n::text(N_("{}; every check that needs the token is skipped"), {sent})
                                        : i18n::text(N_("{}; {}; every check that needs the token is skipped"), {sent, how});
    return Outcome::fail(diag::Code::scim_auth_failed, text);
}

Result<Exchange> Ctx::call(const std::string& method, const std::string& path, std::optional<json> body, AuthMode auth,
                           Headers extra) {
    if (method == "PATCH" && body && body->contains("Operations") && (*body)["Operations"].is_array()) {
        for (const auto& op : (*body)["Operations"]) {
            const std::string o = op.is_object() && op.contains("op") && op["op"].is_string() ? op["op"].get<std::string>() : "";
            if (!o.empty() && std::isupper(static_cast<unsigned char>(o[0]))) sent_capitalised = true;
        }
    }
    const Request r = build(method, path, body, auth, std::move(extra));
    return record(method + " " + path, http.send(r), auth);
}

std::vector<Result<Exchange>> Ctx::call_all(const std::vector<std::pair<std::string, std::string>>& method_paths, AuthMode auth) {
    std::vector<Request> reqs;
    for (const auto& [m, p] : method_paths) reqs.push_back(build(m, p, std::nullopt, auth, {}));
    auto answers = send_parallel(http, reqs, static_cast<size_t>(std::max(1, opts.concurrency)));
    std::vector<Result<Exchange>> out;
    for (size_t i = 0; i < reqs.size(); ++i) {
        out.push_back(record(method_paths[i].first + " " + method_paths[i].second, std::move(answers[i]), auth));
        if (aborted) break;
    }
    return out;
}

std::string q(std::string_view s) { return json(std::string(s)).dump(); }

std::string first_few(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < 3; ++i) s += (i ? ", " : "") + v[i];
    if (v.size() > 3) s += " … (" + std::to_string(v.size()) + ")";
    return s;
}
std::string enc(std::string_view s) { return util::url_encode(s); }

bool has_schema(const json& j, std::string_view urn) {
    if (!j.is_object() || !j.contains("schemas") || !j["schemas"].is_array()) return false;
    for (const auto& s : j["schemas"]) {
        if (s.is_string() && s.get<std::string>() == urn) return true;
    }
    return false;
}

const json* resources(const std::optional<json>& body) {
    if (!body || !body->is_object()) return nullptr;
    auto it = body->find("Resources");
    if (it == body->end()) return nullptr;
    return it->is_array() ? &*it : nullptr;
}

std::string short_body(const Exchange& x) {
    std::string detail;
    if (x.body && x.body->is_object() && x.body->contains("detail") && (*x.body)["detail"].is_string()) {
        detail = (*x.body)["detail"].get<std::string>();
    } else {
        detail = x.resp.body.substr(0, 120);
    }
    return util::visible(detail);
}

diag::Text got(const Exchange& x, const diag::Text& expected) {
    std::string g = std::to_string(x.resp.status);
    const std::string b = short_body(x);
    if (!b.empty()) g += " '" + b + "'";
    return i18n::text(N_("expected {}, got {}"), {expected, {g, {}}});
}

ProbeResult run_probe(const ProbeOptions& opts) {
    ProbeResult res;
    res.run_id = opts.run_id.empty() ? random_hex(8) : opts.run_id;
    res.prefix = std::string(kPrefix) + res.run_id + "-";
    Client client(http_options(opts, false));
    Cleanup cleanup;
    Ctx ctx(opts, client, cleanup);
    ctx.base = trim_base(opts.base_url);
    ctx.run_id = res.run_id;
    ctx.prefix = res.prefix;

    bool go = true;
    for (const auto* table : {&discovery_checks(), &list_checks(), &user_write_checks(), &create_checks(), &filter_checks(),
                              &user_update_checks(), &lookup_checks(), &group_checks(), &seed_checks(), &delete_checks()}) {
        if (go) go = run_table(ctx, res, *table);
    }
    if (ctx.responses > 0) run_wide_checks(ctx, res);
    if (client.cancelled()) res.interrupted = true;  // a signal during the run's last steps still means "cut short"

    if (!cleanup.entries().empty()) {
        Client cleaner(http_options(opts, true));
        cleanup.run(cleaner, ctx.base, auth_headers(opts), res.prefix, res.removed, res.leftovers);
    }
    if (client.cancelled()) res.interrupted = true;  // the report is not written yet: it says so
    for (const auto& l : res.leftovers) {
        res.report.add(diag::Code::scim_leftover, i18n::text(N_("left behind: {}/{} ({}): {}"), {{l.kind, {}}, {l.id, {}}, {l.name, {}}, l.reason}))
            .location = l.kind + "/" + l.id;
    }
    return res;
}

ProbeResult run_cleanup(const ProbeOptions& opts) {
    ProbeResult res;
    Client client(http_options(opts, true));
    const std::string base = trim_base(opts.base_url);
    Cleanup cleanup;
    const Headers auth = auth_headers(opts);
    for (const char* kind : {"Users", "Groups"}) {
        const std::string attr = std::string(kind) == "Users" ? "userName" : "displayName";
        for (long start = 1; start < 100000;) {
            Request r;
            r.url = base + "/" + kind + "?startIndex=" + std::to_string(start) + "&count=100";
            r.headers = auth;
            r.headers.emplace_back("Accept", "application/scim+json");
            auto resp = client.send(r);
            if (!resp) {
                res.unreachable = true;
                res.report.add(diag::Code::scim_unreachable, {resp.error().message, resp.error().ja});
                return res;
            }
            if (resp->status == 401 || resp->status == 403) {
                res.report.add(diag::Code::scim_auth_failed, i18n::text(N_("GET /{} answered {}"), {{std::string(kind), {}}, {std::to_string(resp->status), {}}}));
                return res;
            }
            auto j = json::parse(resp->body, nullptr, false);
            if (resp->status != 200 || !j.is_object() || !j.contains("Resources") || !j["Resources"].is_array()) break;
            const auto& list = j["Resources"];
            for (const auto& item : list) {
                // any planted handle: a user created without a userName still carries the prefix in externalId, email or displayName
                if (carries_prefix(item, kPrefix) && item.contains("id") && item["id"].is_string()) {
                    std::string name = item.is_object() && item.contains(attr) && item[attr].is_string() ? item[attr].get<std::string>() : "";
                    if (name.empty() && item.contains("externalId") && item["externalId"].is_string()) name = item["externalId"].get<std::string>();
                    cleanup.created(kind, name, item["id"].get<std::string>());
                }
            }
            const long total = j.value("totalResults", 0L);
            start += static_cast<long>(list.size());
            if (list.empty() || start > total) break;
        }
    }
    cleanup.run(client, base, auth, std::string(kPrefix), res.removed, res.leftovers);
    if (opts.cancel && opts.cancel->load()) res.interrupted = true;
    for (const auto& l : res.leftovers) {
        res.report.add(diag::Code::scim_leftover, i18n::text(N_("could not delete {}/{} ({}): {}"), {{l.kind, {}}, {l.id, {}}, {l.name, {}}, l.reason}));
    }
    return res;
}

}  // namespace ssoctl::scim
