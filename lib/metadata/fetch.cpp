// libcurl GET for metadata URLs; gzip accepted, certificate and host name always verified.
#include "metadata/fetch.hpp"

#include <curl/curl.h>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"

namespace ssoctl::metadata {
namespace {

struct Sink {
    std::string data;
    size_t max = 0;
    bool too_large = false;
};

size_t on_data(char* ptr, size_t size, size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t len = size * n;
    if (sink->data.size() + len > sink->max) {
        sink->too_large = true;
        return 0;
    }
    sink->data.append(ptr, len);
    return len;
}

}  // namespace

bool is_url(std::string_view s) {
    const std::string lower = util::to_lower(s.substr(0, 8));
    return util::starts_with(lower, "http://") || util::starts_with(lower, "https://");
}

Result<std::string> fetch(const std::string& url, const FetchOptions& opts) {
    static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (init != CURLE_OK) return i18n::failure("io_error", N_("cannot initialise libcurl"));
    CURL* curl = curl_easy_init();
    if (!curl) return i18n::failure("io_error", N_("cannot initialise libcurl"));
    Sink sink;
    sink.max = opts.max_bytes;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, opts.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, opts.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!opts.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, opts.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "ssoctl/" SSOCTL_VERSION);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    const std::string shown = util::visible(url);
    if (sink.too_large) return i18n::failure("input_too_large", N_("'{}' is larger than {} bytes"), {shown, std::to_string(opts.max_bytes)});
    if (rc != CURLE_OK) return i18n::failure("io_error", N_("cannot fetch '{}'"), {shown}, *errbuf ? std::string(errbuf) : curl_easy_strerror(rc));
    if (status >= 400) return i18n::failure("io_error", N_("cannot fetch '{}': HTTP {}"), {shown, std::to_string(status)});
    return std::move(sink.data);
}

}  // namespace ssoctl::metadata
