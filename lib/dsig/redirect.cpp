// Query-string signatures (saml-bindings §3.4.4.1): the digest runs over the octets as received.
#include "dsig/redirect.hpp"

#include <openssl/evp.h>

#include "i18n/i18n.hpp"
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
    const diag::Text where = i18n::text(N_("SigAlg/Signature query parameters"));
    bool weak = false;
    const EVP_MD* md = digest_for(*n.sig_alg, weak);
    if (!md) {
        auto& f = report.add(diag::Code::unsupported_algorithm, i18n::text(N_("the query signature algorithm '{}' is not allowed"), {{std::string(util::visible(*n.sig_alg))}}));
        f.place(where);
        f.actual = util::visible(*n.sig_alg);
        return out;
    }
    auto sig = util::base64_decode(*n.signature, 16384);
    if (!sig || sig->empty()) {
        report.add(diag::Code::invalid_signature, i18n::text(N_("the Signature query parameter is not base64"))).place(where);
        return out;
    }
    if (trust.keys.empty()) {
        report.add(diag::Code::no_trusted_cert, i18n::text(N_("a redirect-binding signature carries no certificate, so a --fingerprint pin cannot verify it; pass --idp-cert or --idp-metadata"))).place(where);
        return out;
    }
    for (const auto& k : trust.keys) {
        if (!key_fits(*n.sig_alg, k.public_key.get()) || !verify_one(md, k.public_key.get(), n.signed_query, *sig)) continue;
        out.verified = true;
        const diag::Text by = k.verified_by();
        out.verified_by = by.en;
        out.verified_by_ja = by.ja;
        if (weak) {
            auto& f = report.add(diag::Code::weak_algorithm, i18n::text(N_("the query signature uses SHA-1 ({})"), {{std::string(*n.sig_alg)}}));
            f.place(where);
            f.actual = *n.sig_alg;
            f.expected = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
        }
        if (now && k.cert.not_after && k.cert.not_after < now) {
            auto& f = report.add(diag::Code::cert_expired, i18n::text(N_("the trusted key that verified the query signature ({}, {}) expired {}"), {{std::string(k.label)}, {std::string(k.cert.subject)}, diag::Text{util::relative(k.cert.not_after, now), util::relative_ja(k.cert.not_after, now)}}));
            f.severity = diag::Severity::warning;
            f.place(where);
        } else if (now && k.cert.not_before > now) {
            auto& f = report.add(diag::Code::cert_not_yet_valid, i18n::text(N_("the trusted key that verified the query signature ({}) is valid only from {}"), {{std::string(k.label)}, {util::format_rfc3339(k.cert.not_before)}}));
            f.severity = diag::Severity::warning;
            f.place(where);
        }
        return out;
    }
    auto& f = report.add(diag::Code::invalid_signature, i18n::text(N_("the query signature does not verify with any trusted key ({} tried) over the received octets"), {{std::to_string(trust.keys.size())}}));
    f.place(where);
    return out;
}

}  // namespace ssoctl::dsig
