// Cheap structural refusals before xmlsec runs (security-anchors §1.1-1.8, §1.14, §1.17, §2.6).
#include "dsig/profile.hpp"

#include <unordered_map>

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

void wrap(std::vector<Problem>& out, const xmlNode* at, std::string en, std::string ja) {
    out.push_back(Problem{Code::signature_wrapping, {std::move(en), std::move(ja)}, xml::path(at)});
}
void profile(std::vector<Problem>& out, const xmlNode* at, std::string en, std::string ja) {
    out.push_back(Problem{Code::invalid_signature_profile, {std::move(en), std::move(ja)}, xml::path(at)});
}
void unsupported(std::vector<Problem>& out, const xmlNode* at, std::string_view what, std::string_view uri) {
    out.push_back(Problem{Code::unsupported_algorithm,
                          {std::string(what) + " " + q(uri) + " is not allowed", std::string(what) + " " + q(uri) + " は許可されていません"},
                          xml::path(at)});
}

void check_reference(xmlNode* ref, xmlNode* signature, std::vector<Problem>& out) {
    const auto uri = xml::attr(ref, "URI");
    const std::string id = xml::attr_or(signature->parent, "ID");
    if (!uri) {
        profile(out, ref, "the Reference has no URI", "Reference に URI がありません");
    } else if (uri->empty()) {
        profile(out, ref, "the Reference URI is empty (the whole document), not '#' + the ID of the signed element",
                "Reference の URI が空（文書全体）です。署名対象要素の '#' + ID である必要があります");
    } else if ((*uri)[0] != '#') {
        profile(out, ref, "the Reference URI " + q(*uri) + " points outside the document; it is never fetched",
                "Reference の URI " + q(*uri) + " は文書外を指しています（取得はしません）");
    } else if (id.empty()) {
        profile(out, signature->parent, "the signed element " + q(xml::local_name(signature->parent)) + " has no ID attribute",
                "署名対象の要素 " + q(xml::local_name(signature->parent)) + " に ID 属性がありません");
    } else if (!is_ncname(id)) {
        wrap(out, signature->parent,
             "the ID " + q(id) + " of the signed element is not an XML name (NCName): a Reference to it can select other elements",
             "署名対象の要素の ID " + q(id) + " は XML 名（NCName）ではありません。この ID への Reference は別の要素を選択できます");
    } else if (uri->substr(1) != id) {
        wrap(out, ref,
             "the signature sits in the element with ID " + q(id) + " but its Reference points at " + q(*uri) + ": the signed content is elsewhere",
             "署名は ID " + q(id) + " の要素にありますが、Reference は " + q(*uri) + " を指しています。署名された内容は別の場所にあります");
    }
    size_t i = 0;
    bool seen_digest_value = false;
    bool enveloped = false, exclusive = false;
    for (xmlNode* c : xml::children(ref, {})) {
        const std::string_view name = xml::local_name(c);
        const bool ds = xml::ns_href(c) == kDs;
        if (ds && name == "Transforms" && i == 0) {
            const auto transforms = xml::children(c, {});
            if (transforms.size() > 2) profile(out, c, "the Reference has " + std::to_string(transforms.size()) + " transforms (at most 2: enveloped-signature, exc-c14n)", "Reference の変換が " + std::to_string(transforms.size()) + " 個あります（最大 2 個: enveloped-signature と exc-c14n）");
            for (xmlNode* t : transforms) {
                const std::string alg = xml::attr_or(t, "Algorithm");
                enveloped = enveloped || alg == kEnveloped;
                exclusive = exclusive || alg == kExcC14n;
                if (!xml::is(t, kDs, "Transform")) profile(out, t, "unexpected element " + q(xml::local_name(t)) + " in Transforms", "Transforms に想定外の要素 " + q(xml::local_name(t)) + " があります");
                else if (alg != kEnveloped && alg != kExcC14n) profile(out, t, "transform " + q(alg) + " is not allowed in a SAML signature (only enveloped-signature and exc-c14n)", "変換 " + q(alg) + " は SAML 署名では使えません（enveloped-signature と exc-c14n のみ）");
                for (xmlNode* p : xml::children(t, {})) {
                    if (!(alg == kExcC14n && xml::local_name(p) == "InclusiveNamespaces" && xml::ns_href(p) == kExcC14n)) profile(out, p, "unexpected transform parameter " + q(xml::local_name(p)), "想定外の変換パラメータ " + q(xml::local_name(p)) + " があります");
                }
            }
        } else if (ds && name == "DigestMethod" && i <= 1) {
            const std::string alg = xml::attr_or(c, "Algorithm");
            if (digest_method_strength(alg) == AlgStrength::refused) unsupported(out, c, "digest algorithm", alg);
        } else if (ds && name == "DigestValue" && !seen_digest_value) {
            seen_digest_value = true;
            if (has_non_text(c)) profile(out, c, "the DigestValue contains a comment, processing instruction or element", "DigestValue にコメント、処理命令、または要素が含まれています");
        } else {
            profile(out, c, "unexpected element " + q(name) + " in the Reference", "Reference に想定外の要素 " + q(name) + " があります");
        }
        ++i;
    }
    if (!seen_digest_value) profile(out, ref, "the Reference has no DigestValue", "Reference に DigestValue がありません");
    if (!enveloped || !exclusive) {
        profile(out, ref, std::string("the Reference lacks the ") + (!enveloped ? "enveloped-signature" : "exc-c14n") + " transform; a SAML signature uses exactly enveloped-signature and exc-c14n",
                std::string("Reference に ") + (!enveloped ? "enveloped-signature" : "exc-c14n") + " 変換がありません。SAML 署名は enveloped-signature と exc-c14n を使います");
    }
}

void check_signed_info(xmlNode* si, xmlNode* signature, std::vector<Problem>& out) {
    if (has_comment_or_pi(si)) profile(out, si, "the SignedInfo contains a comment or processing instruction", "SignedInfo にコメントまたは処理命令が含まれています");
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
            if (signature_method_strength(alg) == AlgStrength::refused) unsupported(out, c, "signature algorithm", alg);
            if (xml::first_child(c, kDs, "HMACOutputLength")) unsupported(out, c, "HMACOutputLength on", alg);
            else if (!xml::children(c, {}).empty()) profile(out, c, "unexpected parameters in SignatureMethod", "SignatureMethod に想定外のパラメータがあります");
        } else if (ds && name == "Reference" && i >= 2) {
            if (++refs == 1) check_reference(c, signature, out);
        } else {
            profile(out, c, "unexpected element " + q(name) + " in SignedInfo", "SignedInfo に想定外の要素 " + q(name) + " があります");
        }
    }
    if (refs != 1) profile(out, si, "the SignedInfo has " + std::to_string(refs) + " references; a SAML signature has exactly one", "SignedInfo の Reference が " + std::to_string(refs) + " 個あります。SAML 署名では 1 個だけです");
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
                     "the ID " + q(value) + " appears twice (" + xml::path(it->second) + " and " + xml::path(n) + "): a signed copy and a forged one can hide behind one ID",
                     "ID " + q(value) + " が 2 回現れます（" + xml::path(it->second) + " と " + xml::path(n) + "）。署名済みの写しと偽造部分が同じ ID の陰に隠れられます");
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
                                      {"a saml:Advice at " + xml::path(n) + ", where only an Assertion may carry one: its content is ignored",
                                       "Assertion 以外の場所 " + xml::path(n) + " に saml:Advice があります。この内容は無視されます"},
                                      xml::path(n)});
            }
            continue;
        }
        const bool assertion = xml::is(n, kSaml, "Assertion") || xml::is(n, kSaml, "EncryptedAssertion");
        if (assertion && n != msg.root && !(msg.type == saml::MessageType::response && n->parent == msg.root)) {
            wrap(out, n, "an assertion at " + xml::path(n) + ", outside /Response/Assertion", "/Response/Assertion 以外の場所 " + xml::path(n) + " にアサーションがあります");
            continue;
        }
        if (n != msg.root && (xml::is(n, kSamlp, "Response") || xml::is(n, kSamlp, "LogoutResponse") || xml::is(n, kSamlp, "LogoutRequest"))) {
            wrap(out, n, "a nested protocol message at " + xml::path(n), "入れ子になったプロトコルメッセージが " + xml::path(n) + " にあります");
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
            wrap(out, c, "the Signature carries a ds:Object, which can hide a copy of the signed content", "Signature に ds:Object があり、署名済み内容の写しを隠せます");
            continue;
        }
        size_t pos = 3;
        for (size_t k = 0; k < 3; ++k) {
            if (xml::ns_href(c) == kDs && name == order[k]) pos = k;
        }
        if (pos == 3) {
            wrap(out, c, "foreign element " + q(name) + " inside the Signature", "Signature の中に異質な要素 " + q(name) + " があります");
            continue;
        }
        if (pos < expect) {
            profile(out, c, "the Signature has a second or misplaced " + q(name), "Signature に 2 つ目または位置の誤った " + q(name) + " があります");
            continue;
        }
        expect = pos + 1;
        if (pos == 0) {
            have_si = true;
            check_signed_info(c, signature, out);
        } else if (pos == 1) {
            have_sv = true;
            if (has_non_text(c)) profile(out, c, "the SignatureValue contains a comment, processing instruction or element", "SignatureValue にコメント、処理命令、または要素が含まれています");
        }
    }
    if (!have_si || !have_sv) profile(out, signature, "the Signature lacks SignedInfo or SignatureValue", "Signature に SignedInfo または SignatureValue がありません");
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
                              {"the response carries " + std::to_string(direct) + " assertions; a consumer could read an unsigned or different one",
                               "レスポンスに " + std::to_string(direct) + " 個のアサーションがあります。署名されていない別のアサーションが読まれる恐れがあります"},
                              xml::path(msg.root)});
    }
    for (const auto& s : msg.signatures) {
        if (inside_advice(s.node)) continue;
        const bool on_root = s.parent == msg.root;
        const bool on_assertion = xml::is(s.parent, kSaml, "Assertion") && msg.type == saml::MessageType::response && s.parent->parent == msg.root;
        if (!on_root && !on_assertion) {
            wrap(out, s.node, "a Signature at " + xml::path(s.node) + " signs an element no SAML consumer reads", "SAML の利用側が読まない要素を署名する Signature が " + xml::path(s.node) + " にあります");
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
        report.add(Code::signature_wrapping, {"an ID of the message is already bound to another element", "メッセージの ID が既に別の要素に割り当てられています"}).location = xml::path(msg.root);
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
