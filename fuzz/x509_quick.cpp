// Differential: the fast DER walk (x509::walk_der / quick_describe) against OpenSSL (parse_der +
// describe). The fast path may skip work, never give a different answer (issue 10 item 10):
//  - walk_der succeeds  => OpenSSL parses it and every fact is equal;
//  - quick_describe     => succeeds exactly when OpenSSL does, with the same facts.
// Any disagreement aborts with both answers.
#include "target.hpp"
#include "x509/cert.hpp"
#include "x509/quick.hpp"

using namespace ssoctl;

namespace {

std::string facts(const x509::CertInfo& c) {
    return "subject=" + c.subject + " issuer=" + c.issuer + " serial=" + c.serial + " sha256=" + c.sha256 +
           " not_before=" + std::to_string(c.not_before) + " not_after=" + std::to_string(c.not_after) + " key=" + c.key_type + "/" +
           std::to_string(c.key_bits) + " sigalg=" + c.signature_algorithm + " self_signed=" + (c.self_signed ? "yes" : "no");
}

void compare(const char* who, const x509::CertInfo& got, const x509::CertInfo& want) {
    // sha1 is documented as left empty by the walk; self_signed is compared like the rest.
    if (got.subject != want.subject || got.issuer != want.issuer || got.serial != want.serial || got.sha256 != want.sha256 ||
        got.not_before != want.not_before || got.not_after != want.not_after || got.key_type != want.key_type ||
        got.key_bits != want.key_bits || got.signature_algorithm != want.signature_algorithm || got.self_signed != want.self_signed) {
        fuzz::disagree(who, "\n  fast:    " + facts(got) + "\n  openssl: " + facts(want));
    }
}

}  // namespace

SSOCTL_FUZZ_TARGET(x509_quick) {
    const std::string_view der(reinterpret_cast<const char*>(data), size);
    auto cert = x509::parse_der(der);
    auto walked = x509::walk_der(der);
    auto quick = x509::quick_describe(der);
    if (!cert) {
        if (walked) fuzz::disagree("walk_der", "the walk read a certificate OpenSSL rejects (" + cert.error().message + "): " + facts(*walked));
        if (quick) fuzz::disagree("quick_describe", "read a certificate OpenSSL rejects (" + cert.error().message + "): " + facts(*quick));
        return 0;
    }
    const x509::CertInfo want = x509::describe(cert->get());
    if (walked) compare("walk_der", *walked, want);
    if (!quick) fuzz::disagree("quick_describe", "failed (" + quick.error().message + ") on a certificate OpenSSL reads: " + facts(want));
    compare("quick_describe", *quick, want);
    return 0;
}
