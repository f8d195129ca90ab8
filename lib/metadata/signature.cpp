// Federation operators sign the whole aggregate once; one pinned key decides whether to trust it.
#include "metadata/signature.hpp"

#include <set>

#include <libxml/tree.h>
#include <libxml/valid.h>

#include "dsig/xmlsec_verify.hpp"
#include "xml/document.hpp"
#include "xml/node.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::metadata {
namespace {

constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

bool duplicate_ids(xmlNode* n, std::set<std::string>& seen) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (auto id = xml::attr(n, "ID"); id && !seen.insert(*id).second) return true;
        if (duplicate_ids(n->children, seen)) return true;
    }
    return false;
}

xmlNode* first_signature(xmlNode* n) {
    for (xmlNode* c = n ? n->children : nullptr; c; c = c->next) {
        if (xml::is(c, xml::kDs, "Signature")) return c;
        if (xmlNode* deeper = first_signature(c)) return deeper;
    }
    return nullptr;
}

diag::Finding& profile(diag::Report& r, xmlNode* sig, diag::Text message) {
    auto& f = r.add(diag::Code::invalid_signature_profile, std::move(message));
    f.location = xml::path(sig);
    return f;
}

}  // namespace

Result<SignatureCheck> verify_signature(std::string_view bytes, const dsig::TrustStore& trust, diag::Report& r) {
    xml::ParseLimits limits;
    limits.max_bytes = 512u << 20;
    limits.max_nodes = 100'000'000;
    limits.max_depth = 128;
    auto doc = xml::parse(bytes, limits);
    if (!doc) return tl::make_unexpected(doc.error());
    SignatureCheck out;
    xmlNode* root = xmlDocGetRootElement(doc->get());
    xmlNode* sig = xml::first_child(root, xml::kDs, "Signature");
    if (!sig) {
        if (xmlNode* elsewhere = first_signature(root)) {
            // Signed, but not where a signature covers the document (inside a role descriptor,
            // an entity of an aggregate, ...): a profile fault, not an unsigned document.
            out.present = true;
            auto& f = profile(r, elsewhere,
                              i18n::text(N_("the metadata's ds:Signature is at {}, not a child of the root element: it does not cover the document"),
                                         {{xml::path(elsewhere), {}}}));
            f.expected = xml::path(root) + "/ds:Signature";
            f.actual = xml::path(elsewhere);
            return out;
        }
        r.add(diag::Code::signature_missing, i18n::text(N_("the metadata is not signed, but --md-cert asks for a verified signature")),
              i18n::text(N_("fetch the signed metadata from the federation or IdP (not a copy re-saved by a tool)")))
            .location = xml::path(root);
        return out;
    }
    out.present = true;
    std::set<std::string> ids;
    if (duplicate_ids(root, ids)) {
        r.add(diag::Code::signature_wrapping, i18n::text(N_("an ID appears more than once in the metadata"))).location = xml::path(root);
        return out;
    }
    const std::string id = xml::attr_or(root, "ID");
    xmlNode* si = xml::first_child(sig, xml::kDs, "SignedInfo");
    const auto refs = xml::children(si, xml::kDs, "Reference");
    if (refs.size() != 1) {
        profile(r, sig, i18n::text(N_("the metadata signature has {} References; exactly one is allowed"), {{std::to_string(refs.size()), {}}}));
        return out;
    }
    const std::string uri = xml::attr_or(refs[0], "URI");
    if (id.empty() || uri != "#" + id) {
        auto& f = profile(r, sig, i18n::text(N_("the Reference URI '{}' does not name the root element's ID '{}'"), {{uri, {}}, {id, {}}}));
        f.expected = "#" + id;
        f.actual = uri;
        return out;
    }
    for (xmlNode* t : xml::children(xml::first_child(refs[0], xml::kDs, "Transforms"), xml::kDs, "Transform")) {
        const std::string alg = xml::attr_or(t, "Algorithm");
        if (alg != kEnveloped && alg != kExcC14n) {
            profile(r, sig, i18n::text(N_("transform '{}' is not allowed"), {{alg, {}}}));
            return out;
        }
    }
    out.algorithm = xml::attr_or(xml::first_child(si, xml::kDs, "SignatureMethod"), "Algorithm");
    const bool sha1 = out.algorithm == "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    xmlAttr* id_attr = xmlHasProp(root, BAD_CAST "ID");
    if (!xmlGetID(doc->get(), BAD_CAST id.c_str())) xmlAddID(nullptr, doc->get(), BAD_CAST id.c_str(), id_attr);
    if (trust.keys.empty()) {
        r.add(diag::Code::no_trusted_cert, i18n::text(N_("no usable --md-cert key")));
        return out;
    }
    bool digest = false;
    diag::Text refused;
    for (const auto& k : trust.keys) {
        const dsig::RawResult res = dsig::verify_with_key(sig, k.public_key.get(), true);
        if (res.verdict == dsig::RawVerdict::valid) {
            out.verified = true;
            out.verified_by = k.label;
            if (sha1) r.add(diag::Code::weak_algorithm, i18n::text(N_("the metadata signature uses SHA-1"))).actual = out.algorithm;
            return out;
        }
        digest = digest || res.verdict == dsig::RawVerdict::digest_mismatch;
        if (res.verdict == dsig::RawVerdict::refused) refused = res.detail;
    }
    if (!refused.empty()) {
        auto& f = r.add(diag::Code::unsupported_algorithm, i18n::text(N_("the metadata signature was refused: {}"), {refused}));
        f.actual = out.algorithm;
    } else if (digest) {
        r.add(diag::Code::digest_mismatch, i18n::text(N_("the metadata was changed after it was signed")),
              i18n::text(N_("download the metadata again from its publisher; never edit signed metadata by hand")))
            .location = xml::path(root);
    } else {
        r.add(diag::Code::invalid_signature, i18n::text(N_("the metadata signature does not verify with any --md-cert key ({} tried)"), {{std::to_string(trust.keys.size()), {}}}),
              i18n::text(N_("check that --md-cert is the federation's current metadata signing certificate")))
            .location = xml::path(sig);
    }
    return out;
}

}  // namespace ssoctl::metadata
