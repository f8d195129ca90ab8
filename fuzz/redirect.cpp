// HTTP-Redirect binding: a pasted URL/query -> normalize (SAMLRequest/SAMLResponse, RelayState,
// SigAlg, Signature) -> the query signature and the message verified together with idp.crt.
#include "dsig/policy.hpp"
#include "dsig/redirect.hpp"
#include "saml/input.hpp"
#include "saml/parse.hpp"
#include "target.hpp"

using namespace ssoctl;

namespace {
const dsig::TrustStore& trust() {
    static const dsig::TrustStore store = [] {
        dsig::TrustStore s;
        if (!dsig::add_cert_file(s, "--idp-cert idp.crt", fuzz::testdata("keys/idp.crt"))) fuzz::disagree("redirect", "cannot load keys/idp.crt");
        return s;
    }();
    return store;
}
}  // namespace

SSOCTL_FUZZ_TARGET(redirect) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const dsig::TrustStore& t = trust();
    auto n = saml::normalize(in);
    if (!n) return 0;
    diag::Report r;
    (void)dsig::verify_query(*n, t, fuzz::kNow, r);
    auto m = saml::parse_message(n->xml);
    if (!m) return 0;
    (void)dsig::verify_all(*m, &*n, t, dsig::Require::either, fuzz::kNow);
    return 0;
}
