// Internal to lib/scim: the state a probe run shares between its check files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scim/cleanup.hpp"
#include "scim/http.hpp"
#include "scim/probe.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {

using json = nlohmann::json;

inline constexpr const char* kListUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr const char* kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";
inline constexpr const char* kPatchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* kEnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

enum class AuthMode { token, none, bad };

/** One request/response with the body parsed when it is JSON. */
struct Exchange {
    std::string line;  // "GET /Users?…"
    Response resp;
    std::optional<json> body;
    bool ok() const { return resp.status >= 200 && resp.status < 300; }
};

/** A user the filter checks can look for: an existing one (read-only) or the probe's own. */
struct Subject {
    std::string id;
    std::string user_name;
    std::string external_id;
    std::string work_email;
    bool own = false;  // created by this run: no PII
};

/** What a check function returns. */
struct Outcome {
    Status status = Status::pass;
    std::optional<diag::Code> code;
    diag::Text detail;
    std::string request;         // the request that failed, when not the check's last one
    std::optional<Idp> about;    // the IdP whose consequence the hint names, when not --as
    static Outcome pass(diag::Text d = {}) { return {Status::pass, std::nullopt, std::move(d), {}, {}}; }
    static Outcome skip(diag::Text d) { return {Status::skip, std::nullopt, std::move(d), {}, {}}; }
    static Outcome fail(diag::Code c, diag::Text d) { return {Status::fail, c, std::move(d), {}, {}}; }
    static Outcome warn(diag::Code c, diag::Text d) { return {Status::warn, c, std::move(d), {}, {}}; }
    Outcome at(std::string line) && {
        request = std::move(line);
        return std::move(*this);
    }
};

struct Ctx;
using CheckFn = Outcome (*)(Ctx&);

/** A check as data: id, title, whether it writes, its function, whether Okta or Entra ID send
 *  its requests (content-type findings are graded by those), whether it needs an accepted token. */
struct CheckDef {
    const char* id;
    diag::Text title;
    bool writes;
    CheckFn run;
    bool idp_sends = true;
    bool needs_token = true;
};

struct Ctx {
    Ctx(const ProbeOptions& o, Client& c, Cleanup& cl) : opts(o), http(c), cleanup(cl) {}
    const ProbeOptions& opts;
    Client& http;
    Cleanup& cleanup;
    std::string base;       // without trailing slash
    std::string run_id;
    std::string prefix;     // ssoctl-probe-<run_id>-
    std::vector<std::string> requests;  // lines sent by the current check
    bool idp_sends = true;              // the current check's requests are ones an IdP makes
    std::optional<std::string> refused;  // "GET /Users → 401 '…'": the token was refused in the current check
    std::optional<size_t> pending_create;  // the cleanup plan of the create about to be sent
    bool sent_capitalised = false;      // the current check sent a PATCH with an op such as "Replace"
    std::optional<std::string> caps_refused;  // the check that found capitalised ops refused or ignored

    // facts from earlier checks
    std::optional<json> spc;
    bool patch_supported = true;
    bool etag_supported = false;
    bool enterprise = false;
    bool authenticated = true;
    bool auth_reported = false;      // scim_auth_failed was said once
    bool resource_types_listed = false;  // D3 read a ListResponse
    bool members_visible = false;    // GR4 saw added members in a GET
    std::optional<Subject> subject;
    std::optional<Subject> user;   // the probe's own first user
    std::optional<std::string> group_id;
    std::optional<std::string> user2_id;
    std::string group_name;
    std::optional<std::string> existing_group_name;
    bool user_deleted = false;
    std::optional<std::string> create_location;  // Location header of the first create
    std::optional<Error> aborted;  // transport failure or cancellation: the run stops
    bool not_scim = false;  // discovery proved it is no SCIM service: the run stops
    int responses = 0;  // answered requests of the run
    std::string last_http_version;  // of the latest answer: "1.1", "2"

    // aggregated over every response of the run
    std::vector<std::string> bad_content_type;   // on requests an IdP makes
    std::vector<std::string> json_content_type;
    std::vector<std::string> other_content_type;  // on requests neither IdP makes: noted, not graded
    std::vector<std::string> bad_error_body;
    std::vector<std::string> rate_limited;

    /** Sends a request relative to the base URL in the chosen IdP's headers. Errors: scim_unreachable, interrupted. */
    Result<Exchange> call(const std::string& method, const std::string& path, std::optional<json> body = std::nullopt,
                          AuthMode auth = AuthMode::token, Headers extra = {});
    /** Bodiless requests with up to --concurrency in flight; answers in the order asked. Stops at the first transport failure. */
    std::vector<Result<Exchange>> call_all(const std::vector<std::pair<std::string, std::string>>& method_paths, AuthMode auth = AuthMode::token);
    Request build(const std::string& method, const std::string& path, const std::optional<json>& body, AuthMode auth, Headers extra) const;
    /** Books an answer: run-wide content-type, error-body and 429 observations. */
    Result<Exchange> record(std::string line, Result<Response> resp, AuthMode auth = AuthMode::token);
    Idp idp() const { return opts.as; }
    /** Registers a create before it is sent: every handle it plants, so the cleanup can find it without an id. */
    void plan(const std::string& kind, const std::string& label, Handles h);
    /** The planted handles of a test user: userName, a different email, externalId and displayName all carry the run ID. */
    Handles user_handles(const std::string& tag) const;
    /** scim_auth_failed, said once: which token, which header, how the IdP sends it. Skips every later check that needs the token. */
    Outcome token_refused(const std::string& what);
    /** The tenant's value, masked unless --show-pii or it is the probe's own. */
    std::string shown(const std::string& v) const;
};

std::string q(std::string_view s);  // JSON-quote a filter value
/** "a, b, c … (N)": the first three of a list, for details. */
std::string first_few(const std::vector<std::string>& v);
std::string enc(std::string_view s);  // URL-encode a query value
bool has_schema(const json& j, std::string_view urn);
/** Resources array of a ListResponse, or nullptr. */
const json* resources(const std::optional<json>& body);
std::string short_body(const Exchange& x);
/** "expected <expected>, got 401 '…'" in both languages. */
diag::Text got(const Exchange& x, const diag::Text& expected);

#define SEND(x, ...)                                       \
    auto x##_r = ctx.call(__VA_ARGS__);                    \
    if (!x##_r) return Outcome::skip(i18n::text(N_("aborted"))); \
    Exchange& x = *x##_r

/** The id of a create's answer, registered with the cleanup under `name`; nullopt when none. */
std::optional<std::string> created_id(Ctx& ctx, const std::string& kind, const std::string& name, const Exchange& x);
/** DELETE kind/id now; marks it gone for the cleanup when the tenant confirms. */
void delete_now(Ctx& ctx, const std::string& kind, const std::string& id);

/** Keys of a user that only a server splitting the enterprise URN at its dots (or dropping it) would store. */
std::vector<std::string> mangled_keys(const json& user);
/** Subject fields from a user resource. */
Subject subject_from(const json& user, bool own);
/** Integer field of a ListResponse, or nullopt when absent or not a JSON integer. */
std::optional<long> int_field(const std::optional<json>& body, const char* key);

const std::vector<CheckDef>& discovery_checks();
const std::vector<CheckDef>& list_checks();
const std::vector<CheckDef>& filter_checks();
const std::vector<CheckDef>& user_write_checks();
const std::vector<CheckDef>& create_checks();
const std::vector<CheckDef>& user_update_checks();
const std::vector<CheckDef>& group_checks();
const std::vector<CheckDef>& delete_checks();
const std::vector<CheckDef>& lookup_checks();
const std::vector<CheckDef>& seed_checks();

}  // namespace ssoctl::scim
