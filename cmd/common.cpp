// Shared CLI plumbing: the one place that decides colour, language and how input is read.
#include "common.hpp"

#include "pager.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <curl/curl.h>
#include <dlfcn.h>
#include <libxml/parser.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <rang.hpp>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xmlsec/version.h>
#include <xmlsec/xmlsec.h>


#include "i18n/i18n.hpp"
#include "report/findings.hpp"
#include "util/file.hpp"
#include "util/strings.hpp"

extern const char* const kSsoctlGitDescribe;  // generated at build time by cmake/git-describe.cmake

namespace ssoctl::cmd {
namespace {

bool env_set(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

diag::Lang lang_from_env() {
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return util::starts_with(v, "ja") ? diag::Lang::ja : diag::Lang::en;
    }
    return diag::Lang::en;
}

// Bold and the six hues that read on light and dark themes alike; never white, gray or black
// (scripts/itest-screen fails on SGR 37/97 in --color always output).
void paint(std::ostream& os, report::Style s) {
    using report::Style;
    switch (s) {
        case Style::reset: os << rang::style::reset; break;
        case Style::bold: os << rang::style::bold; break;
        case Style::dim: break;  // faint text vanishes on some themes: plain
        case Style::error: os << rang::fg::red << rang::style::bold; break;
        case Style::warning: os << rang::fg::yellow << rang::style::bold; break;
        case Style::ok: os << rang::fg::green << rang::style::bold; break;
        case Style::info: os << rang::fg::cyan; break;
        case Style::label: break;  // rang's gray is SGR 37 (white): invisible on a light theme
        case Style::value: os << rang::fg::cyan; break;
    }
}

size_t env_size(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return 0;
    char* end = nullptr;
    const unsigned long n = std::strtoul(v, &end, 10);
    return *end == '\0' && n > 0 && n < 10000 ? n : 0;
}

// The terminal's size: $COLUMNS / $LINES when set (also for a pipe: the caller asked for it), else
// TIOCGWINSZ on stdout; no wrapping when stdout is not a terminal and COLUMNS is unset.
void terminal_size(Output& out) {
    out.columns = env_size("COLUMNS");
    out.rows = env_size("LINES");
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        if (!out.columns) out.columns = ws.ws_col;
        if (!out.rows) out.rows = ws.ws_row;
    }
    if (!out.rows) out.rows = 24;
}

}  // namespace

CLI::Option* add_timeout(CLI::App* app, double& seconds, const char* description) {
    return app->add_option("--timeout", seconds, description)->check(CLI::Range(0.1, 600.0))->type_name("SECONDS");
}

void add_common(CLI::App* app, CommonOptions& opts, std::vector<std::string> formats) {
    app->add_option("--format", opts.format, N_("output format"))
        ->check(CLI::IsMember(formats))
        ->type_name("FORMAT")
        ->group(kGlobalGroup);
    app->add_flag("--json", opts.json, N_("shorthand for --format json"))->group(kGlobalGroup);
    app->add_option("--color", opts.color, N_("colour: auto|always|never (NO_COLOR is respected)"))
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN")
        ->group(kGlobalGroup);
    app->add_option("--lang", opts.lang, N_("language of messages: en|ja (default from LANG/LC_ALL)"))
        ->check(CLI::IsMember({"en", "ja"}))
        ->type_name("LANG")
        ->group(kGlobalGroup);
    app->add_flag("--no-pager", opts.no_pager, N_("never pipe text output through a pager"))->group(kGlobalGroup);
}

Output resolve(const CommonOptions& opts) {
    Output out;
    out.format = opts.json ? "json" : opts.format;
    out.lang = opts.lang.empty() ? lang_from_env() : (opts.lang == "ja" ? diag::Lang::ja : diag::Lang::en);
    bool colour = false;
    if (opts.color == "always") colour = true;
    else if (opts.color == "auto") {
        const char* term = std::getenv("TERM");
        colour = !env_set("NO_COLOR") && isatty(STDOUT_FILENO) && !(term && std::string_view(term) == "dumb");
    }
    rang::setControlMode(colour ? rang::control::Force : rang::control::Off);
    if (colour) out.painter = paint;
    out.page = !out.json() && !opts.no_pager && isatty(STDOUT_FILENO);
    terminal_size(out);
    return out;
}

report::TextOut Output::text(std::ostream& os) const {
    if (page && &os == &std::cout) start_pager();
    return report::TextOut(os, painter, lang, columns, rows);
}

void print_json(const nlohmann::json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

Result<std::string> read_file(const std::string& path, size_t max_bytes) { return util::read_file(path, max_bytes); }

Result<std::string> read_input(const std::string& path, size_t max_bytes) {
    if (path.empty()) {
        if (isatty(STDIN_FILENO)) throw UsageError(i18n::text(N_("no input: give a FILE, '-' for stdin, or pipe a message in")));
        return read_file("-", max_bytes);
    }
    return read_file(path, max_bytes);
}

int fail_run(const Error& e, std::string_view command, const Output& out) {
    std::cerr << util::visible("ssoctl: " + e.code + ": " + i18n::error_text(e, out.lang)) << '\n';
    if (out.json()) {
        diag::Report report;
        report.add(i18n::localized(e));
        print_json(report::envelope(command, report, out.lang));
    }
    return kExitRuntime;
}

util::UnixTime resolve_now(const std::string& now_flag) {
    if (now_flag.empty()) return util::now();
    auto t = util::parse_rfc3339(now_flag);
    if (!t) throw UsageError(i18n::text(N_("--now: '{}' is not an RFC 3339 time such as 2026-01-15T10:00:00Z"), {{util::visible(now_flag)}}));
    return *t;
}

namespace {

// "21004" -> "2.10.4"
std::string dotted(const char* number) {
    const long n = number ? std::strtol(number, nullptr, 10) : 0;
    return std::to_string(n / 10000) + "." + std::to_string(n / 100 % 100) + "." + std::to_string(n % 100);
}

// The version in the file name the dynamic loader resolved `symbol` from (libxmlsec1.so.1.2.37).
std::string loaded_version(const void* symbol) {
    Dl_info info{};
    if (!dladdr(symbol, &info) || !info.dli_fname) return {};
    char resolved[PATH_MAX];
    if (!realpath(info.dli_fname, resolved)) return {};
    const std::string path(resolved);
    const size_t so = path.rfind(".so.");
    return so == std::string::npos ? std::string() : path.substr(so + 4);
}

}  // namespace

std::string version_text() {
    std::string out = std::string("ssoctl ") + SSOCTL_VERSION;
    if (*kSsoctlGitDescribe) out += std::string(" (git ") + kSsoctlGitDescribe + ")";
    out += "\n  libxml2  " + dotted(xmlParserVersion);
    std::string xmlsec = loaded_version(reinterpret_cast<const void*>(&xmlSecInit));
    out += "\n  xmlsec   " + (xmlsec.empty() ? std::string(XMLSEC_VERSION) + " (built with)" : xmlsec) + " (" + reinterpret_cast<const char*>(xmlSecGetDefaultCrypto()) + ")";
    std::string openssl = OpenSSL_version(OPENSSL_VERSION);  // "OpenSSL 3.0.19 27 Jan 2026"
    if (openssl.rfind("OpenSSL ", 0) == 0) openssl.erase(0, 8);
    out += "\n  OpenSSL  " + openssl;
    // libcurl is dlopen()ed on first network use (lib/util/curl_lazy.cpp); ask the same library.
    void* curl = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    using VersionInfo = curl_version_info_data* (*)(CURLversion);
    auto info = curl ? reinterpret_cast<VersionInfo>(dlsym(curl, "curl_version_info")) : nullptr;
    if (const curl_version_info_data* v = info ? info(CURLVERSION_NOW) : nullptr) {
        out += std::string("\n  libcurl  ") + v->version + (v->ssl_version ? std::string(" (") + v->ssl_version + ")" : "") +
               ", loaded on first network use";
    } else {
        const char* why = curl ? "no curl_version_info" : dlerror();
        out += "\n  libcurl  not loadable (" + std::string(why ? why : "libcurl.so.4") +
               "); metadata URLs, cert-expiry https:// and scim-probe will fail: apt install libcurl4";
    }
    return out;
}

int exit_for(const diag::Report& report) { return report.has_errors() ? kExitFindings : kExitOk; }

}  // namespace ssoctl::cmd
