// Personal values are collected from the model first (document order, as the XML redactor numbers
// them), then replaced wherever a finding quotes them, bounded so a short value does not eat a word.
#include "validate/redact.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "util/strings.hpp"

namespace ssoctl::validate {
namespace {

bool word_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '@'; }

class Scrubber {
public:
    explicit Scrubber(capture::Redactor& r) : m_r(r) {}

    /** Structural values (IDs, issuers, audiences, endpoints) that free text keeps even when a
     *  personal field repeats them (Okta's SessionIndex is the assertion's ID; Entra's
     *  identityprovider attribute is the Issuer). */
    void keep(const std::string& v) {
        if (!v.empty()) m_keep.push_back(v);
    }

    /** The placeholder for a personal value, remembered for free text. */
    void value(std::string& v, std::string_view kind, std::string_view where) {
        const std::string trimmed(util::trim(v));
        if (trimmed.empty() || util::starts_with(trimmed, "redacted-")) return;
        std::string p = m_r.placeholder(kind, trimmed, where);
        remember(trimmed, p);
        v = std::move(p);
    }

    void remember(const std::string& value, const std::string& placeholder) {
        if (value.empty() || value == placeholder || std::find(m_keep.begin(), m_keep.end(), value) != m_keep.end()) return;
        m_pairs.emplace_back(value, placeholder);
        m_sorted = false;
    }

    /** Free text: every remembered value (longest first, as a whole word), then email addresses;
     *  the structural values it quotes (an Issuer URL that contains a tenant ID) stay as they are. */
    void text(std::string& s, std::string_view where) {
        if (s.empty()) return;
        if (!m_sorted) {
            std::sort(m_pairs.begin(), m_pairs.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
            m_sorted = true;
        }
        std::vector<bool> kept(s.size(), false);
        for (const auto& k : m_keep) {
            for (size_t at = s.find(k); k.size() >= 4 && at != std::string::npos; at = s.find(k, at + k.size())) {
                std::fill(kept.begin() + static_cast<std::ptrdiff_t>(at), kept.begin() + static_cast<std::ptrdiff_t>(at + k.size()), true);
            }
        }
        std::string out;
        for (size_t i = 0; i < s.size();) {
            size_t j = i;
            while (j < s.size() && kept[j] == kept[i]) ++j;
            std::string part = s.substr(i, j - i);
            out += kept[i] ? part : scrub(part, where);
            i = j;
        }
        s = std::move(out);
    }

    /** An expected/actual value: the placeholder when it is one personal value, else free text. */
    void whole(std::optional<std::string>& s, std::string_view where) {
        if (!s) return;
        const std::string trimmed(util::trim(*s));
        for (const auto& [value, placeholder] : m_pairs) {
            if (value == trimmed) {
                *s = placeholder;
                return;
            }
        }
        text(*s, where);
    }

private:
    std::string scrub(std::string s, std::string_view where) {
        for (const auto& [value, placeholder] : m_pairs) {
            if (value.size() < 2) continue;
            size_t at = 0;
            while ((at = s.find(value, at)) != std::string::npos) {
                const size_t end = at + value.size();
                const bool bounded = (at == 0 || !word_char(s[at - 1]) || !word_char(value.front())) &&
                                     (end == s.size() || !word_char(s[end]) || !word_char(value.back()));
                if (!bounded) {
                    at = end;
                    continue;
                }
                s.replace(at, value.size(), placeholder);
                at += placeholder.size();
            }
        }
        return m_r.text(s, where);
    }

    capture::Redactor& m_r;
    std::vector<std::pair<std::string, std::string>> m_pairs;
    std::vector<std::string> m_keep;
    bool m_sorted = false;
};

void scrub_name_id(Scrubber& s, std::optional<saml::NameId>& id) {
    if (id) s.value(id->value, "nameid", "NameID");
}

void scrub_report(Scrubber& s, diag::Report& report) {
    for (auto& f : report.findings()) {
        const std::string where(diag::name(f.code));
        s.text(f.message.en, where);
        s.text(f.message.ja, where);
        s.text(f.hint.en, where);
        s.text(f.hint.ja, where);
        s.whole(f.expected, where);
        s.text(f.expected_ja, where);
        s.whole(f.actual, where);
        s.text(f.actual_ja, where);
    }
}

}  // namespace

void redact(capture::Redactor& r, diag::Report& report) {
    Scrubber s(r);
    scrub_report(s, report);
}

void redact(capture::Redactor& r, saml::Message& m, Validation& v, capture::Item* item) {
    Scrubber s(r);
    for (const std::string* v : {&m.id, &m.in_response_to, &m.issuer, &m.destination, &m.acs_url}) s.keep(*v);
    for (const auto& a : m.assertions) {
        s.keep(a.id);
        s.keep(a.issuer);
        for (const auto& aud : a.conditions.audiences) s.keep(aud);
        for (const auto& c : a.confirmations) s.keep(c.recipient);
    }
    for (auto& a : m.assertions) {
        scrub_name_id(s, a.name_id);
        for (auto& c : a.confirmations) s.value(c.address, "address", "SubjectConfirmationData@Address");
        s.value(a.authn.session_index, "session_index", "AuthnStatement@SessionIndex");
        for (auto& attr : a.attributes) {
            for (auto& value : attr.values) s.value(value, "attribute", "Attribute " + attr.name);
        }
    }
    scrub_name_id(s, m.name_id);
    for (auto& idx : m.session_indexes) s.value(idx, "session_index", "SessionIndex");
    if (item) {
        const std::optional<std::string> relay_state = item->relay_state;
        item->xml.clear();  // not shown by validate; the model above is what is rendered
        r.item(*item);
        if (relay_state && item->relay_state) s.remember(*relay_state, *item->relay_state);
        for (auto& src : item->context.sources) s.text(src, "capture");
        for (auto& src : item->context.sources_ja) s.text(src, "capture");
    }
    for (auto& sig : m.signatures) sig.signed_bytes.clear();  // canonical octets: the signed NameID in clear
    s.text(m.status.message, "StatusMessage");

    scrub_report(s, v.outcome.report);
    for (auto& c : v.outcome.checks) s.text(c.reason, c.id);
    for (auto& src : v.context_sources) s.text(src, "capture");
    for (auto& src : v.context_sources_ja) s.text(src, "capture");
}

}  // namespace ssoctl::validate
