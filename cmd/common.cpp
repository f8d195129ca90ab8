// Shared CLI plumbing: the one place that decides colour, language and how input is read.
#include "common.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <rang.hpp>
#include <unistd.h>

#include "report/findings.hpp"
#include "util/file.hpp"
#include "util/strings.hpp"

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

void paint(std::ostream& os, report::Style s) {
    using report::Style;
    switch (s) {
        case Style::reset: os << rang::style::reset; break;
        case Style::bold: os << rang::style::bold; break;
        case Style::dim: os << rang::style::dim; break;
        case Style::error: os << rang::fg::red << rang::style::bold; break;
        case Style::warning: os << rang::fg::yellow << rang::style::bold; break;
        case Style::ok: os << rang::fg::green << rang::style::bold; break;
        case Style::info: os << rang::fg::cyan; break;
        case Style::label: os << rang::fg::gray; break;
        case Style::value: os << rang::fg::cyan; break;
    }
}

}  // namespace

void add_common(CLI::App* app, CommonOptions& opts, std::vector<std::string> formats) {
    const std::string list = util::join(formats, "|");
    app->add_option("--format", opts.format, "output format: " + list)
        ->check(CLI::IsMember(formats))
        ->type_name("FORMAT")
        ->group("Output");
    app->add_flag("--json", opts.json, "shorthand for --format json")->group("Output");
    app->add_option("--color", opts.color, "colour: auto|always|never (NO_COLOR is respected)")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN")
        ->group("Output");
    app->add_option("--lang", opts.lang, "language of messages: en|ja (default from LANG/LC_ALL)")
        ->check(CLI::IsMember({"en", "ja"}))
        ->type_name("LANG")
        ->group("Output");
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
    return out;
}

void print_json(const nlohmann::json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

Result<std::string> read_file(const std::string& path, size_t max_bytes) { return util::read_file(path, max_bytes); }

Result<std::string> read_input(const std::string& path, size_t max_bytes) {
    if (path.empty()) {
        if (isatty(STDIN_FILENO)) throw UsageError("no input: give a FILE, '-' for stdin, or pipe a message in");
        return read_file("-", max_bytes);
    }
    return read_file(path, max_bytes);
}

int fail_run(const Error& e, std::string_view command, const Output& out) {
    std::string line = "ssoctl: " + e.code + ": " + e.message;
    if (!e.detail.empty()) line += " (" + e.detail + ")";
    std::cerr << util::visible(line) << '\n';
    if (out.json()) {
        diag::Report report;
        report.add(e);
        print_json(report::envelope(command, report, out.lang));
    }
    return kExitRuntime;
}

util::UnixTime resolve_now(const std::string& now_flag) {
    if (now_flag.empty()) return util::now();
    auto t = util::parse_rfc3339(now_flag);
    if (!t) throw UsageError("--now: '" + util::visible(now_flag) + "' is not an RFC 3339 time such as 2026-01-15T10:00:00Z");
    return *t;
}

int exit_for(const diag::Report& report) { return report.has_errors() ? kExitFindings : kExitOk; }

}  // namespace ssoctl::cmd
