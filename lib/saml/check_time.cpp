// Time and correlation: validity windows with skew, IssueInstant drift, InResponseTo.
#include "saml/checks.hpp"

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

struct Window {
    const std::string* not_before;
    const std::string* not_on_or_after;
    const char* what;  // N_() phrase, translated when the finding is built
    std::string location;
    diag::Code expired_code;
};

/** The allowed skew in both languages: "180 s", 「180 秒」. */
diag::Text skew_text(int64_t skew) { return i18n::text(N_("{} s"), {{std::to_string(skew), std::to_string(skew)}}); }

void bad_time(diag::Report& r, const std::string& value, const std::string& location) {
    auto& f = r.add(diag::Code::schema_violation, i18n::text(N_("'{}' is not a valid xs:dateTime"), {{std::string(value)}}));
    f.location = location;
}

void check_window(const Window& w, const Expectations& e, diag::Report& r) {
    const std::string now = util::format_rfc3339(e.now);
    if (w.not_on_or_after && !w.not_on_or_after->empty()) {
        auto t = util::parse_rfc3339(*w.not_on_or_after);
        if (!t) bad_time(r, *w.not_on_or_after, w.location);
        else if (e.now >= *t + e.skew) {
            const std::string ago = util::human_duration(e.now - *t), ago_ja = util::human_duration_ja(e.now - *t);
            auto& f = r.add(w.expired_code,
                            i18n::text(N_("{} expired {} ago: NotOnOrAfter {}, now {}, allowed skew {}"), {i18n::text(w.what), diag::Text{ago, ago_ja}, {util::format_rfc3339(*t)}, {std::string(now)}, skew_text(e.skew)}));
            f.expect(i18n::text(N_("before {}"), {{util::format_rfc3339(*t + e.skew)}}));
            f.actual = now;
            f.location = w.location + "/@NotOnOrAfter";
        }
    }
    if (w.not_before && !w.not_before->empty()) {
        auto t = util::parse_rfc3339(*w.not_before);
        if (!t) bad_time(r, *w.not_before, w.location);
        else if (e.now + e.skew < *t) {
            const std::string in = util::human_duration(*t - e.now), in_ja = util::human_duration_ja(*t - e.now);
            auto& f = r.add(diag::Code::assertion_not_yet_valid,
                            i18n::text(N_("{} becomes valid only in {}: NotBefore {}, now {}, allowed skew {}"), {i18n::text(w.what), diag::Text{in, in_ja}, {util::format_rfc3339(*t)}, {std::string(now)}, skew_text(e.skew)}));
            f.expect(i18n::text(N_("at or after {}"), {{util::format_rfc3339(*t - e.skew)}}));
            f.actual = now;
            f.location = w.location + "/@NotBefore";
        }
    }
}

}  // namespace

CheckStatus check_time(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (a.conditions.present) {
        check_window({&a.conditions.not_before, &a.conditions.not_on_or_after, N_("the assertion (Conditions)"),
                      a.path + "/saml:Conditions", diag::Code::assertion_expired}, e, r);
    }
    for (const auto& c : a.confirmations) {
        if (c.method != "urn:oasis:names:tc:SAML:2.0:cm:bearer") continue;
        check_window({&c.not_before, &c.not_on_or_after, N_("the bearer confirmation (SubjectConfirmationData)"),
                      a.path + "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData", diag::Code::assertion_expired}, e, r);
    }
    if (a.authn.present && !a.authn.session_not_on_or_after.empty()) {
        check_window({nullptr, &a.authn.session_not_on_or_after, N_("the IdP session (SessionNotOnOrAfter)"),
                      a.path + "/saml:AuthnStatement", diag::Code::session_expired}, e, r);
    }
    // IssueInstant far from now, while the windows above still pass: the clocks disagree.
    const std::string& instant = !m.issue_instant.empty() ? m.issue_instant : a.issue_instant;
    // An old capture judged as of now: lead with how to judge it as of then, before the expiry errors.
    if (auto t = util::parse_rfc3339(instant); t && e.now - *t > 600 && r.findings().size() > before) {
        const std::string then = util::format_rfc3339(*t + 60);
        diag::Finding f = diag::make_finding(diag::Code::old_capture,
                                             i18n::text(N_("this message was issued {} ago (IssueInstant {}); to judge it as of then, add --now {}"), {diag::Text{util::human_duration(e.now - *t), util::human_duration_ja(e.now - *t)}, {util::format_rfc3339(*t)}, {std::string(then)}}),
                                             i18n::text(N_("add --now {}"), {{std::string(then)}}));
        f.actual = util::format_rfc3339(*t);
        f.expected = "--now " + then;
        f.location = xml::path(m.root) + "/@IssueInstant";
        auto& all = r.findings();
        all.insert(all.begin() + static_cast<std::ptrdiff_t>(before), std::move(f));
    }
    if (auto t = util::parse_rfc3339(instant); t && !r.has(diag::Code::assertion_expired) && !r.has(diag::Code::assertion_not_yet_valid)) {
        const int64_t diff = e.now - *t;
        if (diff < -e.skew) {
            auto& f = r.add(diag::Code::clock_skew,
                            i18n::text(N_("the message was issued {} in the future (IssueInstant {}, now {})"), {diag::Text{util::human_duration(-diff), util::human_duration_ja(-diff)}, {util::format_rfc3339(*t)}, {util::format_rfc3339(e.now)}}));
            f.actual = util::format_rfc3339(*t);
            f.expected = util::format_rfc3339(e.now);
        }
    } else if (!instant.empty() && !t) {
        bad_time(r, instant, xml::path(m.root) + "/@IssueInstant");
    }
    return status_since(r, before);
}

CheckStatus check_in_response_to(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r) {
    const size_t before = r.findings().size();
    if (e.request_id.empty()) return CheckStatus::skip;
    std::string got = m.in_response_to;
    std::string where = xml::path(m.root) + "/@InResponseTo";
    for (const auto& c : a.confirmations) {
        if (!c.in_response_to.empty() && c.in_response_to != e.request_id && c.in_response_to != m.in_response_to) {
            auto& f = r.add(diag::Code::in_response_to_mismatch,
                            i18n::text(N_("the bearer confirmation answers request '{}', not '{}'"), {{std::string(c.in_response_to)}, {std::string(e.request_id)}}));
            f.expected = e.request_id;
            f.actual = c.in_response_to;
            f.location = a.path + "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@InResponseTo";
        }
        if (got.empty()) got = c.in_response_to;
    }
    if (got.empty()) {
        auto& f = r.add(diag::Code::unsolicited_response,
                        i18n::text(N_("the response has no InResponseTo (IdP-initiated), but request '{}' was expected"), {{std::string(e.request_id)}}));
        f.expected = e.request_id;
        f.location = where;
    } else if (!m.in_response_to.empty() && m.in_response_to != e.request_id) {
        auto& f = r.add(diag::Code::in_response_to_mismatch,
                        i18n::text(N_("the response answers request '{}', not '{}'"), {{std::string(m.in_response_to)}, {std::string(e.request_id)}}));
        f.expected = e.request_id;
        f.actual = m.in_response_to;
        f.location = where;
    }
    return status_since(r, before);
}

}  // namespace ssoctl::saml
