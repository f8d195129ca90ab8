// The fast DER walk must agree with OpenSSL on every fixture certificate.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "x509/expiry.hpp"
#include "x509/load.hpp"
#include "x509/quick.hpp"

using namespace ssoctl;

namespace {
std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
const std::string kDir = std::string(SSOCTL_TESTDATA_DIR) + "/x509/";
}  // namespace

TEST_SUITE("x509") {
    TEST_CASE("x509::walk_der") {
        for (const char* name : {"ok.pem", "expired.pem", "expiring.pem", "not-yet-valid.pem", "weak-rsa1024.pem", "weak-sha1.pem", "ec-p256.pem",
                                 "ed25519.pem", "unicode.pem", "ca.pem"}) {
            CAPTURE(name);
            auto certs = x509::parse_pem(slurp(kDir + name));
            REQUIRE(certs);
            const std::string der = x509::der_of(certs->front().get());
            const x509::CertInfo want = x509::describe(certs->front().get());
            CHECK(x509::quick_agrees_with_openssl(der));
            auto got = x509::walk_der(der);
            // a self-issued certificate with extensions is left to OpenSSL (AKID, keyUsage decide
            // whether it is self-signed); every other fixture is read by the walk itself
            if (want.subject != want.issuer) REQUIRE(got);
            if (!got) continue;
            CHECK(got->self_signed == want.self_signed);
            CHECK(got->subject == want.subject);
            CHECK(got->sha1 == want.sha1);  // the thumbprint consoles show
            CHECK(got->issuer == want.issuer);
            CHECK(got->serial == want.serial);
            CHECK(got->sha256 == want.sha256);
            CHECK(got->not_before == want.not_before);
            CHECK(got->not_after == want.not_after);
            CHECK(got->key_type == want.key_type);
            CHECK(got->key_bits == want.key_bits);
            CHECK(got->signature_algorithm == want.signature_algorithm);
        }
        SUBCASE("hostile DER: the walk never reads what OpenSSL reads differently") {
            for (const char* name : {"no-signature.der", "extra-field.der", "rsa-no-exponent.der", "bad-version.der", "trailing-tbs.der"}) {
                CAPTURE(name);
                const std::string der = slurp(kDir + "hostile/" + name);
                REQUIRE(!der.empty());
                CHECK_FALSE(x509::walk_der(der));
                CHECK(x509::quick_agrees_with_openssl(der));
                // whatever quick_describe says is what OpenSSL says
                auto quick = x509::quick_describe(der);
                auto ossl = x509::parse_der(der);
                CHECK(quick.has_value() == ossl.has_value());
            }
            CHECK_FALSE(x509::quick_describe(slurp(kDir + "hostile/no-signature.der")));
        }
        SUBCASE("self-issued with extensions: self_signed as X509_check_issued says") {
            for (const char* name : {"hostile/ss-ku-no-certsign.der", "hostile/ss-akid-mismatch.der", "hostile/ss-san.der", "../keys/idp.der"}) {
                CAPTURE(name);
                const std::string der = slurp(kDir + name);
                REQUIRE(!der.empty());
                CHECK(x509::quick_agrees_with_openssl(der));
                auto cert = x509::parse_der(der);
                REQUIRE(cert);
                auto quick = x509::quick_describe(der);
                REQUIRE(quick);
                CHECK(quick->self_signed == x509::describe(cert->get()).self_signed);
            }
            // the walk reads the common ones itself
            CHECK(x509::walk_der(slurp(kDir + "../keys/idp.der")));
            CHECK(x509::walk_der(slurp(kDir + "hostile/ss-ku-no-certsign.der")));
            CHECK_FALSE(x509::walk_der(slurp(kDir + "hostile/ss-ku-no-certsign.der"))->self_signed);
            CHECK_FALSE(x509::walk_der(slurp(kDir + "hostile/ss-akid-mismatch.der"))->self_signed);
            CHECK(x509::walk_der(slurp(kDir + "../keys/idp.der"))->self_signed);
        }
        SUBCASE("mutated fixtures: the walk never disagrees with OpenSSL") {
            uint32_t seed = 12345;
            const auto rnd = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xffffff; };
            size_t walked = 0;
            for (const char* name : {"ok.der", "../keys/idp.der", "hostile/ss-ku-no-certsign.der", "hostile/ss-san.der"}) {
                const std::string base = slurp(kDir + name);
                REQUIRE(!base.empty());
                for (int i = 0; i < 3000; ++i) {
                    std::string der = base;
                    const int edits = 1 + static_cast<int>(rnd() % 3);
                    for (int k = 0; k < edits; ++k) {
                        const size_t at = rnd() % der.size();
                        switch (rnd() % 4) {
                            case 0: der[at] = static_cast<char>(rnd() & 0xff); break;
                            case 1: der[at] = static_cast<char>(der[at] ^ (1 << (rnd() % 8))); break;
                            case 2: der.erase(at, 1 + rnd() % 4); break;
                            default: der.insert(at, 1, static_cast<char>(rnd() & 0xff)); break;
                        }
                        if (der.empty()) der = base;
                    }
                    walked += x509::walk_der(der).has_value();
                    if (!x509::quick_agrees_with_openssl(der)) {
                        CAPTURE(name);
                        CAPTURE(i);
                        FAIL("walk and OpenSSL disagree");
                    }
                }
            }
            CHECK(walked > 0);
        }
        SUBCASE("garbage -> malformed_input") {
            CHECK(x509::quick_describe("not a certificate").error().code == "malformed_input");
            CHECK(!x509::walk_der(std::string("\x30\x82\xff\xff", 4)));
        }
    }

    TEST_CASE("x509::status_of") {
        x509::CertInfo c;
        c.not_before = 1000;
        c.not_after = 1000 + 40 * 86400;
        x509::Policy p{2000, 30, 0};
        CHECK(x509::status_of(c, p) == x509::Status::ok);
        p.now = c.not_after - 10 * 86400;
        CHECK(x509::status_of(c, p) == x509::Status::expiring);
        p.now = c.not_after;
        CHECK(x509::status_of(c, p) == x509::Status::expired);
        p.now = 500;
        CHECK(x509::status_of(c, p) == x509::Status::not_yet_valid);
        SUBCASE("within fail_days -> cert_expiring as error") {
            x509::Policy q{c.not_after - 10 * 86400, 30, 14};
            diag::Report r;
            x509::evaluate(c, q, "x", "here", r);
            REQUIRE(r.has(diag::Code::cert_expiring));
            CHECK(r.has_errors());
        }
        SUBCASE("expiring outside fail_days -> warning only") {
            x509::Policy q{c.not_after - 20 * 86400, 30, 14};
            diag::Report r;
            x509::evaluate(c, q, "x", "here", r);
            CHECK(r.has(diag::Code::cert_expiring));
            CHECK(!r.has_errors());
        }
    }

    TEST_CASE("x509::Collector") {
        x509::LoadOptions lo;
        SUBCASE("bundle: every certificate, keys skipped") {
            x509::Collector c(lo);
            REQUIRE(c.load(kDir + "bundle.pem"));
            CHECK(c.entries().size() == 4);
        }
        SUBCASE("directory: recursive, non-certificates skipped, duplicates parsed once") {
            x509::Collector c(lo);
            REQUIRE(c.load(kDir + "dir"));
            CHECK(c.entries().size() == 3);
            CHECK(c.unique() == 2);
            CHECK(c.problems().empty());
        }
        SUBCASE("pkcs12 without password -> io_error; with -> leaf and chain") {
            x509::Collector c(lo);
            CHECK(c.load(kDir + "store.p12").error().code == "io_error");
            lo.password = "correct horse battery staple";
            lo.have_password = true;
            x509::Collector d(lo);
            REQUIRE(d.load(kDir + "store.p12"));
            CHECK(d.entries().size() == 3);
            CHECK(d.entries()[0].kind == "pkcs12");
        }
        SUBCASE("DER") {
            x509::Collector c(lo);
            REQUIRE(c.load(kDir + "ok.der"));
            CHECK(c.entries().size() == 1);
        }
        SUBCASE("metadata file: entity, role and use") {
            x509::Collector c(lo);
            REQUIRE(c.load(std::string(SSOCTL_TESTDATA_DIR) + "/metadata/federation.xml"));
            CHECK(c.entries().size() == 7);
            CHECK(c.entries()[0].entity_id == "https://idp.uni-a.example/idp/shibboleth");
            CHECK(c.entries()[0].role == "idp");
            CHECK(c.entries()[0].use == "signing");
        }
        SUBCASE("missing file and garbage") {
            x509::Collector c(lo);
            CHECK(c.load(kDir + "does-not-exist.pem").error().code == "io_error");
            CHECK(c.load(kDir + "garbage.pem").error().code == "malformed_input");
        }
        SUBCASE("target kinds") {
            CHECK(x509::classify_target("https://example.com") == x509::TargetKind::tls);
            CHECK(x509::classify_target("https://example.com:8443/") == x509::TargetKind::tls);
            CHECK(x509::classify_target("https://example.com/metadata.xml") == x509::TargetKind::metadata_url);
            CHECK(x509::classify_target("http://127.0.0.1:8080/md") == x509::TargetKind::metadata_url);
            CHECK(x509::classify_target("-") == x509::TargetKind::stdin_input);
            CHECK(x509::classify_target(kDir + "dir") == x509::TargetKind::directory);
        }
    }
}
