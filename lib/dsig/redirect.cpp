// SAML bindings §3.4.4.1: the signature covers SAMLRequest|SAMLResponse, RelayState, SigAlg exactly as sent.
#include "dsig/redirect.hpp"

#include <openssl/evp.h>

#include "util/base64.hpp"

namespace ssoctl::dsig {
namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

const EVP_MD* digest_for(const std::string& alg, bool& sha1) {
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256") return EVP_sha256();
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384") return EVP_sha384();
    if (alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" || alg == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512") return EVP_sha512();
    if (alg == "http://www.w3.org/2000/09/xmldsig#rsa-sha1") {
        sha1 = true;
        return EVP_sha1();
    }
    return nullptr;
}

}  // namespace

RedirectResult verify_redirect(const saml::Normalized& n, const TrustStore& trust, util::UnixTime now) {
    RedirectResult out;
    if (!n.signature || !n.sig_alg) return out;
    bool sha1 = false;
    const EVP_MD* md = digest_for(*n.sig_alg, sha1);
    if (!md) {
        auto& f = out.report.add(diag::Code::unsupported_algorithm, {"query SigAlg '" + *n.sig_alg + "' is not allowed", "クエリの SigAlg '" + *n.sig_alg + "' は許可されていません"});
        f.actual = *n.sig_alg;
        f.expected = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
        return out;
    }
    auto signature = util::base64_decode(*n.signature, 1u << 16);
    if (!signature) {
        out.report.add(diag::Code::invalid_signature, {"the query Signature is not base64", "クエリの Signature が base64 ではありません"});
        return out;
    }
    if (trust.keys.empty()) {
        out.report.add(diag::Code::no_trusted_cert, {"a query signature needs a trusted certificate (--idp-cert or --idp-metadata); --fingerprint has no embedded certificate to match here",
                                                     "クエリ署名の検証には信頼済み証明書（--idp-cert または --idp-metadata）が必要です"});
        return out;
    }
    for (const auto& k : trust.keys) {
        std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
        if (EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, k.public_key.get()) != 1) continue;
        const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
                                        reinterpret_cast<const unsigned char*>(n.signed_query.data()), n.signed_query.size());
        if (rc == 1) {
            out.verified = true;
            out.verified_by = k.label;
            if (sha1) out.report.add(diag::Code::weak_algorithm, {"the query signature uses SHA-1", "クエリ署名に SHA-1 が使われています"}).actual = *n.sig_alg;
            if (k.cert.not_after && k.cert.not_after < now) {
                auto& f = out.report.add(diag::Code::cert_expired, {"the trusted key that verified the query signature expired " + util::relative(k.cert.not_after, now),
                                                                    "クエリ署名を検証した信頼済みの鍵は " + util::relative_ja(k.cert.not_after, now) + "に期限切れです"});
                f.severity = diag::Severity::warning;
            }
            return out;
        }
    }
    out.report.add(diag::Code::invalid_signature, {"the query signature (" + *n.sig_alg + ") does not verify with any trusted key over the received parameters",
                                                   "クエリ署名（" + *n.sig_alg + "）は受信したパラメーターに対してどの信頼済みの鍵でも検証できません"});
    return out;
}

}  // namespace ssoctl::dsig
