// cert-expiry results: every certificate checked against the policy, rendered as text, JSON, JUnit or Prometheus.
#pragma once

#include <ostream>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/finding.hpp"
#include "report/style.hpp"
#include "x509/expiry.hpp"
#include "x509/load.hpp"

namespace ssoctl::x509 {

struct Checked {
    const CertEntry* entry = nullptr;
    Status status = Status::ok;
    int64_t days = 0;
    std::string weak;           // weakness(), empty when none
    const CertInfo* successor = nullptr;  // the newer certificate published beside it (rotation), if any
    std::vector<size_t> findings;  // indexes into ExpiryRun::report
};

/** A target that could not be read or reached. */
struct TargetFailure {
    std::string target;
    Error error;
};

struct ExpiryRun {
    Policy policy;
    std::vector<Checked> certs;   // sorted by days left, then source and subject
    diag::Report report;
    std::vector<TargetFailure> failures;
    size_t unique = 0;
    size_t count(Status s) const;
    size_t weak_count() const;
};

/** Evaluates every collected certificate (findings per occurrence, rotation hints per entity). */
ExpiryRun check_all(const Collector& collector, const Policy& policy, std::vector<TargetFailure> failures);

/** "testdata/x509/a.pem", or "fed.xml entity 'https://idp' idp signing" (「… IdP 署名用」), or "host:443 chain[1]". */
diag::Text where(const CertEntry& e);

nlohmann::json certificate_json(const Checked& c);
/** `<testsuites>` with one testcase per certificate; errors are <failure>, unreadable targets <error>. */
void junit(std::ostream& os, const ExpiryRun& run, diag::Lang lang);
/** node-exporter textfile: ssoctl_cert_not_after_seconds, ssoctl_cert_expiry_days, … */
void prometheus(std::ostream& os, const ExpiryRun& run);  // streamed: an aggregate is ~50 MB of series
/** The table sorted by days left, then a summary line. Unless `all`, certificates that are ok
 *  and not weak are only counted when there are more than `kListAll` of them. Unless `wide`, the
 *  table fits kTableCols terminal columns: the subject shows its CN first and the rest cut from
 *  the left, WHERE is cut from the left; columns are always kGap spaces apart. */
void render_table(report::TextOut& out, const ExpiryRun& run, bool all, bool wide = false);
inline constexpr size_t kListAll = 100;
inline constexpr size_t kTableCols = 100;
inline constexpr size_t kSubjectCols = 30;
inline constexpr size_t kWhereCols = 20;
inline constexpr size_t kGap = 2;

}  // namespace ssoctl::x509
