// `ssoctl metadata --md-cert md-signer.crt FILE`: the root signature verified against a pinned key,
// then the streaming reader + lint. Any entity the reader reports from a document whose signature
// verified is shown as signed, so both halves run on the same bytes.
#include "dsig/trust_store.hpp"
#include "metadata/lint.hpp"
#include "metadata/reader.hpp"
#include "metadata/signature.hpp"
#include "target.hpp"

using namespace ssoctl;

namespace {
const dsig::TrustStore& trust() {
    static const dsig::TrustStore store = [] {
        dsig::TrustStore s;
        if (!dsig::add_cert_file(s, "--md-cert md-signer.crt", fuzz::testdata("metadata/signed/md-signer.crt")))
            fuzz::disagree("metadata_md_cert", "cannot load metadata/signed/md-signer.crt");
        return s;
    }();
    return store;
}
}  // namespace

SSOCTL_FUZZ_TARGET(metadata_md_cert) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const dsig::TrustStore& t = trust();
    diag::Report sig_report;
    auto checked = metadata::verify_signature(in, t, sig_report);
    metadata::Linter linter({x509::Policy{fuzz::kNow, 30, 0}, "", "fuzz.xml"});
    diag::Report report;
    auto doc = metadata::read_memory(in, [&](metadata::Entity&& e) { (void)linter.lint(std::move(e), report); });
    if (doc) linter.lint_document(*doc, report);
    (void)checked;
    return 0;
}
