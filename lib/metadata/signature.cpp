// Federation operators sign the whole aggregate once; one pinned key decides whether to trust it.
#include "metadata/signature.hpp"

#include <set>

#include <libxml/tree.h>
#include <libxml/valid.h>

#include "dsig/xmlsec_verify.hpp"
#include "xml/document.hpp"
#include "xml/node.hpp"

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

diag::Finding& profile(diag::Report& r, xmlNode* sig, std::string en, std::string ja) {
    auto& f = r.add(diag::Code::invalid_signature_profile, {std::move(en), std::move(ja)});
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
                              "the metadata's ds:Signature is at " + xml::path(elsewhere) + ", not a child of the root element: it does not cover the document",
                              "メタデータの ds:Signature がルート要素の子ではなく " + xml::path(elsewhere) + " にあり、文書全体を保護していません");
            f.expected = xml::path(root) + "/ds:Signature";
            f.actual = xml::path(elsewhere);
            return out;
        }
        r.add(diag::Code::signature_missing, {"the metadata is not signed, but --md-cert asks for a verified signature", "メタデータに署名がありませんが、--md-cert で署名の検証が指定されています"},
              {"fetch the signed metadata from the federation or IdP (not a copy re-saved by a tool)", "フェデレーションまたは IdP から署名付きメタデータを取得してください（ツールで保存し直した写しではなく）"})
            .location = xml::path(root);
        return out;
    }
    out.present = true;
    std::set<std::string> ids;
    if (duplicate_ids(root, ids)) {
        r.add(diag::Code::signature_wrapping, {"an ID appears more than once in the metadata", "メタデータ内で ID が重複しています"}).location = xml::path(root);
        return out;
    }
    const std::string id = xml::attr_or(root, "ID");
    xmlNode* si = xml::first_child(sig, xml::kDs, "SignedInfo");
    const auto refs = xml::children(si, xml::kDs, "Reference");
    if (refs.size() != 1) {
        profile(r, sig, "the metadata signature has " + std::to_string(refs.size()) + " References; exactly one is allowed", "メタデータ署名の Reference が " + std::to_string(refs.size()) + " 個あります。1 個だけが許されます");
        return out;
    }
    const std::string uri = xml::attr_or(refs[0], "URI");
    if (id.empty() || uri != "#" + id) {
        auto& f = profile(r, sig, "the Reference URI '" + uri + "' does not name the root element's ID '" + id + "'", "Reference の URI '" + uri + "' がルート要素の ID '" + id + "' を指していません");
        f.expected = "#" + id;
        f.actual = uri;
        return out;
    }
    for (xmlNode* t : xml::children(xml::first_child(refs[0], xml::kDs, "Transforms"), xml::kDs, "Transform")) {
        const std::string alg = xml::attr_or(t, "Algorithm");
        if (alg != kEnveloped && alg != kExcC14n) {
            profile(r, sig, "transform '" + alg + "' is not allowed", "変換 '" + alg + "' は許可されていません");
            return out;
        }
    }
    out.algorithm = xml::attr_or(xml::first_child(si, xml::kDs, "SignatureMethod"), "Algorithm");
    const bool sha1 = out.algorithm == "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    xmlAttr* id_attr = xmlHasProp(root, BAD_CAST "ID");
    if (!xmlGetID(doc->get(), BAD_CAST id.c_str())) xmlAddID(nullptr, doc->get(), BAD_CAST id.c_str(), id_attr);
    if (trust.keys.empty()) {
        r.add(diag::Code::no_trusted_cert, {"no usable --md-cert key", "使用できる --md-cert の鍵がありません"});
        return out;
    }
    bool digest = false;
    std::string refused;
    for (const auto& k : trust.keys) {
        const dsig::RawResult res = dsig::verify_with_key(sig, k.public_key.get(), true);
        if (res.verdict == dsig::RawVerdict::valid) {
            out.verified = true;
            out.verified_by = k.label;
            if (sha1) r.add(diag::Code::weak_algorithm, {"the metadata signature uses SHA-1", "メタデータ署名に SHA-1 が使われています"}).actual = out.algorithm;
            return out;
        }
        digest = digest || res.verdict == dsig::RawVerdict::digest_mismatch;
        if (res.verdict == dsig::RawVerdict::refused) refused = res.detail;
    }
    if (!refused.empty()) {
        auto& f = r.add(diag::Code::unsupported_algorithm, {"the metadata signature was refused: " + refused, "メタデータ署名は拒否されました: " + refused});
        f.actual = out.algorithm;
    } else if (digest) {
        r.add(diag::Code::digest_mismatch, {"the metadata was changed after it was signed", "メタデータが署名後に変更されています"},
              {"download the metadata again from its publisher; never edit signed metadata by hand", "発行元からメタデータを再取得してください。署名付きメタデータを手で編集しないでください"})
            .location = xml::path(root);
    } else {
        r.add(diag::Code::invalid_signature, {"the metadata signature does not verify with any --md-cert key (" + std::to_string(trust.keys.size()) + " tried)",
                                              "メタデータ署名はどの --md-cert の鍵でも検証できません（" + std::to_string(trust.keys.size()) + " 個を試行）"},
              {"check that --md-cert is the federation's current metadata signing certificate", "--md-cert がフェデレーションの現在のメタデータ署名証明書か確認してください"})
            .location = xml::path(sig);
    }
    return out;
}

}  // namespace ssoctl::metadata
