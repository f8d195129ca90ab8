// Cheap structural refusals before xmlsec runs (security-anchors §1.1-1.8, §1.14, §1.17, §2.6).
#include "dsig/profile.hpp"

#include <unordered_map>

#include "i18n/i18n.hpp"
#include "dsig/binding.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

using diag::Code;
using xml::kDs;
using xml::kSaml;
using xml::kSamlp;

constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

std::string_view sv(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view(); }

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

/** True when `n` has element, comment or PI children (only text is allowed). */
bool has_non_text(const xmlNode* n) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) return true;
    }
    return false;
}

bool has_comment_or_pi(const xmlNode* n) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE || c->type == XML_ENTITY_REF_NODE) return true;
        if (c->type == XML_ELEMENT_NODE && has_comment_or_pi(c)) return true;
    }
    return false;
}

void wrap(std::vector<Problem>& out, const xmlNode* at, diag::Text message) {
    out.push_back(Problem{Code::signature_wrapping, std::move(message), xml::path(at)});
}
void profile(std::vector<Problem>& out, const xmlNode* at, diag::Text message) {
    out.push_back(Problem{Code::invalid_signature_profile, std::move(message), xml::path(at)});
}
void unsupported(std::vector<Problem>& out, const xmlNode* at, std::string_view what /* N_() */, std::string_view uri) {
    out.push_back(Problem{Code::unsupported_algorithm,
                          i18n::text(N_("{} {} is not allowed"), {i18n::text(what), {std::string(q(uri))}}),
                          xml::path(at)});
}

void check_reference(xmlNode* ref, xmlNode* signature, std::vector<Problem>& out) {
    const auto uri = xml::attr(ref, "URI");
    const std::string id = xml::attr_or(signature->parent, "ID");
    if (!uri) {
        profile(out, ref, i18n::text(N_("the Reference has no URI")));
    } else if (uri->empty()) {
        profile(out, ref, i18n::text(N_("the Reference URI is empty (the whole document), not '#' + the ID of the signed element")));
    } else if ((*uri)[0] != '#') {
        profile(out, ref, i18n::text(N_("the Reference URI {} points outside the document; it is never fetched"), {{std::string(q(*uri))}}));
    } else if (id.empty()) {
        profile(out, signature->parent, i18n::text(N_("the signed element {} has no ID attribute"), {{std::string(q(xml::local_name(signature->parent)))}}));
    } else if (!is_ncname(id)) {
        wrap(out, signature->parent,
             i18n::text(N_("the ID {} of the signed element is not an XML name (NCName): a Reference to it can select other elements"), {{std::string(q(id))}}));
    } else if (uri->substr(1) != id) {
        wrap(out, ref,
             i18n::text(N_("the signature sits in the element with ID {} but its Reference points at {}: the signed content is elsewhere"), {{std::string(q(id))}, {std::string(q(*uri))}}));
    }
    size_t i = 0;
    bool seen_digest_value = false;
    bool enveloped = false, exclusive = false;
    for (xmlNode* c : xml::children(ref, {})) {
        const std::string_view name = xml::local_name(c);
        const bool ds = xml::ns_href(c) == kDs;
        if (ds && name == "Transforms" && i == 0) {
            const auto transforms = xml::children(c, {});
            if (transforms.size() > 2) profile(out, c, i18n::text(N_("the Reference has {} transforms (at most 2: enveloped-signature, exc-c14n)"), {{std::to_string(transforms.size())}}));
            for (xmlNode* t : transforms) {
                const std::string alg = xml::attr_or(t, "Algorithm");
                enveloped = enveloped || alg == kEnveloped;
                exclusive = exclusive || alg == kExcC14n;
                if (!xml::is(t, kDs, "Transform")) profile(out, t, i18n::text(N_("unexpected element {} in Transforms"), {{std::string(q(xml::local_name(t)))}}));
                else if (alg != kEnveloped && alg != kExcC14n) profile(out, t, i18n::text(N_("transform {} is not allowed in a SAML signature (only enveloped-signature and exc-c14n)"), {{std::string(q(alg))}}));
                for (xmlNode* p : xml::children(t, {})) {
                    if (!(alg == kExcC14n && xml::local_name(p) == "InclusiveNamespaces" && xml::ns_href(p) == kExcC14n)) profile(out, p, i18n::text(N_("unexpected transform parameter {}"), {{std::string(q(xml::local_name(p)))}}));
                }
            }
        } else if (ds && name == "DigestMethod" && i <= 1) {
            const std::string alg = xml::attr_or(c, "Algorithm");
            if (digest_method_strength(alg) == AlgStrength::refused) unsupported(out, c, N_("digest algorithm"), alg);
        } else if (ds && name == "DigestValue" && !seen_digest_value) {
            seen_digest_value = true;
            if (has_non_text(c)) profile(out, c, i18n::text(N_("the DigestValue contains a comment, processing instruction or element")));
        } else {
            profile(out, c, i18n::text(N_("unexpected element {} in the Reference"), {{std::string(q(name))}}));
        }
        ++i;
    }
    if (!seen_digest_value) profile(out, ref, i18n::text(N_("the Reference has no DigestValue")));
    if (!enveloped || !exclusive) {
        profile(out, ref, i18n::text(N_("the Reference lacks the {} transform; a SAML signature uses exactly enveloped-signature and exc-c14n"), {{std::string((!enveloped ? "enveloped-signature" : "exc-c14n"))}}));
    }
}

void check_signed_info(xmlNode* si, xmlNode* signature, std::vector<Problem>& out) {
    if (has_comment_or_pi(si)) profile(out, si, i18n::text(N_("the SignedInfo contains a comment or processing instruction")));
    const auto kids = xml::children(si, {});
    size_t refs = 0;
    for (size_t i = 0; i < kids.size(); ++i) {
        xmlNode* c = kids[i];
        const std::string_view name = xml::local_name(c);
        const bool ds = xml::ns_href(c) == kDs;
        const std::string alg = xml::attr_or(c, "Algorithm");
        if (ds && name == "CanonicalizationMethod" && i == 0) {
            if (alg != kExcC14n) unsupported(out, c, "canonicalization", alg);
        } else if (ds && name == "SignatureMethod" && i == 1) {
            if (signature_method_strength(alg) == AlgStrength::refused) unsupported(out, c, N_("signature algorithm"), alg);
            if (xml::first_child(c, kDs, "HMACOutputLength")) unsupported(out, c, "HMACOutputLength on", alg);
            else if (!xml::children(c, {}).empty()) profile(out, c, i18n::text(N_("unexpected parameters in SignatureMethod")));
        } else if (ds && name == "Reference" && i >= 2) {
            if (++refs == 1) check_reference(c, signature, out);
        } else {
            profile(out, c, i18n::text(N_("unexpected element {} in SignedInfo"), {{std::string(q(name))}}));
        }
    }
    if (refs != 1) profile(out, si, i18n::text(N_("the SignedInfo has {} references; a SAML signature has exactly one"), {{std::to_string(refs)}}));
}

void walk_ids(xmlNode* n, std::unordered_map<std::string, xmlNode*>& seen, std::vector<Problem>& out) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        for (const xmlAttr* a = n->properties; a; a = a->next) {
            const std::string_view name = sv(a->name);
            const bool xml_id = a->ns && sv(a->ns->href) == "http://www.w3.org/XML/1998/namespace" && name == "id";
            if (!xml_id && (a->ns || (name != "ID" && name != "Id" && name != "id" && name != "AssertionID"))) continue;
            std::string value;
            for (const xmlNode* c = a->children; c; c = c->next) value += sv(c->content);
            auto [it, fresh] = seen.emplace(value, n);
            if (!fresh && it->second != n) {
                wrap(out, n,
                     i18n::text(N_("the ID {} appears twice ({} and {}): a signed copy and a forged one can hide behind one ID"), {{std::string(q(value))}, {xml::path(it->second)}, {xml::path(n)}}));
            }
        }
        walk_ids(n->children, seen, out);
    }
}

void walk_misplaced(xmlNode* n, const saml::Message& msg, std::vector<Problem>& out) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (xml::is(n, kSaml, "Advice")) {
            // Advice is never consumed, but only an Assertion may carry it.
            if (!xml::is(n->parent, kSaml, "Assertion")) {
                out.push_back(Problem{Code::schema_violation,
                                      i18n::text(N_("a saml:Advice at {}, where only an Assertion may carry one: its content is ignored"), {{xml::path(n)}}),
                                      xml::path(n)});
            }
            continue;
        }
        const bool assertion = xml::is(n, kSaml, "Assertion") || xml::is(n, kSaml, "EncryptedAssertion");
        if (assertion && n != msg.root && !(msg.type == saml::MessageType::response && n->parent == msg.root)) {
            wrap(out, n, i18n::text(N_("an assertion at {}, outside /Response/Assertion"), {{xml::path(n)}}));
            continue;
        }
        if (n != msg.root && (xml::is(n, kSamlp, "Response") || xml::is(n, kSamlp, "LogoutResponse") || xml::is(n, kSamlp, "LogoutRequest"))) {
            wrap(out, n, i18n::text(N_("a nested protocol message at {}"), {{xml::path(n)}}));
            continue;
        }
        walk_misplaced(n->children, msg, out);
    }
}

}  // namespace

AlgStrength signature_method_strength(std::string_view uri) {
    static constexpr std::string_view strong[] = {
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",   "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",   "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"};
    for (auto s : strong) {
        if (uri == s) return AlgStrength::strong;
    }
    if (uri == "http://www.w3.org/2000/09/xmldsig#rsa-sha1" || uri == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1") return AlgStrength::weak;
    return AlgStrength::refused;
}

AlgStrength digest_method_strength(std::string_view uri) {
    if (uri == "http://www.w3.org/2001/04/xmlenc#sha256" || uri == "http://www.w3.org/2001/04/xmldsig-more#sha384" || uri == "http://www.w3.org/2001/04/xmlenc#sha512") return AlgStrength::strong;
    if (uri == "http://www.w3.org/2000/09/xmldsig#sha1") return AlgStrength::weak;
    return AlgStrength::refused;
}

std::string short_algorithm(std::string_view uri) {
    const size_t hash = uri.rfind('#');
    if (hash != std::string_view::npos && (uri.starts_with("http://www.w3.org/2001/04/") || uri.starts_with("http://www.w3.org/2000/09/xmldsig#"))) return std::string(uri.substr(hash + 1));
    return std::string(uri);
}

std::vector<Problem> check_signature_profile(xmlNode* signature) {
    std::vector<Problem> out;
    const auto kids = xml::children(signature, {});
    static constexpr std::string_view order[] = {"SignedInfo", "SignatureValue", "KeyInfo"};
    size_t expect = 0;
    bool have_si = false, have_sv = false;
    for (xmlNode* c : kids) {
        const std::string_view name = xml::local_name(c);
        if (xml::ns_href(c) == kDs && name == "Object") {
            wrap(out, c, i18n::text(N_("the Signature carries a ds:Object, which can hide a copy of the signed content")));
            continue;
        }
        size_t pos = 3;
        for (size_t k = 0; k < 3; ++k) {
            if (xml::ns_href(c) == kDs && name == order[k]) pos = k;
        }
        if (pos == 3) {
            wrap(out, c, i18n::text(N_("foreign element {} inside the Signature"), {{std::string(q(name))}}));
            continue;
        }
        if (pos < expect) {
            profile(out, c, i18n::text(N_("the Signature has a second or misplaced {}"), {{std::string(q(name))}}));
            continue;
        }
        expect = pos + 1;
        if (pos == 0) {
            have_si = true;
            check_signed_info(c, signature, out);
        } else if (pos == 1) {
            have_sv = true;
            if (has_non_text(c)) profile(out, c, i18n::text(N_("the SignatureValue contains a comment, processing instruction or element")));
        }
    }
    if (!have_si || !have_sv) profile(out, signature, i18n::text(N_("the Signature lacks SignedInfo or SignatureValue")));
    return out;
}

std::vector<Problem> check_document(const saml::Message& msg) {
    std::vector<Problem> out;
    std::unordered_map<std::string, xmlNode*> seen;
    xmlNode* top = xmlDocGetRootElement(msg.doc.get());
    walk_ids(top, seen, out);
    if (top) walk_misplaced(top->children, msg, out);
    size_t direct = 0;
    for (const auto& a : msg.assertions) {
        if (a.node && a.node->parent == msg.root) ++direct;
    }
    if (msg.type == saml::MessageType::response && direct > 1) {
        out.push_back(Problem{Code::multiple_assertions,
                              i18n::text(N_("the response carries {} assertions; a consumer could read an unsigned or different one"), {{std::to_string(direct)}}),
                              xml::path(msg.root)});
    }
    for (const auto& s : msg.signatures) {
        if (inside_advice(s.node)) continue;
        const bool on_root = s.parent == msg.root;
        const bool on_assertion = xml::is(s.parent, kSaml, "Assertion") && msg.type == saml::MessageType::response && s.parent->parent == msg.root;
        if (!on_root && !on_assertion) {
            wrap(out, s.node, i18n::text(N_("a Signature at {} signs an element no SAML consumer reads"), {{xml::path(s.node)}}));
        }
    }
    return out;
}

bool register_ids(const saml::Message& msg) {
    std::vector<xmlNode*> nodes{msg.root};
    if (msg.type == saml::MessageType::response) {
        for (xmlNode* c : xml::children(msg.root, kSaml, "Assertion")) nodes.push_back(c);
    }
    for (xmlNode* n : nodes) {
        xmlAttr* a = xmlHasNsProp(n, BAD_CAST "ID", nullptr);
        if (!a || !a->children) continue;
        xmlChar* value = xmlNodeListGetString(n->doc, a->children, 1);
        if (!value) return false;
        xmlAttr* existing = xmlGetID(n->doc, value);
        bool ok = true;
        if (!existing) ok = xmlAddID(nullptr, n->doc, value, a) != nullptr;
        else ok = existing == a;
        xmlFree(value);
        if (!ok) return false;
    }
    return true;
}

namespace {

void add_all(const std::vector<Problem>& problems, diag::Report& report) {
    for (const auto& p : problems) report.add(p.code, p.message).location = p.location;
}

}  // namespace

bool check_document(const saml::Message& msg, diag::Report& report) {
    const auto problems = check_document(msg);
    add_all(problems, report);
    if (!problems.empty()) {
        // The caller stops here, so name what is wrong with each signature too.
        for (const auto& s : msg.signatures) {
            if (!inside_advice(s.node)) add_all(check_signature_profile(s.node), report);
        }
        return false;
    }
    if (!register_ids(msg)) {
        report.add(Code::signature_wrapping, i18n::text(N_("an ID of the message is already bound to another element"))).location = xml::path(msg.root);
        return false;
    }
    return true;
}

bool check_signature(const saml::Message& msg, const saml::SignatureInfo& sig, diag::Report& report, bool& sha1) {
    (void)msg;
    const auto problems = check_signature_profile(sig.node);
    add_all(problems, report);
    sha1 = signature_method_strength(sig.signature_algorithm) == AlgStrength::weak || digest_method_strength(sig.digest_algorithm) == AlgStrength::weak;
    return problems.empty();
}

bool inside_advice(const xmlNode* n) {
    for (const xmlNode* p = n ? n->parent : nullptr; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (xml::is(p, kSaml, "Advice")) return true;
    }
    return false;
}

}  // namespace ssoctl::dsig
