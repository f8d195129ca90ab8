// Signed-data re-read: the octets the verified Reference digested, parsed again by the hardened parser.
#include "dsig/signed_data.hpp"

#include "i18n/i18n.hpp"
#include "dsig/xmlsec_verify.hpp"
#include "saml/parse.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

/** The trusted keys, plus the embedded certificate when a --fingerprint pin names it. */
std::vector<std::shared_ptr<EVP_PKEY>> candidate_keys(const saml::SignatureInfo& s, const TrustStore& trust) {
    std::vector<std::shared_ptr<EVP_PKEY>> keys;
    for (const auto& k : trust.keys) keys.push_back(k.public_key);
    if (s.cert && matching_pin(trust, *s.cert)) {
        xmlNode* cert = xml::first_child(xml::first_child(xml::first_child(s.node, xml::kDs, "KeyInfo"), xml::kDs, "X509Data"), xml::kDs, "X509Certificate");
        if (auto der = x509::parse_base64_der(xml::text(cert))) {
            if (auto key = key_from_der({"pinned", {}}, x509::der_of(der->get()))) keys.push_back(key->public_key);
        }
    }
    return keys;
}

}  // namespace

Result<SignedAssertion> signed_assertion(const saml::Message& msg, const TrustStore& trust) {
    const saml::Assertion* a = nullptr;
    size_t plain = 0;
    for (const auto& x : msg.assertions) {
        if (!x.encrypted) {
            a = &x;
            ++plain;
        }
    }
    if (plain != 1) return i18n::failure("signature_missing", N_("there is not exactly one readable assertion"));
    const saml::SignatureInfo* own = nullptr;
    const saml::SignatureInfo* outer = nullptr;
    for (const auto& s : msg.signatures) {
        if (!s.verified.value_or(false)) continue;
        if (s.parent == a->node) own = &s;
        else if (s.parent == msg.root && msg.type == saml::MessageType::response && a->node->parent == msg.root) outer = &s;
    }
    const saml::SignatureInfo* use = own ? own : outer;
    if (!use) return i18n::failure("signature_missing", N_("no verified signature covers the assertion"));
    // The octets the verifier digested; a signature verified elsewhere is verified once more here.
    std::string signed_bytes = use->signed_bytes;
    if (signed_bytes.empty()) {
        for (const auto& key : candidate_keys(*use, trust)) {
            RawResult r = verify_with_key(use->node, key.get(), true, true);
            if (r.verdict != RawVerdict::valid) continue;
            signed_bytes = std::move(r.pre_digest);
            break;
        }
    }
    if (signed_bytes.empty()) return i18n::failure("signature_missing", N_("the covering signature no longer verifies"));
    auto doc = xml::parse(signed_bytes);
    if (!doc) return i18n::failure("malformed_input", i18n::text(N_("the signed bytes do not parse again")), i18n::text_of(doc.error()));
    xmlNode* root = xmlDocGetRootElement(doc->get());
    xmlNode* node = nullptr;
    if (xml::is(root, xml::kSaml, "Assertion")) {
        node = root;
    } else if (xml::is(root, xml::kSamlp, "Response")) {
        const auto kids = xml::children(root, xml::kSaml, "Assertion");
        if (kids.size() == 1) node = kids.front();
    }
    if (!node) return i18n::failure("malformed_input", N_("the signed bytes do not hold exactly one assertion"));
    SignedAssertion out;
    out.assertion = saml::parse_assertion(node);
    out.doc = std::move(*doc);
    out.signed_element = use->element;
    return out;
}

}  // namespace ssoctl::dsig
