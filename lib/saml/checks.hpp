// The validation rules of `validate` / `check-audience`, one function per group. Each appends
// findings to a Report and returns how its group ended; none stops the others.
#pragma once

#include <string>
#include <vector>

#include "diag/finding.hpp"
#include "saml/message.hpp"
#include "util/time.hpp"

namespace ssoctl::saml {

/** What the SP expects; empty members are not checked. */
struct Expectations {
    std::vector<std::string> sp_entity_ids;
    std::vector<std::string> acs_urls;
    std::vector<std::string> idp_entity_ids;
    std::string request_id;
    std::string username_attr;  // empty: NameID carries the username
    std::vector<std::string> email_domains;
    util::UnixTime now = 0;
    int64_t skew = 180;
};

enum class CheckStatus { pass, warn, fail, skip };
std::string_view check_status_name(CheckStatus s);

/** One line of the check list shown beside the findings. */
struct CheckResult {
    std::string id;
    CheckStatus status = CheckStatus::pass;
    std::string reason;  // why it was skipped
    bool applies = true;  // false: skipped because the message has nothing to check (not a gap in the verdict)
};

CheckStatus check_status(const Message& m, diag::Report& r);
CheckStatus check_structure(const Message& m, diag::Report& r);
/** Audience (Conditions), Recipient (bearer SubjectConfirmationData), Destination (Response). */
CheckStatus check_audience(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r);
CheckStatus check_issuer(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r);
CheckStatus check_time(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r);
CheckStatus check_in_response_to(const Message& m, const Assertion& a, const Expectations& e, diag::Report& r);
CheckStatus check_subject(const Assertion& a, const Expectations& e, diag::Report& r);

/** The status a group ended with, from the findings added since `before`. */
CheckStatus status_since(const diag::Report& r, size_t before);

}  // namespace ssoctl::saml
