// `ssoctl metadata --md-cert md-signer.crt FILE`: the root signature verified against a pinned key,
// then the streaming reader + lint. Any entity the reader reports from a document whose signature
// verified is shown as signed, so both halves run on the same bytes.
// Oracle (issue 10 item 2): when the signature verified and the reader accepted the document, the
// entities it reported are exactly the EntityDescriptors in the places the metadata schema allows
// (the root, or children of EntitiesDescriptor, recursively) - never one hidden in a Signature,
// KeyInfo, Object, Extensions or any other element.
#include "dsig/trust_store.hpp"
#include "metadata/lint.hpp"
#include "metadata/reader.hpp"
#include "metadata/signature.hpp"
#include "target.hpp"
#include "xml/document.hpp"

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
constexpr const char* kMd = "urn:oasis:names:tc:SAML:2.0:metadata";

bool is_md(const xmlNode* n, const char* name) {
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && xmlStrEqual(n->ns->href, BAD_CAST kMd) && xmlStrEqual(n->name, BAD_CAST name);
}

size_t proper_entities(const xmlNode* n) {
    if (is_md(n, "EntityDescriptor")) return 1;
    if (!is_md(n, "EntitiesDescriptor")) return 0;
    size_t count = 0;
    for (const xmlNode* c = n->children; c; c = c->next) count += proper_entities(c);
    return count;
}

}  // namespace

SSOCTL_FUZZ_TARGET(metadata_md_cert) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const dsig::TrustStore& t = trust();
    diag::Report sig_report;
    auto checked = metadata::verify_signature(in, t, sig_report);
    metadata::Linter linter({x509::Policy{fuzz::kNow, 30, 0}, "", "fuzz.xml"});
    diag::Report report;
    size_t reported = 0;
    auto doc = metadata::read_memory(in, [&](metadata::Entity&& e) {
        ++reported;
        (void)linter.lint(std::move(e), report);
    });
    if (doc) linter.lint_document(*doc, report);
    if (checked && checked->verified && doc) {
        if (auto dom = xml::parse(in)) {
            const size_t proper = proper_entities(xmlDocGetRootElement(dom->get()));
            if (proper != reported)
                fuzz::disagree("metadata_md_cert", "signature verified; the reader reported " + std::to_string(reported) +
                                                       " entities, the schema's places hold " + std::to_string(proper));
        }
    }
    return 0;
}
