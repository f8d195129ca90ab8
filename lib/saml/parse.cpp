// The SAML reader: namespace-aware, reads text with full-content semantics (comments never truncate).
#include "saml/parse.hpp"

#include <unordered_map>

#include <openssl/evp.h>

#include "i18n/i18n.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "x509/quick.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

using xml::attr_or;
using xml::first_child;
using xml::kDs;
using xml::kSaml;
using xml::kSamlp;
using xml::kXenc;

std::string child_text(xmlNode* parent, std::string_view ns, std::string_view local) {
    xmlNode* n = first_child(parent, ns, local);
    return n ? xml::text(n) : std::string();
}

NameId read_name_id(xmlNode* n) {
    return NameId{xml::text(n), attr_or(n, "Format"), attr_or(n, "NameQualifier"), attr_or(n, "SPNameQualifier")};
}

// Facts of an embedded certificate, for display and fingerprint pins. An IdP sends the same
// certificate in every message, so a small cache keeps batch validation off the DER parser.
std::optional<x509::CertInfo> embedded_cert(xmlNode* key_info) {
    xmlNode* data = first_child(key_info, kDs, "X509Data");
    xmlNode* cert = first_child(data, kDs, "X509Certificate");
    if (!cert) return std::nullopt;
    const std::string b64 = xml::text(cert);
    thread_local std::unordered_map<std::string, x509::CertInfo> cache;
    if (auto it = cache.find(b64); it != cache.end()) return it->second;
    auto der = util::base64_decode(b64, 1u << 20);
    if (!der) return std::nullopt;
    if (der->find("-----BEGIN CERTIFICATE-----") != std::string::npos) {  // base64 of PEM (ADFS exports)
        auto cert = x509::parse_base64_der(b64);
        if (!cert) return std::nullopt;
        *der = x509::der_of(cert->get());
    }
    auto info = x509::quick_describe(*der);
    if (!info) return std::nullopt;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(der->data(), der->size(), digest, &len, EVP_sha1(), nullptr);
    info->sha1 = util::hex(std::string_view(reinterpret_cast<char*>(digest), len));
    if (cache.size() > 64) cache.clear();
    cache.emplace(b64, *info);
    return *info;
}

SignatureInfo read_signature(xmlNode* sig) {
    SignatureInfo s;
    s.node = sig;
    s.parent = sig->parent;
    s.element = xml::path(sig->parent);
    xmlNode* signed_info = first_child(sig, kDs, "SignedInfo");
    s.c14n_algorithm = attr_or(first_child(signed_info, kDs, "CanonicalizationMethod"), "Algorithm");
    s.signature_algorithm = attr_or(first_child(signed_info, kDs, "SignatureMethod"), "Algorithm");
    const auto refs = xml::children(signed_info, kDs, "Reference");
    s.reference_count = refs.size();
    if (!refs.empty()) {
        s.reference = attr_or(refs[0], "URI");
        s.digest_algorithm = attr_or(first_child(refs[0], kDs, "DigestMethod"), "Algorithm");
        for (xmlNode* t : xml::children(first_child(refs[0], kDs, "Transforms"), kDs, "Transform")) {
            s.transforms.push_back(attr_or(t, "Algorithm"));
        }
    }
    s.cert = embedded_cert(first_child(sig, kDs, "KeyInfo"));
    return s;
}

void collect_signatures(xmlNode* n, std::vector<SignatureInfo>& out) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (xml::is(n, kDs, "Signature")) {
            out.push_back(read_signature(n));
            continue;  // a Signature inside a Signature is reported by dsig as wrapping
        }
        collect_signatures(n->children, out);
    }
}

EncryptionInfo read_encryption(xmlNode* enc_assertion) {
    EncryptionInfo info;
    xmlNode* data = first_child(enc_assertion, kXenc, "EncryptedData");
    info.data_algorithm = attr_or(first_child(data, kXenc, "EncryptionMethod"), "Algorithm");
    xmlNode* key = first_child(enc_assertion, kXenc, "EncryptedKey");
    if (!key) key = first_child(first_child(data, kDs, "KeyInfo"), kXenc, "EncryptedKey");
    if (key) {
        info.key_transport_algorithm = attr_or(first_child(key, kXenc, "EncryptionMethod"), "Algorithm");
        info.recipient_cert = embedded_cert(first_child(key, kDs, "KeyInfo"));
    }
    return info;
}

void read_response(Message& m) {
    xmlNode* status = first_child(m.root, kSamlp, "Status");
    if (status) {
        m.status.present = true;
        xmlNode* code = first_child(status, kSamlp, "StatusCode");
        m.status.code = attr_or(code, "Value");
        m.status.sub_code = attr_or(first_child(code, kSamlp, "StatusCode"), "Value");
        m.status.message = child_text(status, kSamlp, "StatusMessage");
    }
    size_t count = 0;  // reserve once: 60 000 sibling assertions must not be copied on every growth
    for (xmlNode* c = m.root->children; c; c = c->next) count += xml::is(c, kSaml, "Assertion") || xml::is(c, kSaml, "EncryptedAssertion");
    m.assertions.reserve(count);
    for (xmlNode* c = m.root->children; c; c = c->next) {
        if (xml::is(c, kSaml, "Assertion")) {
            m.assertions.push_back(parse_assertion(c));
        } else if (xml::is(c, kSaml, "EncryptedAssertion")) {
            Assertion a;
            a.node = c;
            a.path = xml::path(c);
            a.encrypted = true;
            a.encryption = read_encryption(c);
            m.assertions.push_back(std::move(a));
        }
    }
}

void read_authn_request(Message& m) {
    m.acs_url = attr_or(m.root, "AssertionConsumerServiceURL");
    m.protocol_binding = attr_or(m.root, "ProtocolBinding");
    m.name_id_policy_format = attr_or(first_child(m.root, kSamlp, "NameIDPolicy"), "Format");
    if (auto v = xml::attr(m.root, "ForceAuthn")) m.force_authn = *v == "true" || *v == "1";
    if (auto v = xml::attr(m.root, "IsPassive")) m.is_passive = *v == "true" || *v == "1";
    for (xmlNode* ref : xml::children(first_child(m.root, kSamlp, "RequestedAuthnContext"), kSaml, "AuthnContextClassRef")) {
        m.requested_context_classes.push_back(xml::text(ref));
    }
}

void read_logout_request(Message& m) {
    if (xmlNode* n = first_child(m.root, kSaml, "NameID")) m.name_id = read_name_id(n);
    for (xmlNode* s : xml::children(m.root, kSamlp, "SessionIndex")) m.session_indexes.push_back(xml::text(s));
}

}  // namespace

std::string_view type_name(MessageType t) {
    switch (t) {
        case MessageType::response: return "Response";
        case MessageType::assertion: return "Assertion";
        case MessageType::authn_request: return "AuthnRequest";
        case MessageType::logout_request: return "LogoutRequest";
        case MessageType::logout_response: return "LogoutResponse";
        case MessageType::metadata: return "Metadata";
        case MessageType::unknown: return "unknown";
    }
    return "unknown";
}

bool Status::success() const { return code == "urn:oasis:names:tc:SAML:2.0:status:Success"; }

Assertion parse_assertion(xmlNode* node) {
    Assertion a;
    a.node = node;
    a.path = xml::path(node);
    a.id = attr_or(node, "ID");
    a.version = attr_or(node, "Version");
    a.issue_instant = attr_or(node, "IssueInstant");
    a.issuer = child_text(node, kSaml, "Issuer");
    a.has_signature = first_child(node, kDs, "Signature") != nullptr;
    if (xmlNode* subject = first_child(node, kSaml, "Subject")) {
        if (xmlNode* n = first_child(subject, kSaml, "NameID")) a.name_id = read_name_id(n);
        a.encrypted_id = first_child(subject, kSaml, "EncryptedID") != nullptr;
        for (xmlNode* sc : xml::children(subject, kSaml, "SubjectConfirmation")) {
            SubjectConfirmation c;
            c.method = attr_or(sc, "Method");
            xmlNode* data = first_child(sc, kSaml, "SubjectConfirmationData");
            c.has_data = data != nullptr;
            c.recipient = attr_or(data, "Recipient");
            c.not_before = attr_or(data, "NotBefore");
            c.not_on_or_after = attr_or(data, "NotOnOrAfter");
            c.in_response_to = attr_or(data, "InResponseTo");
            c.address = attr_or(data, "Address");
            a.confirmations.push_back(std::move(c));
        }
    }
    if (xmlNode* cond = first_child(node, kSaml, "Conditions")) {
        a.conditions.present = true;
        a.conditions.node = cond;
        a.conditions.not_before = attr_or(cond, "NotBefore");
        a.conditions.not_on_or_after = attr_or(cond, "NotOnOrAfter");
        for (xmlNode* ar : xml::children(cond, kSaml, "AudienceRestriction")) {
            a.conditions.has_audience_restriction = true;
            auto& one = a.conditions.restrictions.emplace_back();
            for (xmlNode* aud : xml::children(ar, kSaml, "Audience")) {
                one.push_back(xml::text(aud));
                a.conditions.audiences.push_back(one.back());
            }
        }
    }
    if (xmlNode* authn = first_child(node, kSaml, "AuthnStatement")) {
        a.authn.present = true;
        a.authn.instant = attr_or(authn, "AuthnInstant");
        a.authn.session_index = attr_or(authn, "SessionIndex");
        a.authn.session_not_on_or_after = attr_or(authn, "SessionNotOnOrAfter");
        a.authn.context_class = child_text(first_child(authn, kSaml, "AuthnContext"), kSaml, "AuthnContextClassRef");
    }
    for (xmlNode* stmt : xml::children(node, kSaml, "AttributeStatement")) {
        for (xmlNode* at : xml::children(stmt, kSaml, "Attribute")) {
            Attribute attribute{attr_or(at, "Name"), attr_or(at, "FriendlyName"), attr_or(at, "NameFormat"), {}};
            for (xmlNode* v : xml::children(at, kSaml, "AttributeValue")) attribute.values.push_back(xml::text(v));
            a.attributes.push_back(std::move(attribute));
        }
    }
    return a;
}

Result<Message> parse_message(xml::DocPtr doc) {
    Message m;
    m.root = xmlDocGetRootElement(doc.get());
    m.doc = std::move(doc);
    m.root_name = std::string(xml::local_name(m.root));
    const std::string_view ns = xml::ns_href(m.root);
    if (ns == kSamlp && m.root_name == "Response") m.type = MessageType::response;
    else if (ns == kSamlp && m.root_name == "AuthnRequest") m.type = MessageType::authn_request;
    else if (ns == kSamlp && m.root_name == "LogoutRequest") m.type = MessageType::logout_request;
    else if (ns == kSamlp && m.root_name == "LogoutResponse") m.type = MessageType::logout_response;
    else if (ns == kSaml && m.root_name == "Assertion") m.type = MessageType::assertion;
    else if (ns == xml::kMd && (m.root_name == "EntityDescriptor" || m.root_name == "EntitiesDescriptor")) m.type = MessageType::metadata;
    else {
        std::string got = "{" + std::string(ns) + "}" + m.root_name;
        return i18n::failure("unsupported_message", N_("the root element is '{}', not a SAML 2.0 protocol message or assertion"), {got});
    }
    m.id = attr_or(m.root, "ID");
    m.version = attr_or(m.root, "Version");
    m.issue_instant = attr_or(m.root, "IssueInstant");
    m.destination = attr_or(m.root, "Destination");
    m.has_destination = xml::attr(m.root, "Destination").has_value();
    m.in_response_to = attr_or(m.root, "InResponseTo");
    m.issuer = child_text(m.root, kSaml, "Issuer");
    switch (m.type) {
        case MessageType::response: read_response(m); break;
        case MessageType::logout_response: read_response(m); break;
        case MessageType::assertion: m.assertions.push_back(parse_assertion(m.root)); break;
        case MessageType::authn_request: read_authn_request(m); break;
        case MessageType::logout_request: read_logout_request(m); break;
        default: break;
    }
    collect_signatures(m.root, m.signatures);
    return m;
}

std::vector<SignatureInfo> collect_signatures(xmlNode* root) {
    std::vector<SignatureInfo> out;
    if (!root) return out;
    xmlNode* saved_next = root->next;
    root->next = nullptr;  // the subtree only
    collect_signatures(root, out);
    root->next = saved_next;
    return out;
}

Result<Message> parse_message(std::string_view xml_bytes) {
    auto doc = xml::parse(xml_bytes);
    if (!doc) return tl::make_unexpected(doc.error());
    return parse_message(std::move(*doc));
}

}  // namespace ssoctl::saml
