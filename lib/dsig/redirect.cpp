// Query-string signatures (saml-bindings §3.4.4.1): the digest runs over the octets as received.
#include "dsig/redirect.hpp"

#include <openssl/evp.h>

#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ssoctl::dsig {
namespace {

struct EvpMdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

/** The digest of an allowed SigAlg, nullptr when refused; `weak` for SHA-1. */
const EVP_MD* digest_for(std::string_view alg, bool& weak) {
    weak = false;
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256") return EVP_sha256();
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384") return EVP_sha384();
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512") return EVP_sha512();
    if (alg == "http://www.w3.org/2000/09/xmldsig#rsa-sha1" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1") {
        weak = true;
        return EVP_sha1();
    }
    return nullptr;
}

bool key_fits(std::string_view alg, EVP_PKEY* key) {
    const bool ec = alg.find("#ecdsa-") != std::string_view::npos;
    return ec ? EVP_PKEY_base_id(key) == EVP_PKEY_EC : EVP_PKEY_base_id(key) == EVP_PKEY_RSA;
}

bool verify_one(const EVP_MD* md, EVP_PKEY* key, std::string_view data, std::string_view sig) {
    std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

}  // namespace

QueryVerdict verify_query(const saml::Normalized& n, const TrustStore& trust, util::UnixTime now, diag::Report& report) {
    QueryVerdict out;
    if (!n.sig_alg || !n.signature) return out;
    out.present = true;
    out.algorithm = *n.sig_alg;
    const std::string where = "SigAlg/Signature query parameters";
    bool weak = false;
    const EVP_MD* md = digest_for(*n.sig_alg, weak);
    if (!md) {
        auto& f = report.add(diag::Code::unsupported_algorithm, {"the query signature algorithm '" + util::visible(*n.sig_alg) + "' is not allowed",
                                                                 "クエリ署名のアルゴリズム '" + util::visible(*n.sig_alg) + "' は許可されていません"});
        f.location = where;
        f.actual = util::visible(*n.sig_alg);
        return out;
    }
    auto sig = util::base64_decode(*n.signature, 16384);
    if (!sig || sig->empty()) {
        report.add(diag::Code::invalid_signature, {"the Signature query parameter is not base64", "Signature クエリパラメータが base64 ではありません"}).location = where;
        return out;
    }
    if (trust.keys.empty()) {
        report.add(diag::Code::no_trusted_cert, {"a redirect-binding signature carries no certificate, so a --fingerprint pin cannot verify it; pass --idp-cert or --idp-metadata",
                                                 "リダイレクトバインディングの署名には証明書が含まれないため --fingerprint では検証できません。--idp-cert か --idp-metadata を指定してください"}).location = where;
        return out;
    }
    for (const auto& k : trust.keys) {
        if (!key_fits(*n.sig_alg, k.public_key.get()) || !verify_one(md, k.public_key.get(), n.signed_query, *sig)) continue;
        out.verified = true;
        out.verified_by = k.label + ", " + k.cert.subject + ", expires " + util::format_rfc3339(k.cert.not_after);
        if (weak) {
            auto& f = report.add(diag::Code::weak_algorithm, {"the query signature uses SHA-1 (" + *n.sig_alg + ")", "クエリ署名が SHA-1 を使っています（" + *n.sig_alg + "）"});
            f.location = where;
            f.actual = *n.sig_alg;
            f.expected = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
        }
        if (now && k.cert.not_after && k.cert.not_after < now) {
            auto& f = report.add(diag::Code::cert_expired, {"the trusted key that verified the query signature (" + k.label + ", " + k.cert.subject + ") expired " + util::relative(k.cert.not_after, now),
                                                            "クエリ署名を検証した信頼済みの鍵（" + k.label + "、" + k.cert.subject + "）は " + util::relative_ja(k.cert.not_after, now) + "に期限切れです"});
            f.severity = diag::Severity::warning;
            f.location = where;
        } else if (now && k.cert.not_before > now) {
            auto& f = report.add(diag::Code::cert_not_yet_valid, {"the trusted key that verified the query signature (" + k.label + ") is valid only from " + util::format_rfc3339(k.cert.not_before),
                                                                  "クエリ署名を検証した信頼済みの鍵（" + k.label + "）の有効期間は " + util::format_rfc3339(k.cert.not_before) + " からです"});
            f.severity = diag::Severity::warning;
            f.location = where;
        }
        return out;
    }
    auto& f = report.add(diag::Code::invalid_signature, {"the query signature does not verify with any trusted key (" + std::to_string(trust.keys.size()) + " tried) over the received octets",
                                                         "クエリ署名は受信したオクテット列に対してどの信頼済みの鍵でも検証できません（" + std::to_string(trust.keys.size()) + " 個を試行）"});
    f.location = where;
    return out;
}

}  // namespace ssoctl::dsig
