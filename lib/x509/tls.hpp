// Fetches the certificate chain a TLS server presents (SNI from the host name), without trusting it.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::x509 {

/** Connects to host:port, completes a TLS handshake with SNI = host (no verification: an
 *  expired chain must still be readable) and returns the served chain as DER, leaf first.
 *  Errors: `io_error` (resolve, connect, handshake, timeout). */
Result<std::vector<std::string>> fetch_tls_chain(const std::string& host, int port, int timeout_ms = 10000);

}  // namespace ssoctl::x509
