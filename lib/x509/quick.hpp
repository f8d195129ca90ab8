// Certificate facts from a minimal DER walk (no OpenSSL decoder): the fast path for federation-scale scans.
#pragma once

#include <string_view>

#include "util/result.hpp"
#include "x509/cert.hpp"

namespace ssoctl::x509 {

/** The same facts as `describe()` (subject/issuer in RFC 2253, serial, SHA-256 and SHA-1, validity, key
 *  type and bits, signature algorithm), read by walking the DER instead of `d2i_X509`, which
 *  costs ~95 µs per certificate in OpenSSL 3.0. Anything the walk does not
 *  understand falls back to OpenSSL; a certificate neither can read fails with `malformed_input`.
 *  `sha256` (hex), when the caller already has it, is not computed again.
 *  Example: `quick_describe(der)->not_after` -> 1799999999. */
Result<CertInfo> quick_describe(std::string_view der, std::string sha256 = {});

/** The walk alone, without the OpenSSL fallback (tests compare it with `describe()`). It fails
 *  (so that OpenSSL decides) on anything that is not plain DER: a missing or extra field, a
 *  non-shortest length, an RSA key without its exponent, a self-issued certificate with extensions
 *  other than SKID, AKID (keyIdentifier only), basicConstraints (no pathLen), keyUsage, extKeyUsage. */
Result<CertInfo> walk_der(std::string_view der, std::string sha256 = {});

/** The differential check for fuzzing: false when the walk reads `der` (succeeds) and OpenSSL
 *  either cannot parse it or describes it differently (any field of CertInfo). */
bool quick_agrees_with_openssl(std::string_view der);

/** Lower-case hex SHA-256 of bytes. */
std::string sha256_hex(std::string_view bytes);
/** SHA-256 of bytes into `out` (32 bytes). */
void sha256_raw(std::string_view bytes, unsigned char* out);

}  // namespace ssoctl::x509
