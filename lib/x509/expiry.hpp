// Expiry and key-strength policy for certificates: status, days left, and the findings cert-expiry reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/finding.hpp"
#include "util/time.hpp"
#include "x509/cert.hpp"

namespace ssoctl::x509 {

enum class Status { ok, expiring, expired, not_yet_valid };
std::string_view status_name(Status s);

/** Thresholds of `cert-expiry`: warn within `warn_days`, error within `fail_days` (0: only expired). */
struct Policy {
    util::UnixTime now = 0;
    int warn_days = 30;
    int fail_days = 0;
};

/** expired when notAfter <= now; not_yet_valid when notBefore > now; expiring when notAfter is
 *  within warn_days or fail_days. Example: notAfter = now + 15 d, warn 30 -> expiring. */
Status status_of(const CertInfo& c, const Policy& p);

/** Whole days from now to notAfter, rounded toward negative infinity (-1 = expired yesterday). */
int64_t days_left(const CertInfo& c, util::UnixTime now);

/** Why the key or signature is weak ("RSA 1024 bits", "SHA-1 signature"), empty when it is not. */
std::string weakness(const CertInfo& c);
/** weakness() in both languages, for finding messages. */
diag::Text weakness_text(const CertInfo& c);

/** Adds the findings for one certificate: cert_expired (error), cert_not_yet_valid (error),
 *  cert_expiring (warning; error within fail_days), weak_key (warning). `what` names the
 *  certificate in messages (e.g. "CN=idp.example.com (sha256 ab12…)"), `location` where it is. */
void evaluate(const CertInfo& c, const Policy& p, const diag::Text& what, const diag::Text& location, diag::Report& report);
inline void evaluate(const CertInfo& c, const Policy& p, std::string_view what, std::string_view location, diag::Report& report) {
    evaluate(c, p, diag::Text{std::string(what), {}}, diag::Text{std::string(location), {}}, report);
}

/** Short display name in both languages: "CN=idp.example.com (sha256 1a2b3c4d…)", 「CN=…（sha256 1a2b3c4d…）」. */
diag::Text label(const CertInfo& c);

}  // namespace ssoctl::x509

namespace ssoctl::x509 {

/** Rotation in progress: among `others` (certificates for the same entity and use), one that is
 *  valid now, outlives `c` and is not itself expiring. Null when there is none. */
const CertInfo* successor(const CertInfo& c, const std::vector<const CertInfo*>& others, const Policy& p);

/** The hint for a finding whose certificate has a successor. */
diag::Text rotation_hint(const CertInfo& next);

}  // namespace ssoctl::x509
