// Finding (one problem, with code, bilingual message, hint, location, expected/actual) and Report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/code.hpp"
#include "util/result.hpp"

namespace ssoctl::diag {

/** A text in both languages; `ja` falls back to `en` when empty. */
struct Text {
    std::string en;
    std::string ja{};  // `{value}` alone: the same text in both languages (a value, not a phrase)
    const std::string& in(Lang lang) const { return lang == Lang::ja && !ja.empty() ? ja : en; }
    bool empty() const { return en.empty(); }
};

struct Finding {
    Code code;
    Severity severity;
    Text message;   // what: lowercase start, quotes the offending value
    Text hint;      // next action; empty -> the registry hint of the code
    std::string location;  // XPath-like path or source name
    std::optional<std::string> expected;
    std::optional<std::string> actual;
    std::string expected_ja;  // `expected` in Japanese when ssoctl words it ("at or after …"); empty: `expected` as it is
    std::string actual_ja;    // the same for `actual` ("inside md:Extensions", "no attributes")
    std::string location_ja;  // `location` in Japanese when it is described in words, not a path

    std::string_view hint_in(Lang lang) const;
    /** `expected` in `lang` (call only when it is set). */
    std::string_view expected_in(Lang lang) const;
    /** Sets `expected` to ssoctl's own words, in both languages. */
    void expect(const Text& t) {
        expected = t.en;
        expected_ja = t.ja;
    }
    /** `actual` in `lang` (call only when it is set). */
    std::string_view actual_in(Lang lang) const;
    /** Sets `actual` to ssoctl's own words, in both languages. */
    void observe(const Text& t) {
        actual = t.en;
        actual_ja = t.ja;
    }
    /** `location` in `lang`. */
    std::string_view location_in(Lang lang) const { return lang == Lang::ja && !location_ja.empty() ? location_ja : location; }
    /** Sets `location` to words (a metadata entity and role, not an XML path), in both languages. */
    void place(const Text& t) {
        location = t.en;
        location_ja = t.ja;
    }
};

/** Builds a finding with the registry's default severity. */
Finding make_finding(Code code, Text message, Text hint = {});

/** All findings of a run, in the order the checks ran. */
class Report {
public:
    Finding& add(Finding f);
    Finding& add(Code code, Text message, Text hint = {});
    /** A run-stopping Error (from Result) as a finding; unknown codes become malformed_input. */
    Finding& add(const Error& e);

    const std::vector<Finding>& findings() const { return m_findings; }
    /** What a person reads (text and JSON): per code the first kShownPerCode findings, then one
     *  finding of that code that counts the rest (STYLE rule 38). The report keeps all of them:
     *  counts, verdicts and exit statuses are computed from `findings()`. */
    std::vector<Finding> shown() const;
    static constexpr size_t kShownPerCode = 10;
    std::vector<Finding>& findings() { return m_findings; }
    bool has(Code code) const;
    bool has_errors() const;
    size_t count(Severity s) const;
    /** --strict: every warning becomes an error. */
    void apply_strict();
    void append(const Report& other);

private:
    std::vector<Finding> m_findings;
};

}  // namespace ssoctl::diag
