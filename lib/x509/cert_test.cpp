// x509::parse_any on certificates as people paste them (issue 12): with or without BEGIN/END
// lines, CRLF, indentation, spaces.
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "util/strings.hpp"
#include "x509/cert.hpp"

using namespace ssoctl;

namespace {

/** The SHA-256 of the one certificate in `bytes`, or the error code. */
std::string fingerprint_of(std::string_view bytes) {
    auto certs = x509::parse_any(bytes);
    if (!certs) return certs.error().code;
    if (certs->size() != 1) return "count " + std::to_string(certs->size());
    return x509::describe(certs->front().get()).sha256;
}

std::string body_of(const std::string& pem) {
    std::string out;
    for (std::string_view line : util::split(pem, '\n')) {
        if (line.find("-----") == std::string_view::npos) out.append(line).push_back('\n');
    }
    return out;
}

}  // namespace

TEST_SUITE("x509") {
    TEST_CASE("x509::parse_any reads a certificate however it was pasted") {
        const std::string pem = test::slurp("keys/idp.crt");
        const std::string want = fingerprint_of(pem);
        REQUIRE(want.size() == 64);
        const std::string body = body_of(pem);

        CHECK(fingerprint_of(test::slurp("keys/idp.der")) == want);
        SUBCASE("the body without BEGIN/END lines, as the Okta UI and metadata show it") {
            CHECK(fingerprint_of(body) == want);
            CHECK(fingerprint_of(test::slurp("keys/idp-body-crlf.txt")) == want);
            CHECK(fingerprint_of(test::slurp("keys/idp-body-indented.txt")) == want);
            std::string one_line;
            for (char c : body) one_line += c == '\n' ? ' ' : c;  // a wrapped paste joined with spaces
            CHECK(fingerprint_of(one_line) == want);
        }
        SUBCASE("PEM with CRLF, indentation and trailing spaces") {
            std::string crlf, indented;
            for (std::string_view line : util::split(pem, '\n')) {
                if (line.empty()) continue;
                crlf.append(line).append("\r\n");
                indented.append("    ").append(line).append("  \n");
            }
            CHECK(fingerprint_of(crlf) == want);
            CHECK(fingerprint_of(indented) == want);
        }
        SUBCASE("what is not a certificate is still refused") {
            CHECK(fingerprint_of("MIIB") == "malformed_input");                       // too short to be one
            CHECK(fingerprint_of(std::string(200, 'A')) == "malformed_input");         // base64, but not DER
            CHECK(fingerprint_of("hello world, this is a note and not a certificate at all; none of it is base64!") == "malformed_input");
            CHECK(fingerprint_of("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n") == "malformed_input");
        }
    }
}
