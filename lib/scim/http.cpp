// libcurl transport of scim-probe. One easy handle, reused, so a probe is a handful of
// keep-alive round trips; every wait (Retry-After) polls the cancellation flag.
#include "scim/http.hpp"

#include <chrono>
#include <ctime>
#include <memory>
#include <thread>

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace ssoctl::scim {
namespace {

void curl_global() {
    static const bool done = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)done;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* out = static_cast<std::string*>(user);
    if (out->size() > (32u << 20)) return 0;  // refuse absurd bodies
    out->append(data, size * n);
    return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* hs = static_cast<Headers*>(user);
    std::string_view line(data, size * n);
    if (util::starts_with(line, "HTTP/")) hs->clear();  // a new response (redirect/100-continue)
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        hs->emplace_back(util::to_lower(util::trim(line.substr(0, colon))), std::string(util::trim(line.substr(colon + 1))));
    }
    return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel && cancel->load() ? 1 : 0;
}

bool is_secret_header(const HttpOptions& o, std::string_view name) {
    const std::string lower = util::to_lower(name);
    for (const auto& s : o.secret_headers) {
        if (s == lower) return true;
    }
    return false;
}

std::string trace_block(const HttpOptions& o, std::string_view first, const Headers& hs, std::string_view body) {
    std::string t(first);
    t += '\n';
    for (const auto& [k, v] : hs) t += k + ": " + (is_secret_header(o, k) ? std::string("[REDACTED]") : v) + '\n';
    if (!body.empty()) {
        t += '\n';
        t += body.size() > 4096 ? std::string(body.substr(0, 4096)) + "\n[… " + std::to_string(body.size()) + " bytes]" : std::string(body);
        t += '\n';
    }
    return redact(t, o.secret_values);
}

void apply_tls(CURL* c, const HttpOptions& o) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o.insecure ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o.insecure ? 0L : 2L);
    if (!o.cacert.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.cacert.c_str());
}

// The handshake's outcome, read from OpenSSL when it completes (libcurl's CURLINFO_TLS_SSL_PTR
// is empty for CONNECT_ONLY handles in 7.88).
void on_tls_info(const SSL* ssl, int where, int) {
    if (!(where & SSL_CB_HANDSHAKE_DONE)) return;
    auto* facts = static_cast<TlsFacts*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    if (!facts) return;
    facts->version = SSL_get_version(ssl);
    facts->cipher = SSL_get_cipher_name(ssl);
    if (X509* peer = SSL_get1_peer_certificate(ssl)) {
        if (EVP_PKEY* key = X509_get0_pubkey(peer)) {
            facts->key_bits = EVP_PKEY_bits(key);
            const int id = EVP_PKEY_base_id(key);
            facts->key_type = id == EVP_PKEY_RSA ? "RSA" : id == EVP_PKEY_EC ? "EC" : OBJ_nid2sn(id);
        }
        X509_free(peer);
    }
}

CURLcode on_ssl_ctx(CURL*, void* ctx, void* facts) {
    SSL_CTX_set_app_data(static_cast<SSL_CTX*>(ctx), facts);
    SSL_CTX_set_info_callback(static_cast<SSL_CTX*>(ctx), on_tls_info);
    return CURLE_OK;
}

bool trust_failure(CURLcode rc) { return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE; }

// A request's TLS failure may be trust or a failed handshake; both are worth a look at --cacert.
bool tls_hint(CURLcode rc) { return trust_failure(rc) || rc == CURLE_SSL_CONNECT_ERROR; }

}  // namespace

std::optional<std::string> Response::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (util::iequals(k, name)) return v;
    }
    return std::nullopt;
}

std::string Response::content_type() const {
    const std::string ct = header("content-type").value_or("");
    return util::to_lower(util::trim(std::string_view(ct).substr(0, ct.find(';'))));
}

std::optional<long> parse_retry_after(std::string_view value, long long now_unix) {
    value = util::trim(value);
    if (value.empty()) return std::nullopt;
    bool digits = true;
    for (char c : value) digits = digits && c >= '0' && c <= '9';
    if (digits) {
        if (value.size() > 9) return std::nullopt;
        return std::stol(std::string(value)) * 1000;
    }
    std::tm tm{};
    const std::string s(value);
    if (!strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
    const long long at = timegm(&tm);
    return at <= now_unix ? 0 : static_cast<long>((at - now_unix) * 1000);
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (s.empty()) continue;
        for (size_t pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos)) {
            text.replace(pos, s.size(), "[REDACTED]");
            pos += 10;
        }
    }
    return text;
}

Client::Client(HttpOptions opts)
    : m_opts(std::move(opts)), m_budget(std::make_shared<std::atomic<long>>(m_opts.retry_budget_ms)) {
    curl_global();
    m_curl = curl_easy_init();
}

Client::~Client() {
    if (m_curl) curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

bool Client::take_budget(long ms) {
    long left = m_budget->load();
    while (ms <= left && !m_budget->compare_exchange_weak(left, left - ms)) {
    }
    return ms <= left;
}

Result<Response> Client::send(const Request& req) {
    int retries = 0;
    std::vector<std::string> seen;
    bool limited = false;
    for (;;) {
        if (cancelled()) return fail("interrupted", "interrupted");
        auto r = send_once(req);
        if (!r) return r;
        const bool retryable = r->status == 429 || (r->status == 503 && r->header("retry-after"));
        if (r->status == 429) limited = true;
        const auto ra = r->header("retry-after");
        if (ra) seen.push_back(*ra);
        const long wait = ra ? parse_retry_after(*ra, util::now()).value_or(1000) : 1000;
        if (!retryable || retries >= m_opts.max_retries || !take_budget(wait)) {
            r->retries = retries;
            r->retry_after = seen;
            r->rate_limited = limited;
            return r;
        }
        if (m_opts.trace) m_opts.trace("* waiting " + std::to_string(wait) + " ms (Retry-After) before retrying\n");
        for (long waited = 0; waited < wait; waited += 50) {
            if (cancelled()) return fail("interrupted", "interrupted");
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50L, wait - waited)));
        }
        ++retries;
    }
}

Result<Response> Client::send_once(const Request& req) {
    CURL* c = static_cast<CURL*>(m_curl);
    if (!c) return i18n::failure("scim_unreachable", N_("libcurl could not be initialised"));
    curl_easy_reset(c);
    Response resp;
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, m_opts.timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(m_opts.timeout_ms, 10000L));
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a 302 is a finding, never followed
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    apply_tls(c, m_opts);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    long version = CURL_HTTP_VERSION_2TLS;  // h2 where ALPN offers it, HTTP/1.1 otherwise
    if (m_opts.http_version == "1.1") version = CURL_HTTP_VERSION_1_1;
    else if (m_opts.http_version == "2") version = util::starts_with(req.url, "https:") ? CURL_HTTP_VERSION_2_0 : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, version);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ssoctl-scim-probe");
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (req.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (req.body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body->data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body->size()));
    }
    curl_slist* list = nullptr;
    for (const auto& [k, v] : req.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &resp.headers);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, m_opts.cancel);

    if (m_opts.trace) m_opts.trace(trace_block(m_opts, "> " + req.method + " " + req.url, req.headers, req.body.value_or("")));
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(list);
    // An answer that arrived is kept even when a signal came meanwhile: a 201's id must reach the cleanup.
    if (rc == CURLE_ABORTED_BY_CALLBACK || (rc != CURLE_OK && cancelled())) return fail("interrupted", "interrupted");
    if (rc != CURLE_OK) {
        const std::string what = curl_easy_strerror(rc), url = redact(req.url, m_opts.secret_values);
        if (m_opts.trace) m_opts.trace("* " + what + (tls_hint(rc) ? "; check --cacert" : "") + "\n");
        return tls_hint(rc) ? i18n::failure("scim_unreachable", N_("{} {}: {}; check --cacert"), {req.method, url, what})
                            : i18n::failure("scim_unreachable", N_("{} {}: {}"), {req.method, url, what});
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
    double total = 0;
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &total);
    resp.elapsed_ms = total * 1000;
    long hv = 0;
    curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &hv);
    resp.http_version = hv == CURL_HTTP_VERSION_2_0 ? "2" : hv == CURL_HTTP_VERSION_3 ? "3" : "1.1";
    if (m_opts.trace) {
        m_opts.trace(trace_block(m_opts, "< HTTP/" + resp.http_version + " " + std::to_string(resp.status), resp.headers,
                                 m_opts.mask_body ? m_opts.mask_body(resp.body) : resp.body));
    }
    return resp;
}

Result<TlsFacts> tls12_handshake(const std::string& url, const HttpOptions& opts, const std::string& ciphers) {
    curl_global();
    std::unique_ptr<CURL, void (*)(CURL*)> c(curl_easy_init(), curl_easy_cleanup);
    if (!c) return i18n::failure("scim_tls_incompatible", N_("libcurl could not be initialised"));
    char err[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(c.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c.get(), CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c.get(), CURLOPT_CONNECTTIMEOUT_MS, std::min(opts.timeout_ms, 10000L));
    curl_easy_setopt(c.get(), CURLOPT_ERRORBUFFER, err);
    apply_tls(c.get(), opts);
    curl_easy_setopt(c.get(), CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_2));
    curl_easy_setopt(c.get(), CURLOPT_SSL_CIPHER_LIST, ciphers.c_str());
    TlsFacts facts;
    curl_easy_setopt(c.get(), CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
    curl_easy_setopt(c.get(), CURLOPT_SSL_CTX_DATA, &facts);
    const CURLcode rc = curl_easy_perform(c.get());
    if (rc != CURLE_OK) {
        const std::string why = err[0] ? std::string(err) : std::string(curl_easy_strerror(rc));
        // not for a refused handshake: that is the finding
        return trust_failure(rc) ? i18n::failure("scim_tls_incompatible", N_("{}; check --cacert"), {why}) : fail("scim_tls_incompatible", why);
    }
    return facts;
}

}  // namespace ssoctl::scim
