// Certificate loading as `cert-expiry FILE` and trust loading do it: parse_any (PEM/DER) with
// describe() on each certificate, and the Collector's file path (PEM/DER/PKCS#12/metadata
// detection), once as `in.crt` and once as `in.p12` (PKCS#12 is chosen by the extension).
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "dsig/trust_store.hpp"
#include "target.hpp"
#include "x509/cert.hpp"
#include "x509/load.hpp"

using namespace ssoctl;

namespace {
// One directory per process on tmpfs (never in the repository).
const std::string& workdir() {
    static const std::string dir = [] {
        char tmpl[] = "/dev/shm/ssoctl-fuzz-x509-XXXXXX";
        const char* d = mkdtemp(tmpl);
        if (!d) fuzz::disagree("x509_load", "mkdtemp failed");
        std::string s = d;
        if (symlink("in.crt", (s + "/in.p12").c_str()) != 0) fuzz::disagree("x509_load", "symlink failed");
        static std::string cleanup = s;
        std::atexit([] {
            std::remove((cleanup + "/in.p12").c_str());
            std::remove((cleanup + "/in.crt").c_str());
            rmdir(cleanup.c_str());
        });
        return s;
    }();
    return dir;
}
}  // namespace

SSOCTL_FUZZ_TARGET(x509_load) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    if (auto certs = x509::parse_any(in)) {
        for (auto& c : *certs) {
            (void)x509::describe(c.get());
            (void)x509::der_of(c.get());
        }
    }
    (void)x509::parse_base64_der(in);
    dsig::TrustStore store;
    (void)dsig::add_cert_file(store, "--idp-cert fuzz", in);

    const std::string& dir = workdir();
    {
        std::ofstream out(dir + "/in.crt", std::ios::binary | std::ios::trunc);
        out.write(in.data(), static_cast<std::streamsize>(in.size()));
    }
    x509::LoadOptions opts;
    opts.password = "correct horse battery staple";  // testdata/x509/store.p12.pass
    opts.have_password = true;
    x509::Collector c(opts);
    (void)c.load(dir + "/in.crt");
    (void)c.load(dir + "/in.p12");
    return 0;
}
