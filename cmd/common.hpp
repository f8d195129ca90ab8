// What every subcommand shares: common flags, output setup (format, colour, language), input reading.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "diag/finding.hpp"
#include "report/style.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace ssoctl::cmd {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRuntime = 3;
inline constexpr int kExitInterrupted = 130;

/** Thrown from a runner for a usage problem found after parsing (exit 2). Build the message with
 *  i18n::text() so that it reads in the reader's language; a plain string stays English. */
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
    explicit UsageError(diag::Text message) : std::runtime_error(message.en), text(std::move(message)) {}
    diag::Text text;  // empty: what() only
};

struct CommonOptions {
    std::string format = "text";
    bool json = false;
    std::string color = "auto";
    std::string lang;
    bool no_pager = false;
};

/** The help group of the options add_common() adds; these may also stand before the command. */
inline constexpr const char* kGlobalGroup = N_("Output");

/** Adds --timeout SECONDS, the same for every command that fetches: 0.1 to 600, fractions allowed.
 *  `description` is an N_() literal that names the default. */
CLI::Option* add_timeout(CLI::App* app, double& seconds, const char* description);

/** Adds --format (from `formats`), --json, --color, --lang, --no-pager. */
void add_common(CLI::App* app, CommonOptions& opts, std::vector<std::string> formats = {"text", "json"});

/** The resolved output: format, language, painter for stdout. */
struct Output {
    std::string format;
    diag::Lang lang = diag::Lang::en;
    report::Painter painter;
    bool page = false;  // text to a terminal without --no-pager: Output::text(std::cout) starts the pager
    size_t columns = 0;  // wrap text to this width: $COLUMNS, else the terminal's; 0 (a pipe) = never
    size_t rows = 24;    // one screen: $LINES, else the terminal's; 24 when unknown
    bool json() const { return format == "json"; }
    report::TextOut text(std::ostream& os) const;
};
Output resolve(const CommonOptions& opts);

/** Dumps JSON to stdout (invalid UTF-8 replaced, never thrown), with a trailing newline. */
void print_json(const nlohmann::json& j);

/** Reads FILE, '-' (stdin) or stdin when nothing is given and stdin is not a terminal.
 *  At most `max_bytes`: more -> `input_too_large`. No input at all -> UsageError. */
Result<std::string> read_input(const std::string& path, size_t max_bytes = (10u << 20));
Result<std::string> read_file(const std::string& path, size_t max_bytes = (64u << 20));

/** Reports an error that stopped the run: a line on stderr, the envelope on stdout for JSON. Returns 3. */
int fail_run(const Error& e, std::string_view command, const Output& out);

/** --now RFC3339 or the clock (SSOCTL_NOW for tests). Bad value -> UsageError. */
util::UnixTime resolve_now(const std::string& now_flag);

/** `ssoctl --version`: the version (plus git describe when built from a checkout) and the versions of
 *  libxml2, xmlsec, OpenSSL and libcurl in use at run time (libcurl is loaded on demand). */
std::string version_text();

/** Exit status for a finished report: 1 with an error finding, else 0. */
int exit_for(const diag::Report& report);

}  // namespace ssoctl::cmd
