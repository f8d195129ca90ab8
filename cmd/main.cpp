// ssoctl entry point: the command table, global options before the command, usage errors as exit 2
// (with "did you mean" and, under --format json, an envelope), last-resort catch as exit 3.
#include <csignal>
#include <iostream>
#include <map>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "help_lang.hpp"
#include "diag/finding.hpp"
#include "i18n/i18n.hpp"
#include "report/findings.hpp"
#include "util/strings.hpp"
#include "xml/document.hpp"

namespace {

using namespace ssoctl::cmd;
using Registrar = Registration (*)(CLI::App&);

constexpr Registrar kCommands[] = {
    register_decode,
    register_verify_sig,
    register_check_audience,
    register_explain,
    register_validate,
    register_cert_expiry,
    register_metadata,
    register_scim_probe,
    register_completion,
};

size_t distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cur = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
            prev = cur;
        }
    }
    return row[b.size()];
}

// Nearest candidate within 2 edits (or the only one `word` is a prefix of), for "did you mean".
std::string suggest(const std::vector<std::string>& candidates, const std::string& word) {
    std::string best;
    size_t best_distance = 3;
    for (const auto& c : candidates) {
        const size_t d = distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    if (best.empty() && word.size() >= 4) {
        for (const auto& c : candidates) {
            if (c.rfind(word, 0) != 0) continue;
            if (!best.empty()) return {};
            best = c;
        }
    }
    return best;
}

bool is_option_token(const std::string& t) {
    if (t.size() < 2 || t[0] != '-') return false;
    return !(std::isdigit(static_cast<unsigned char>(t[1])) || t[1] == '.');  // -5, -.5 are values
}

std::string option_name(const std::string& t) { return t.substr(0, t.find('=')); }

bool takes_value(const CLI::Option* o) { return o->get_items_expected_max() > 0; }  // flags expect 0

std::vector<std::string> long_names(const CLI::App* app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app->get_options()) {
        for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    }
    return names;
}

/** Everything a usage error needs to report itself. */
struct Invocation {
    std::vector<std::string> args;  // argv[1..], global options moved behind the command
    std::string command;            // the command's name, empty when none was given
    bool json = false;
    ssoctl::diag::Lang lang = ssoctl::diag::Lang::en;
};

// --format json / --json and --lang, read from the words themselves: usage errors happen before parsing.
void read_output_words(Invocation& inv) {
    std::string lang;
    for (size_t i = 0; i < inv.args.size(); ++i) {
        const std::string& a = inv.args[i];
        if (a == "--") break;
        const std::string next = i + 1 < inv.args.size() ? inv.args[i + 1] : "";
        if (a == "--json" || a == "--format=json" || (a == "--format" && next == "json")) inv.json = true;
        if (a.rfind("--lang=", 0) == 0) lang = a.substr(7);
        if (a == "--lang") lang = next;
    }
    CommonOptions opts;
    opts.lang = lang == "ja" || lang == "en" ? lang : "";
    opts.color = "never";
    inv.lang = resolve(opts).lang;
}

using ssoctl::diag::Text;
namespace i18n = ssoctl::i18n;

int usage_error(const Invocation& inv, const Text& message) {
    std::cerr << "ssoctl: " << message.in(inv.lang) << '\n';
    const std::string name = inv.command.empty() ? std::string() : " " + inv.command;
    std::cerr << i18n::trf("run '{}' for usage", inv.lang, {"ssoctl" + name + " --help"}) << '\n';
    if (inv.json) {
        ssoctl::diag::Report report;
        report.add(i18n::error_of("usage_error", message));
        print_json(ssoctl::report::envelope(inv.command.empty() ? "ssoctl" : inv.command, report, inv.lang));
    }
    return kExitUsage;
}

const CLI::App* find_command(const std::vector<Registration>& commands, const std::string& name) {
    for (const auto& c : commands) {
        if (c.app->get_name() == name) return c.app;
    }
    return nullptr;
}

/** Moves global options (the "Output" group every command shares) from before the command to
 *  right after it, so `ssoctl --lang ja decode f` parses as `ssoctl decode --lang ja f`.
 *  Returns a usage message when a word before the command is not a global option. */
Text hoist_globals(Invocation& inv, const CLI::App& app, const std::vector<Registration>& commands) {
    std::map<std::string, bool> globals;  // name -> takes a value
    for (const auto& c : commands) {
        for (const CLI::Option* o : c.app->get_options()) {
            if (o->get_group() != kGlobalGroup) continue;
            for (const auto& n : o->get_lnames()) globals.emplace("--" + n, takes_value(o));
        }
    }
    std::vector<std::string> moved;
    size_t i = 0;
    for (; i < inv.args.size(); ++i) {
        const std::string& a = inv.args[i];
        if (a == "--" || !is_option_token(a)) break;
        const std::string name = option_name(a);
        if (app.get_option_no_throw(name)) return {};  // --help, --version: the top level answers
        const auto g = globals.find(name);
        if (g == globals.end()) {
            std::vector<std::string> candidates = long_names(&app);
            for (const auto& [n, v] : globals) candidates.push_back(n);
            const Text shown{ssoctl::util::visible(name), {}};
            // the command named later on the line, else the first that takes the option
            const CLI::App* owner = nullptr;
            for (size_t k = i + 1; k < inv.args.size() && !owner; ++k) {
                const CLI::App* later = find_command(commands, inv.args[k]);
                if (later && later->get_option_no_throw(name)) owner = later;
            }
            for (const auto& c : commands) {
                if (!owner && c.app->get_option_no_throw(name)) owner = c.app;
            }
            if (owner) {
                return i18n::text(N_("option '{}' belongs after the command: ssoctl {} {} …"), {shown, {owner->get_name()}, shown});
            }
            if (const std::string s = suggest(candidates, name); !s.empty()) return i18n::text(N_("unknown option '{}'; did you mean '{}'?"), {shown, {s}});
            return i18n::text(N_("unknown option '{}'"), {shown});
        }
        moved.push_back(a);
        if (g->second && a.find('=') == std::string::npos && i + 1 < inv.args.size()) moved.push_back(inv.args[++i]);
    }
    if (moved.empty() || i >= inv.args.size() || inv.args[i] == "--") return {};
    std::vector<std::string> out(inv.args.begin() + static_cast<std::ptrdiff_t>(i), inv.args.end());
    out.insert(out.begin() + 1, moved.begin(), moved.end());
    inv.args = std::move(out);
    return {};
}

/** The positional words after the command that its positionals cannot take, in the order given. */
std::vector<std::string> extra_positionals(const Invocation& inv, const CLI::App* command) {
    std::vector<std::string> words;
    bool options_done = false;
    for (size_t i = 1; i < inv.args.size(); ++i) {
        const std::string& a = inv.args[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && is_option_token(a)) {
            const CLI::Option* o = command->get_option_no_throw(option_name(a));
            if (o && takes_value(o) && a.find('=') == std::string::npos) ++i;
            continue;
        }
        words.push_back(a);
    }
    size_t capacity = 0;
    for (const CLI::Option* o : command->get_options()) {
        if (o->get_positional()) capacity += static_cast<size_t>(std::max(0, o->get_items_expected_max()));
    }
    if (capacity >= words.size()) return {};
    return {words.begin() + static_cast<std::ptrdiff_t>(capacity), words.end()};
}

/** Every option word after the command must be one of its own: "did you mean" for a typo, and an
 *  option of another command is refused instead of being taken as the input file. */
Text check_options(const Invocation& inv, const CLI::App* command, const std::vector<Registration>& commands) {
    for (size_t i = 1; i < inv.args.size(); ++i) {
        const std::string& a = inv.args[i];
        if (a == "--") break;
        if (!is_option_token(a)) continue;
        std::string name = option_name(a);
        if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -vx: CLI11 splits short flags
        if (const CLI::Option* o = command->get_option_no_throw(name)) {
            if (takes_value(o) && a.find('=') == std::string::npos && name.size() == a.size()) ++i;
            continue;
        }
        std::vector<std::string> owners;
        for (const auto& c : commands) {
            if (c.app != command && c.app->get_option_no_throw(name)) owners.push_back(c.app->get_name());
        }
        const Text shown{ssoctl::util::visible(name), {}}, cmd{inv.command, {}};
        if (!owners.empty()) {
            const Text list{ssoctl::util::join(owners, ", "), ssoctl::util::join(owners, "、")};
            return owners.size() == 1 ? i18n::text(N_("'{}' does not take {} ({} does)"), {cmd, shown, list})
                                      : i18n::text(N_("'{}' does not take {} ({} do)"), {cmd, shown, list});
        }
        if (const std::string s = suggest(long_names(command), name); !s.empty()) {
            return i18n::text(N_("unknown option '{}' for '{}'; did you mean '{}'?"), {shown, cmd, {s}});
        }
        return i18n::text(N_("unknown option '{}' for '{}'"), {shown, cmd});
    }
    return {};
}

std::string lowercase_first(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

/** `text` split at the first `sep`: the part before and after; nullopt when absent. */
std::optional<std::pair<std::string, std::string>> split_at(const std::string& text, const std::string& sep) {
    const size_t at = text.find(sep);
    if (at == std::string::npos) return std::nullopt;
    return std::make_pair(text.substr(0, at), text.substr(at + sep.size()));
}

/** "0.100000" -> "0.1", "600.000000" -> "600"; anything else as it is. */
std::string tidy_number(std::string n) {
    if (n.find('.') == std::string::npos || n.find_first_not_of("0123456789.-") != std::string::npos) return n;
    while (n.back() == '0') n.pop_back();
    if (n.back() == '.') n.pop_back();
    return n;
}

/** CLI11's own message in both languages: its exception type says which sentence it built, and the
 *  option names and values are read back from it. Unknown shapes keep CLI11's English. */
Text cli11_message(const CLI::ParseError& e) {
    const std::string en = lowercase_first(e.what());
    const std::string raw = e.what();
    // English stays CLI11's own sentence; Japanese is the catalog's, with the words read back from it.
    auto t = [&](const char* msgid, std::initializer_list<std::string> words) {
        const std::vector<std::string> w(words);
        const std::string ja = i18n::tr(msgid, ssoctl::diag::Lang::ja);
        return Text{en, i18n::fmt(ja, {w[0], w.size() > 1 ? w[1] : "", w.size() > 2 ? w[2] : "", w.size() > 3 ? w[3] : ""})};
    };
    if (dynamic_cast<const CLI::ValidationError*>(&e)) {
        // "--format: yaml not in {text,json}", "--skew: Value 99999 not in range 0 to 86400", a check's own words
        if (auto opt = split_at(raw, ": ")) {
            if (auto m = split_at(opt->second, " not in {"); m && !m->second.empty() && m->second.back() == '}') {
                return t(N_("{}: {} not in {{{}}}"), {opt->first, m->first, m->second.substr(0, m->second.size() - 1)});
            }
            if (opt->second.rfind("Value ", 0) == 0) {
                auto m = split_at(opt->second.substr(6), " not in range ");
                if (auto r = m ? split_at(m->second, " to ") : std::nullopt) {
                    // CLI11 prints a double bound as "0.100000": shown as "0.1"
                    const std::string low = tidy_number(r->first), high = tidy_number(r->second);
                    return Text{i18n::fmt(N_("{}: value {} not in range {} to {}"), {opt->first, m->first, low, high}),
                                i18n::trf("{}: value {} not in range {} to {}", ssoctl::diag::Lang::ja, {opt->first, m->first, low, high})};
                }
            }
            // a check of a command whose words are in the catalog (N_ in its ->check())
            if (const std::string ja = i18n::tr(opt->second, ssoctl::diag::Lang::ja); ja != opt->second) return Text{en, opt->first + ": " + ja};
        }
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        // "--lang: At Most 1 required but received 2"
        if (auto opt = split_at(raw, ": At Most ")) {
            if (auto m = split_at(opt->second, " required but received ")) return t(N_("{}: at most {} required but received {}"), {opt->first, m->first, m->second});
        }
        if (auto opt = split_at(raw, ": At least ")) {
            if (auto m = split_at(opt->second, " required but received ")) return t(N_("{}: at least {} required but received {}"), {opt->first, m->first, m->second});
        }
    } else if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (auto m = split_at(raw, " is required"); m && m->second.empty()) return t(N_("{} is required"), {m->first});
    } else if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
        if (auto m = split_at(raw, " excludes ")) return t(N_("{} excludes {}"), {m->first, m->second});
    } else if (dynamic_cast<const CLI::RequiresError*>(&e)) {
        if (auto m = split_at(raw, " requires ")) return t(N_("{} requires {}"), {m->first, m->second});
    } else if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        if (auto m = split_at(raw, "Could not convert: ")) {
            if (auto v = split_at(m->second, " = ")) return t(N_("could not convert: {} = {}"), {v->first, v->second});
        }
    }
    return Text{en, {}};
}

std::string quoted_list(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "'" : " '") + ssoctl::util::visible(w) + "'";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    ssoctl::xml::harden_globals();
    CLI::App app{N_("ssoctl — SSO (SAML) and SCIM diagnostics for admins, CI and support engineers"), "ssoctl"};
    app.require_subcommand(1);
    app.add_flag_function("--version", [](std::int64_t) { throw CLI::CallForVersion(version_text(), 0); }, N_("print the version and the libraries in use, then exit"));
    app.footer(
        N_("Global options (--format, --json, --color, --lang, --no-pager) may also stand before the command.\n\n"
        "EXIT STATUS\n  0 no errors found   1 errors found   2 usage error   3 input/IO/network failure   130 interrupted\n\n"
        "EXAMPLES\n  # decode a pasted SAMLResponse\n  ssoctl decode testdata/saml/paste/okta.b64\n\n"
        "  # the same in Japanese\n  ssoctl --lang ja decode testdata/saml/paste/okta.b64\n\n"
        "Run 'ssoctl <command> --help' for a command's flags and examples; 'ssoctl explain' lists every finding code."));

    std::vector<Registration> commands;
    for (Registrar r : kCommands) commands.push_back(r(app));

    Invocation inv;
    inv.args.assign(argv + 1, argv + argc);
    read_output_words(inv);
    if (Text message = hoist_globals(inv, app, commands); !message.empty()) return usage_error(inv, message);

    const CLI::App* command = nullptr;
    if (!inv.args.empty() && !is_option_token(inv.args[0]) && inv.args[0] != "--") {
        command = find_command(commands, inv.args[0]);
        if (!command) {
            std::vector<std::string> names;
            for (const auto& c : commands) names.push_back(c.app->get_name());
            const Text word{ssoctl::util::visible(inv.args[0]), {}};
            if (const std::string s = suggest(names, inv.args[0]); !s.empty()) {
                return usage_error(inv, i18n::text(N_("unknown command '{}'; did you mean '{}'?"), {word, {s}}));
            }
            return usage_error(inv, i18n::text(N_("unknown command '{}'"), {word}));
        }
        inv.command = command->get_name();
        if (Text message = check_options(inv, command, commands); !message.empty()) return usage_error(inv, message);
    }

    std::vector<std::string> reversed(inv.args.rbegin(), inv.args.rend());  // CLI11 takes them last first
    try {
        app.parse(reversed);
    } catch (const CLI::CallForVersion& e) {
        std::cout << e.what() << '\n';
        return kExitOk;
    } catch (const CLI::Success& e) {  // --help, --help-all
        localize_help(app, inv.lang);
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (e.get_name() == "RequiredError" && !command) {  // no command (perhaps only global options): the overview
            if (inv.json) return usage_error(inv, i18n::text(N_("no command given")));  // a script gets the JSON envelope
            localize_help(app, inv.lang);
            std::cout << app.help();
            return kExitUsage;
        }
        if (dynamic_cast<const CLI::ExtrasError*>(&e) && command) {
            const std::vector<std::string> extra = extra_positionals(inv, command);
            if (!extra.empty()) {
                const Text list{quoted_list(extra), {}};
                return usage_error(inv, extra.size() == 1 ? i18n::text(N_("unexpected argument {}"), {list}) : i18n::text(N_("unexpected arguments {}"), {list}));
            }
        }
        return usage_error(inv, cli11_message(e));
    }

    for (const auto& c : commands) {
        if (!c.app->parsed()) continue;
        try {
            return c.run();
        } catch (const UsageError& e) {
            return usage_error(inv, e.text.empty() ? Text{e.what(), {}} : e.text);
        } catch (const std::exception& e) {
            std::cerr << "ssoctl: " << i18n::trf("internal error: {}", inv.lang, {e.what()}) << '\n';
            return kExitRuntime;
        }
    }
    return kExitUsage;
}
