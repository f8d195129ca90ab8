// Certificate policy: expired / not yet valid / expiring by thresholds, and weak keys or signatures.
#include "x509/expiry.hpp"

#include "util/strings.hpp"

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

std::string label(const CertInfo& c) {
    return (c.subject.empty() ? std::string("(empty subject)") : c.subject) + " (sha256 " + c.sha256.substr(0, 16) + "…)";
}

void evaluate(const CertInfo& c, const Policy& p, std::string_view what, std::string_view location, diag::Report& report) {
    const std::string name = util::visible(what);
    const int64_t days = days_left(c, p.now);
    const std::string after = util::format_rfc3339(c.not_after);
    switch (status_of(c, p)) {
        case Status::expired: {
            auto& f = report.add(diag::Code::cert_expired,
                                 {"certificate " + name + " expired on " + after + " (" + util::relative(c.not_after, p.now) + ")",
                                  "証明書 " + name + " は " + after + " に期限切れになりました（" + util::relative_ja(c.not_after, p.now) + "）"});
            f.severity = diag::Severity::error;
            f.location = location;
            f.actual = after;
            break;
        }
        case Status::not_yet_valid: {
            const std::string before = util::format_rfc3339(c.not_before);
            auto& f = report.add(diag::Code::cert_not_yet_valid,
                                 {"certificate " + name + " is not valid before " + before,
                                  "証明書 " + name + " は " + before + " より前には有効ではありません"});
            f.severity = diag::Severity::error;
            f.location = location;
            f.actual = before;
            break;
        }
        case Status::expiring: {
            const bool fails = c.not_after - p.now < static_cast<int64_t>(p.fail_days) * 86400;
            auto& f = report.add(diag::Code::cert_expiring,
                                 {"certificate " + name + " expires on " + after + ", in " + std::to_string(days) + " days",
                                  "証明書 " + name + " は " + after + " に期限切れになります（残り " + std::to_string(days) + " 日）"});
            f.severity = fails ? diag::Severity::error : diag::Severity::warning;
            f.location = location;
            f.expected = "at least " + std::to_string(fails ? p.fail_days : p.warn_days) + " days left";
            f.actual = std::to_string(days) + " days left";
            break;
        }
        case Status::ok: break;
    }
    if (const std::string why = weakness(c); !why.empty()) {
        auto& f = report.add(diag::Code::weak_key, {"certificate " + name + " is weak: " + why, "証明書 " + name + " は強度が不十分です: " + why});
        f.location = location;
        f.actual = why;
        f.expected = "RSA >= 2048 bits or EC, SHA-256 or better";
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
    return {"rotation in progress: a newer certificate (sha256 " + fp + "…, valid until " + until +
                ") is published beside it; remove the old one once every partner uses the new one",
            "証明書の切り替え中です: 新しい証明書（sha256 " + fp + "…、" + until +
                " まで有効）が併記されています。すべての連携先が新しい証明書を使い始めたら古い証明書を削除してください"};
}

}  // namespace ssoctl::x509
