// Certificate policy: expired / not yet valid / expiring by thresholds, and weak keys or signatures.
#include "x509/expiry.hpp"

#include "util/strings.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::x509 {

std::string_view status_name(Status s) {
    switch (s) {
        case Status::ok: return "ok";
        case Status::expiring: return "expiring";
        case Status::expired: return "expired";
        case Status::not_yet_valid: return "not_yet_valid";
    }
    return "ok";
}

Status status_of(const CertInfo& c, const Policy& p) {
    if (c.not_after <= p.now) return Status::expired;
    if (c.not_before > p.now) return Status::not_yet_valid;
    const int64_t window = static_cast<int64_t>(std::max(p.warn_days, p.fail_days)) * 86400;
    if (c.not_after - p.now < window) return Status::expiring;
    return Status::ok;
}

int64_t days_left(const CertInfo& c, util::UnixTime now) { return util::days_between(now, c.not_after); }

std::string weakness(const CertInfo& c) {
    std::string why;
    if ((c.key_type == "RSA" || c.key_type == "DSA") && c.key_bits > 0 && c.key_bits < 2048) {
        why = c.key_type + " " + std::to_string(c.key_bits) + " bits";
    }
    const std::string alg = util::to_lower(c.signature_algorithm);
    const bool sha1 = alg.find("sha1") != std::string::npos;
    const bool md5 = alg.find("md5") != std::string::npos || alg.find("md2") != std::string::npos;
    if (sha1 || md5) {
        if (!why.empty()) why += ", ";
        why += c.signature_algorithm + " signature";
    }
    return why;
}

diag::Text weakness_text(const CertInfo& c) {
    diag::Text key, sig;
    if ((c.key_type == "RSA" || c.key_type == "DSA") && c.key_bits > 0 && c.key_bits < 2048) {
        key = i18n::text(N_("{} {} bits"), {{c.key_type, {}}, {std::to_string(c.key_bits), {}}});
    }
    const std::string alg = util::to_lower(c.signature_algorithm);
    if (alg.find("sha1") != std::string::npos || alg.find("md5") != std::string::npos || alg.find("md2") != std::string::npos) {
        sig = i18n::text(N_("{} signature"), {{c.signature_algorithm, {}}});
    }
    if (key.empty()) return sig;
    if (sig.empty()) return key;
    return i18n::text(N_("{}, {}"), {key, sig});
}

diag::Text label(const CertInfo& c) {
    const std::string fp = c.sha256.substr(0, 16);
    if (c.subject.empty()) return i18n::text(N_("(empty subject) (sha256 {}…)"), {{fp, fp}});
    return i18n::text(N_("{} (sha256 {}…)"), {{c.subject, c.subject}, {fp, fp}});
}

void evaluate(const CertInfo& c, const Policy& p, const diag::Text& what, const diag::Text& location, diag::Report& report) {
    const diag::Text name{util::visible(what.en), what.ja.empty() ? std::string() : util::visible(what.ja)};
    const int64_t days = days_left(c, p.now);
    const std::string after = util::format_rfc3339(c.not_after);
    switch (status_of(c, p)) {
        case Status::expired: {
            auto& f = report.add(diag::Code::cert_expired,
                                 i18n::text(N_("certificate {} expired on {} ({})"), {name, {after, {}}, {util::relative(c.not_after, p.now), util::relative_ja(c.not_after, p.now)}}));
            f.severity = diag::Severity::error;
            f.place(location);
            f.actual = after;
            break;
        }
        case Status::not_yet_valid: {
            const std::string before = util::format_rfc3339(c.not_before);
            auto& f = report.add(diag::Code::cert_not_yet_valid,
                                 i18n::text(N_("certificate {} is not valid before {}"), {name, {before, {}}}));
            f.severity = diag::Severity::error;
            f.place(location);
            f.actual = before;
            break;
        }
        case Status::expiring: {
            const bool fails = c.not_after - p.now < static_cast<int64_t>(p.fail_days) * 86400;
            auto& f = report.add(diag::Code::cert_expiring,
                                 days == 1 ? i18n::text(N_("certificate {} expires on {}, in {} day"), {name, {after, {}}, {std::to_string(days), {}}})
                                           : i18n::text(N_("certificate {} expires on {}, in {} days"), {name, {after, {}}, {std::to_string(days), {}}}));
            f.severity = fails ? diag::Severity::error : diag::Severity::warning;
            f.place(location);
            const std::string want = std::to_string(fails ? p.fail_days : p.warn_days), left = std::to_string(days);
            f.expect(i18n::text(N_("at least {} days left"), {{want, want}}));
            f.observe(days == 1 ? i18n::text(N_("{} day left"), {{left, left}}) : i18n::text(N_("{} days left"), {{left, left}}));
            break;
        }
        case Status::ok: break;
    }
    if (const std::string why = weakness(c); !why.empty()) {
        auto& f = report.add(diag::Code::weak_key, i18n::text(N_("certificate {} is weak: {}"), {name, weakness_text(c)}));
        f.place(location);
        f.actual = why;
        f.expect(i18n::text(N_("RSA >= 2048 bits or EC, SHA-256 or better")));
    }
}

}  // namespace ssoctl::x509

namespace ssoctl::x509 {

const CertInfo* successor(const CertInfo& c, const std::vector<const CertInfo*>& others, const Policy& p) {
    const CertInfo* best = nullptr;
    for (const CertInfo* o : others) {
        if (!o || o == &c || o->sha256 == c.sha256) continue;
        if (status_of(*o, p) != Status::ok || o->not_after <= c.not_after) continue;
        if (!best || o->not_after > best->not_after) best = o;
    }
    return best;
}

diag::Text rotation_hint(const CertInfo& next) {
    const std::string until = util::format_rfc3339(next.not_after);
    const std::string fp = next.sha256.substr(0, 16);
    return i18n::text(N_("rotation in progress: a newer certificate (sha256 {}…, valid until {}) is published beside it; remove the old one once every partner uses the new one"), {{fp, {}}, {until, {}}});
}

}  // namespace ssoctl::x509
