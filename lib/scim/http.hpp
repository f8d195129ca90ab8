// libcurl HTTP client for scim-probe: TLS verified by default, bounded Retry-After on 429/503,
// cancellation flag, redacted trace of every exchange.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::scim {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpOptions {
    long timeout_ms = 10000;
    std::string cacert;           // PEM bundle to trust instead of the system store
    bool insecure = false;        // skip TLS verification (reported by the caller)
    std::string http_version = "auto";  // auto|1.1|2
    long retry_budget_ms = 30000;       // total time spent waiting on Retry-After
    int max_retries = 3;                // per request
    const std::atomic<bool>* cancel = nullptr;
    /** Receives one block per request and response; secrets are already redacted. */
    std::function<void(const std::string&)> trace;
    /** Header names (lower case) and values whose values never reach the trace. */
    std::vector<std::string> secret_headers = {"authorization", "cookie", "set-cookie", "proxy-authorization"};
    std::vector<std::string> secret_values;
    /** Applied to response bodies before they reach the trace (PII masking). */
    std::function<std::string(const std::string&)> mask_body;
};

struct Request {
    std::string method = "GET";
    std::string url;
    Headers headers;
    std::optional<std::string> body;
};

struct Response {
    long status = 0;
    Headers headers;  // names in lower case
    std::string body;
    std::string http_version;
    double elapsed_ms = 0;
    int retries = 0;                       // 429/503 answers waited out
    std::vector<std::string> retry_after;  // Retry-After values seen
    bool rate_limited = false;             // a 429 was seen, waited out or not

    std::optional<std::string> header(std::string_view name) const;
    std::string content_type() const;  // media type without parameters, lower case
};

/** Retry-After as a delay in milliseconds: delta-seconds or an HTTP-date relative to `now`. */
std::optional<long> parse_retry_after(std::string_view value, long long now_unix);

/** Replaces every secret value by [REDACTED]. */
std::string redact(std::string text, const std::vector<std::string>& secrets);

/** One reusable connection (keep-alive); not thread-safe. Errors: scim_unreachable, interrupted. */
class Client {
public:
    explicit Client(HttpOptions opts);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Result<Response> send(const Request& req);
    const HttpOptions& options() const { return m_opts; }
    long budget_left_ms() const { return m_budget->load(); }
    /** Waits on Retry-After from now on draw on `other`'s budget (the --concurrency workers share one). */
    void share_budget(const Client& other) { m_budget = other.m_budget; }
    bool cancelled() const { return m_opts.cancel && m_opts.cancel->load(); }
    /** Replaces the trace callback and returns the previous one. */
    std::function<void(const std::string&)> swap_trace(std::function<void(const std::string&)> trace) {
        std::swap(m_opts.trace, trace);
        return trace;
    }

private:
    Result<Response> send_once(const Request& req);
    /** Takes `ms` from the shared Retry-After budget; false (and nothing taken) when too little is left. */
    bool take_budget(long ms);
    HttpOptions m_opts;
    void* m_curl = nullptr;
    std::shared_ptr<std::atomic<long>> m_budget;  // ms of Retry-After waiting left
};

/**
 * Sends `reqs` with at most `concurrency` in flight: `first` carries one share, the others go
 * through extra clients with the same options (the trace is serialised). Answers keep the order
 * of `reqs`.
 */
std::vector<Result<Response>> send_parallel(Client& first, const std::vector<Request>& reqs, size_t concurrency);

/** What a TLS handshake negotiated. */
struct TlsFacts {
    std::string version;   // "TLSv1.2"
    std::string cipher;    // OpenSSL name, e.g. ECDHE-RSA-AES128-GCM-SHA256
    std::string key_type;  // RSA | EC | other
    int key_bits = 0;
};

/**
 * A handshake only (no request), restricted to exactly TLS 1.2 and `ciphers` (OpenSSL list),
 * verified like every request. Errors: scim_tls_incompatible with libcurl's reason.
 */
Result<TlsFacts> tls12_handshake(const std::string& url, const HttpOptions& opts, const std::string& ciphers);

}  // namespace ssoctl::scim
