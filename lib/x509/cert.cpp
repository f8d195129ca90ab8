// OpenSSL wrappers that turn certificates into plain facts; no verification happens here.
#include "x509/cert.hpp"

#include <cctype>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "i18n/i18n.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ssoctl::x509 {
namespace {

std::string name_line(X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(len));
    BIO_free(bio);
    return out;
}

util::UnixTime asn1_to_unix(const ASN1_TIME* t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    auto parsed = util::parse_rfc3339(buf);
    return parsed ? *parsed : 0;
}

std::string digest(X509* cert, const EVP_MD* md) {
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    X509_digest(cert, md, buf, &len);
    return util::hex(std::string_view(reinterpret_cast<char*>(buf), len));
}

/** Text of only base64 characters and whitespace: a certificate's body without its BEGIN/END lines. */
bool is_base64_text(std::string_view s) {
    size_t letters = 0;
    for (const char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') ++letters;
        else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return letters >= 64;  // far shorter than any certificate
}

/** PEM as people paste it: each line trimmed (indented copies from XML, trailing spaces), CRLF read as LF. */
std::string tidy_pem(std::string_view pem) {
    std::string out;
    for (std::string_view line : util::split(pem, '\n')) {
        line = util::trim(line);
        if (!line.empty()) out.append(line).push_back('\n');
    }
    return out;
}

}  // namespace

Result<CertPtr> parse_der(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (!cert) return i18n::failure("malformed_input", N_("not a DER X.509 certificate"));
    return CertPtr(cert);
}

Result<std::vector<CertPtr>> parse_pem(std::string_view pem) {
    std::vector<CertPtr> out;
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) out.emplace_back(cert);
    BIO_free(bio);
    if (out.empty()) return i18n::failure("malformed_input", N_("no PEM certificate found"));
    return out;
}

Result<std::vector<CertPtr>> parse_any(std::string_view bytes) {
    if (bytes.find("-----BEGIN") != std::string_view::npos) {
        auto certs = parse_pem(bytes);
        return certs ? std::move(certs) : parse_pem(tidy_pem(bytes));
    }
    auto one = parse_der(bytes);
    // The body of a PEM without its BEGIN/END lines, as metadata and the Okta UI show it (CRLF, spaces).
    if (!one && is_base64_text(bytes)) one = parse_base64_der(bytes);
    if (!one) return tl::make_unexpected(one.error());
    std::vector<CertPtr> out;
    out.push_back(std::move(*one));
    return out;
}

bool is_base64_of_pem(std::string_view b64) {
    auto bytes = util::base64_decode(b64, 1u << 20);
    return bytes && bytes->find("-----BEGIN CERTIFICATE-----") != std::string::npos;
}

Result<CertPtr> parse_base64_der(std::string_view b64) {
    auto der = util::base64_decode(b64, 1u << 20);
    if (!der) return tl::make_unexpected(der.error());
    // ADFS exports and hand-made metadata sometimes base64 the PEM text itself: read what is inside.
    if (der->find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
        auto certs = parse_any(*der);
        if (!certs) return tl::make_unexpected(certs.error());
        if (certs->size() != 1) return i18n::failure("malformed_input", N_("the X509Certificate holds base64 of PEM text with {} certificates"), {std::to_string(certs->size())});
        return std::move(certs->front());
    }
    return parse_der(*der);
}

CertInfo describe(X509* cert) {
    CertInfo info;
    info.subject = name_line(X509_get_subject_name(cert));
    info.issuer = name_line(X509_get_issuer_name(cert));
    if (const ASN1_INTEGER* serial = X509_get0_serialNumber(cert)) {
        info.serial = util::hex(std::string_view(reinterpret_cast<const char*>(serial->data), static_cast<size_t>(serial->length)));
    }
    info.sha256 = digest(cert, EVP_sha256());
    info.sha1 = digest(cert, EVP_sha1());
    info.not_before = asn1_to_unix(X509_get0_notBefore(cert));
    info.not_after = asn1_to_unix(X509_get0_notAfter(cert));
    if (EVP_PKEY* key = X509_get0_pubkey(cert)) {
        info.key_bits = EVP_PKEY_get_bits(key);
        switch (EVP_PKEY_get_base_id(key)) {
            case EVP_PKEY_RSA: info.key_type = "RSA"; break;
            case EVP_PKEY_EC: info.key_type = "EC"; break;
            case EVP_PKEY_ED25519: info.key_type = "Ed25519"; break;
            case EVP_PKEY_ED448: info.key_type = "Ed448"; break;
            case EVP_PKEY_DSA: info.key_type = "DSA"; break;
            default: info.key_type = "unknown"; break;
        }
    }
    const int nid = X509_get_signature_nid(cert);
    info.signature_algorithm = nid != NID_undef ? OBJ_nid2ln(nid) : "unknown";
    info.self_signed = X509_check_issued(cert, cert) == X509_V_OK;
    return info;
}

std::string der_of(X509* cert) {
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert, &buf);
    if (len <= 0) return {};
    std::string out(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
    OPENSSL_free(buf);
    return out;
}

std::string pretty_fingerprint(std::string_view hex_digest) {
    std::string out;
    for (size_t i = 0; i < hex_digest.size(); i += 2) {
        if (i) out += ':';
        out += hex_digest.substr(i, 2);
    }
    return out;
}

}  // namespace ssoctl::x509
