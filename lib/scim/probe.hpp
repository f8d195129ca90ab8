// scim-probe: runs the checklist of research/scim-anchors.md against a SCIM 2.0 tenant in the
// request shapes of one IdP, and removes everything it created (also when cancelled).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diag/finding.hpp"

namespace ssoctl::scim {

enum class Idp { generic, okta, entra };
std::string_view idp_name(Idp idp);
std::optional<Idp> idp_from_name(std::string_view name);

enum class Status { pass, fail, warn, skip };
std::string_view status_name(Status s);

/** One check of the run: what was sent and what came of it. */
struct CheckResult {
    std::string id;       // D1, A2, L5 … as in the research checklist
    diag::Text title;
    std::string request;  // "GET /Users?filter=…" relative to the base URL; token never included
    Status status = Status::skip;
    std::optional<diag::Code> code;
    diag::Text detail;
    std::optional<Idp> about;  // the IdP the finding's consequence names, when not the run's --as
};

/** Something the probe created and could not delete. */
struct Leftover {
    std::string kind;  // Users | Groups
    std::string id;
    std::string name;
    diag::Text reason;  // why it is still there
};

struct ProbeOptions {
    std::string base_url;
    std::string token;
    std::string token_source;  // "--token-file FILE" or "SSOCTL_SCIM_TOKEN", for scim_auth_failed
    std::string auth = "bearer";  // bearer | basic | header:NAME
    Idp as = Idp::generic;
    bool write = false;
    std::string user_domain = "example.com";
    int concurrency = 1;
    long timeout_ms = 10000;
    std::string cacert;
    bool insecure = false;
    std::string http_version = "auto";
    long retry_budget_ms = 30000;
    bool show_pii = false;
    std::string run_id;  // random hex when empty
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> trace;     // --verbose, already redacted
    std::function<void(const CheckResult&)> progress;  // after every check
};

struct ProbeResult {
    std::vector<CheckResult> checks;
    diag::Report report;
    std::vector<Leftover> leftovers;
    std::vector<std::string> removed;  // "Users/<id> (<name>)" deleted by cleanup
    std::string run_id;
    std::string prefix;
    bool unreachable = false;  // stop: exit 3
    bool interrupted = false;  // stop: exit 130 after cleanup
    int rate_limited = 0;      // responses that were 429
};

/** Runs the probe. Never throws; a run that cannot reach the tenant sets `unreachable`. */
ProbeResult run_probe(const ProbeOptions& opts);

/** --cleanup: finds users and groups carrying the ssoctl-probe- prefix (userName, externalId, email, displayName) and deletes them. */
ProbeResult run_cleanup(const ProbeOptions& opts);

/** The prefix every test object carries: "ssoctl-probe-". */
inline constexpr std::string_view kPrefix = "ssoctl-probe-";

/** "a***@e***.com"-style masking of a value returned by the tenant. */
std::string mask_pii(std::string_view value);

}  // namespace ssoctl::scim
