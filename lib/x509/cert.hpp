// X.509 certificate facts (subject, fingerprint, validity, key) from DER/PEM, via OpenSSL.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/x509.h>

#include "util/result.hpp"
#include "util/time.hpp"

namespace ssoctl::x509 {

struct X509Free {
    void operator()(X509* c) const { X509_free(c); }
};
using CertPtr = std::unique_ptr<X509, X509Free>;

/** What a person needs to recognise a certificate. */
struct CertInfo {
    std::string subject;       // RFC 2253 one-line, e.g. "CN=idp.example.com,O=Example"
    std::string issuer;
    std::string serial;        // hex
    std::string sha256;        // lower-case hex, colon-free
    std::string sha1;
    util::UnixTime not_before = 0;
    util::UnixTime not_after = 0;
    std::string key_type;      // RSA, EC, Ed25519 …
    int key_bits = 0;
    std::string signature_algorithm;  // sha256WithRSAEncryption …
    bool self_signed = false;
};

/** Parses one DER certificate. Errors: `malformed_input`. */
Result<CertPtr> parse_der(std::string_view der);
/** Every certificate of a PEM bundle (non-certificate blocks skipped). */
Result<std::vector<CertPtr>> parse_pem(std::string_view pem);
/** PEM or DER, auto-detected. */
Result<std::vector<CertPtr>> parse_any(std::string_view bytes);
/** True when `b64` decodes to PEM text ("-----BEGIN CERTIFICATE-----…") instead of DER: a
 *  certificate base64-encoded twice, as ADFS exports and hand-made metadata have it. */
bool is_base64_of_pem(std::string_view b64);
/** The base64 text of a ds:X509Certificate element (whitespace tolerated); base64 of PEM text is
 *  read too (is_base64_of_pem says so, for the finding). */
Result<CertPtr> parse_base64_der(std::string_view b64);

CertInfo describe(X509* cert);
std::string der_of(X509* cert);
/** `sha256:ab:cd…` style fingerprint for display. */
std::string pretty_fingerprint(std::string_view hex_digest);

}  // namespace ssoctl::x509
