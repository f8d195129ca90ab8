// libcurl, loaded on first use. Linking libcurl pulls in about 25 shared libraries (GnuTLS,
// Kerberos, LDAP, SSH, RTMP …) whose loading and constructors cost ~11 ms at every start, while
// only `scim-probe`, metadata URLs and `cert-expiry https://…` touch the network. These
// definitions of the libcurl entry points ssoctl uses forward to the library dlopen()ed the
// first time one is called; every call site keeps the plain libcurl API.
#include <dlfcn.h>

#include <cstdarg>
#include <mutex>

#include <curl/curl.h>

// the GCC type-checking wrappers of <curl/typecheck-gcc.h> are macros with the real names
#undef curl_easy_setopt
#undef curl_easy_getinfo

namespace {

struct Api {
    CURLcode (*global_init)(long) = nullptr;
    CURL* (*easy_init)() = nullptr;
    void (*easy_cleanup)(CURL*) = nullptr;
    void (*easy_reset)(CURL*) = nullptr;
    CURLcode (*easy_perform)(CURL*) = nullptr;
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
    const char* (*easy_strerror)(CURLcode) = nullptr;
    curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
    void (*slist_free_all)(curl_slist*) = nullptr;
    bool ok = false;
};

template <typename Fn>
bool bind(void* lib, Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(dlsym(lib, name));
    return fn != nullptr;
}

const Api& api() {
    static Api a;
    static std::once_flag once;
    std::call_once(once, [] {
        void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) return;
        a.ok = bind(lib, a.global_init, "curl_global_init") && bind(lib, a.easy_init, "curl_easy_init") &&
               bind(lib, a.easy_cleanup, "curl_easy_cleanup") && bind(lib, a.easy_reset, "curl_easy_reset") &&
               bind(lib, a.easy_perform, "curl_easy_perform") && bind(lib, a.easy_setopt, "curl_easy_setopt") &&
               bind(lib, a.easy_getinfo, "curl_easy_getinfo") && bind(lib, a.easy_strerror, "curl_easy_strerror") &&
               bind(lib, a.slist_append, "curl_slist_append") && bind(lib, a.slist_free_all, "curl_slist_free_all");
    });
    return a;
}

}  // namespace

extern "C" {

CURLcode curl_global_init(long flags) { return api().ok ? api().global_init(flags) : CURLE_FAILED_INIT; }

// Without libcurl every handle is null: callers already treat that as "libcurl could not be initialised".
CURL* curl_easy_init() { return api().ok ? api().easy_init() : nullptr; }

void curl_easy_cleanup(CURL* c) {
    if (c && api().ok) api().easy_cleanup(c);
}

void curl_easy_reset(CURL* c) {
    if (c && api().ok) api().easy_reset(c);
}

CURLcode curl_easy_perform(CURL* c) { return c && api().ok ? api().easy_perform(c) : CURLE_FAILED_INIT; }

// One argument follows the option; its type is given by the option's number range, as in libcurl.
CURLcode curl_easy_setopt(CURL* c, CURLoption option, ...) {
    if (!c || !api().ok) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, option);
    CURLcode rc;
    if (option < CURLOPTTYPE_OBJECTPOINT) rc = api().easy_setopt(c, option, va_arg(ap, long));
    else if (option < CURLOPTTYPE_OFF_T) rc = api().easy_setopt(c, option, va_arg(ap, void*));  // object and function pointers
    else if (option < CURLOPTTYPE_BLOB) rc = api().easy_setopt(c, option, va_arg(ap, curl_off_t));
    else rc = api().easy_setopt(c, option, va_arg(ap, void*));
    va_end(ap);
    return rc;
}

// Every CURLINFO takes one pointer.
CURLcode curl_easy_getinfo(CURL* c, CURLINFO info, ...) {
    if (!c || !api().ok) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, info);
    const CURLcode rc = api().easy_getinfo(c, info, va_arg(ap, void*));
    va_end(ap);
    return rc;
}

const char* curl_easy_strerror(CURLcode rc) { return api().ok ? api().easy_strerror(rc) : "libcurl (libcurl.so.4) could not be loaded"; }

curl_slist* curl_slist_append(curl_slist* list, const char* s) { return api().ok ? api().slist_append(list, s) : list; }

void curl_slist_free_all(curl_slist* list) {
    if (list && api().ok) api().slist_free_all(list);
}

}  // extern "C"
