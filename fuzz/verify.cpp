// Signature verification with a fixed trusted key (testdata/keys/idp.crt), as `verify-sig` runs
// it: verify_all, then the signed assertion re-read from the verified bytes.
#include "dsig/policy.hpp"
#include "dsig/signed_data.hpp"
#include "saml/parse.hpp"
#include "target.hpp"

using namespace ssoctl;

namespace {
const dsig::TrustStore& trust() {
    static const dsig::TrustStore store = [] {
        dsig::TrustStore s;
        if (!dsig::add_cert_file(s, "--idp-cert idp.crt", fuzz::testdata("keys/idp.crt"))) fuzz::disagree("verify", "cannot load keys/idp.crt");
        return s;
    }();
    return store;
}
}  // namespace

SSOCTL_FUZZ_TARGET(verify) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const dsig::TrustStore& t = trust();
    auto m = saml::parse_message(in);
    if (!m) return 0;
    static const dsig::Require requires_[] = {dsig::Require::either, dsig::Require::response, dsig::Require::assertion};
    const dsig::Require require = requires_[size % 3];
    dsig::Outcome o = dsig::verify_all(*m, nullptr, t, require, fuzz::kNow);
    if (!o.result.report.has_errors()) (void)dsig::signed_assertion(*m, t);
    return 0;
}
