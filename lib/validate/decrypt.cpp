// SAML decryption on top of validate/xmlenc (OpenSSL; why not xmlsec is said there). No pointer into the
// tree outlives a mutation: EncryptedAssertion replacement is followed by a full re-parse of the model.
#include "validate/decrypt.hpp"

#include <openssl/pem.h>

#include "saml/parse.hpp"
#include "validate/xmlenc.hpp"
#include "x509/cert.hpp"
#include "x509/expiry.hpp"
#include "xml/node.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::validate {
namespace {

using xml::first_child;
using xml::kSaml;

diag::Text recipient_hint(const std::optional<saml::EncryptionInfo>& enc, const SpKey& sp) {
    const bool known = enc && enc->recipient_cert;
    diag::Text ours;
    for (const auto& der : sp.certs_der) {
        if (auto c = x509::parse_der(der)) {
            const diag::Text one = x509::label(x509::describe(c->get()));
            ours = ours.empty() ? one : i18n::text(N_("{}, {}"), {ours, one});
        }
    }
    const diag::Text who = known ? x509::label(*enc->recipient_cert) : i18n::text(N_("an unknown certificate"));
    if (ours.empty()) return i18n::text(N_("the IdP encrypted for {}; upload the SP's current encryption certificate to the IdP"), {who});
    return i18n::text(N_("the IdP encrypted for {}; configure the IdP with {}"), {who, ours});
}

// What one encrypted element is, for messages.
struct Part {
    xmlNode* node;
    const char* what;  // N_("the EncryptedAssertion"), translated when a finding names it
};

void report_failure(diag::Report& r, const Part& part, const xmlenc::Failure& f, const SpKey& sp, const std::optional<saml::EncryptionInfo>& enc) {
    const bool wrong_key = f.code == diag::Code::invalid_decryption_cert;
    // An EncryptedAssertion's messages need no prefix (the default subject of the decryption codes).
    const bool assertion = xml::is(part.node, kSaml, "EncryptedAssertion");
    auto& finding = r.add(f.code, assertion ? diag::Text{f.en, f.ja} : i18n::text(N_("{}: {}"), {i18n::text(part.what), {f.en, f.ja}}),
                          wrong_key ? recipient_hint(enc, sp)
                          : f.code == diag::Code::unsupported_algorithm
                              ? i18n::text(N_("have the IdP encrypt with AES-256-GCM or AES-256-CBC and RSA-OAEP key transport"))
                              : diag::Text{});
    finding.location = xml::path(part.node);
    if (wrong_key && enc && enc->recipient_cert) finding.actual = enc->recipient_cert->subject;
}

void report_weak(diag::Report& r, const Part& part, const std::string& alg) {
    auto& f = r.add(diag::Code::weak_algorithm,
                    i18n::text(N_("{} is encrypted with '{}' (3DES: a 64-bit block cipher, deprecated by NIST SP 800-131A)"), {i18n::text(part.what), {std::string(alg)}}),
                    i18n::text(N_("have the IdP encrypt with AES-256-GCM or AES-256-CBC (pysaml2: msg_enc; Shibboleth: EncryptionConfiguration; AD FS: EncryptionMethod of the relying party trust)")));
    f.location = xml::path(part.node);
    f.actual = alg;
}

// Decrypts one container; reports and returns null on failure.
xmlenc::Outcome<xmlenc::Plaintext> open_part(diag::Report& r, const Part& part, const SpKey& sp, std::string_view local,
                                              const std::optional<saml::EncryptionInfo>& enc = std::nullopt) {
    if (xmlenc::encrypted_for_other_key(part.node, sp.key.get())) {
        const std::string subject = enc && enc->recipient_cert ? enc->recipient_cert->subject : std::string("?");
        const diag::Text why = i18n::text(N_("the IdP encrypted for certificate '{}', whose key is not the SP key given with --sp-key"), {{subject}});
        xmlenc::Failure f{diag::Code::invalid_decryption_cert, why.en, why.ja};
        report_failure(r, part, f, sp, enc);
        return tl::make_unexpected(f);
    }
    auto p = xmlenc::decrypt(part.node, sp.key.get(), kSaml, local);
    if (!p) {
        report_failure(r, part, p.error(), sp, enc);
        return p;
    }
    if (p->weak) report_weak(r, part, p->data_algorithm);
    return p;
}

constexpr size_t kMaxParts = 64;  // EncryptedAssertion / EncryptedAttribute elements decrypted per message

constexpr Part kAssertionPart{nullptr, N_("the EncryptedAssertion")};
constexpr Part kIdPart{nullptr, N_("the EncryptedID (encrypted NameID)")};
constexpr Part kAttributePart{nullptr, N_("the EncryptedAttribute")};

Part at(Part p, xmlNode* node) {
    p.node = node;
    return p;
}

bool inside(const xmlNode* n, const xmlNode* ancestor) {
    for (; n; n = n->parent) {
        if (n == ancestor) return true;
    }
    return false;
}

// Step 1: EncryptedAssertion -> Assertion in the tree, then the model is rebuilt from the document.
void open_assertions(saml::Message& m, const SpKey& sp, Decryption& out) {
    std::vector<std::pair<size_t, xmlenc::Plaintext>> opened;
    size_t tried = 0;
    for (size_t i = 0; i < m.assertions.size(); ++i) {
        const auto& a = m.assertions[i];
        if (!a.encrypted) continue;
        if (++tried > kMaxParts) {  // hostile input: bound the RSA work per message
            out.report.add(diag::Code::decryption_failed, i18n::text(N_("more than {} EncryptedAssertion elements; the rest were not decrypted"), {{std::to_string(kMaxParts)}})).location = a.path;
            break;
        }
        auto p = open_part(out.report, at(kAssertionPart, a.node), sp, "Assertion", a.encryption);
        if (p) opened.emplace_back(i, std::move(*p));
    }
    if (opened.empty()) return;
    // Signatures outside the replaced elements survive with their verification state; the others die.
    std::vector<saml::SignatureInfo> survivors;
    for (auto& s : m.signatures) {
        bool doomed = false;
        for (const auto& [i, p] : opened) doomed = doomed || inside(s.node, m.assertions[i].node);
        if (!doomed) survivors.push_back(std::move(s));
    }
    std::vector<std::optional<saml::EncryptionInfo>> encryption(m.assertions.size());
    std::vector<bool> replaced(m.assertions.size(), false);
    for (auto& [i, p] : opened) {
        xmlNode* encrypted = m.assertions[i].node;
        encryption[i] = m.assertions[i].encryption;
        if (encryption[i]) {
            encryption[i]->data_algorithm = p.data_algorithm;
            encryption[i]->key_transport_algorithm = p.key_algorithm;
        }
        xmlNode* assertion = p.take_element();
        xmlReplaceNode(encrypted, assertion);
        xmlFreeNode(encrypted);
        replaced[i] = true;
        ++out.assertions;
    }
    std::vector<saml::Assertion> slots = std::move(m.assertions);
    auto fresh = saml::parse_message(std::move(m.doc));
    if (!fresh) {  // cannot happen (the root is unchanged); fail closed with no stale pointer left
        m = saml::Message{};
        out.report.add(diag::Code::decryption_failed, i18n::text(N_("the message no longer parses after decryption")));
        return;
    }
    m = std::move(*fresh);
    if (m.assertions.size() == slots.size()) {  // same elements, same order: keep the addresses
        for (size_t i = 0; i < slots.size(); ++i) slots[i] = std::move(m.assertions[i]);
        m.assertions = std::move(slots);
        for (size_t i = 0; i < m.assertions.size(); ++i) {
            if (!replaced[i]) continue;
            m.assertions[i].decrypted = true;
            m.assertions[i].encryption = encryption[i];
        }
    }
    for (auto& s : m.signatures) {
        for (auto& old : survivors) {
            if (old.node != s.node) continue;  // `old.node` is alive, so equal addresses are the same element
            std::string element = std::move(s.element);
            s = std::move(old);
            s.element = std::move(element);
            break;
        }
    }
}

bool read_name_id(diag::Report& r, xmlNode* encrypted_id, const SpKey& sp, std::optional<saml::NameId>& into) {
    auto p = open_part(r, at(kIdPart, encrypted_id), sp, "NameID");
    if (!p) return false;
    xmlNode* n = p->element;
    into = saml::NameId{xml::text(n), xml::attr_or(n, "Format"), xml::attr_or(n, "NameQualifier"), xml::attr_or(n, "SPNameQualifier")};
    return true;
}

// Step 2: EncryptedID and EncryptedAttribute, read into the model; the signed tree stays as it is.
void open_inner(saml::Message& m, const SpKey& sp, Decryption& out) {
    size_t tried = 0;
    for (auto& a : m.assertions) {
        if (a.encrypted) continue;
        xmlNode* subject = first_child(a.node, kSaml, "Subject");
        if (xmlNode* id = first_child(subject, kSaml, "EncryptedID"); id && !a.name_id) {
            if (read_name_id(out.report, id, sp, a.name_id)) ++out.name_ids;
        }
        for (xmlNode* stmt : xml::children(a.node, kSaml, "AttributeStatement")) {
            for (xmlNode* ea : xml::children(stmt, kSaml, "EncryptedAttribute")) {
                if (++tried > kMaxParts) {  // hostile input: bound the RSA work per message
                    out.report.add(diag::Code::decryption_failed, i18n::text(N_("more than {} EncryptedAttribute elements; the rest were not decrypted"), {{std::to_string(kMaxParts)}})).location = xml::path(ea);
                    return;
                }
                auto p = open_part(out.report, at(kAttributePart, ea), sp, "Attribute");
                if (!p) continue;
                xmlNode* n = p->element;
                saml::Attribute attribute{xml::attr_or(n, "Name"), xml::attr_or(n, "FriendlyName"), xml::attr_or(n, "NameFormat"), {}};
                for (xmlNode* v : xml::children(n, kSaml, "AttributeValue")) attribute.values.push_back(xml::text(v));
                a.attributes.push_back(std::move(attribute));
                ++out.attributes;
            }
        }
    }
    if (m.type == saml::MessageType::logout_request && !m.name_id) {
        if (xmlNode* id = first_child(m.root, kSaml, "EncryptedID")) {
            if (read_name_id(out.report, id, sp, m.name_id)) ++out.name_ids;
        }
    }
}

// Every encrypted part, for the no-key report.
std::vector<Part> encrypted_parts(const saml::Message& m) {
    std::vector<Part> parts;
    for (const auto& a : m.assertions) {
        if (a.encrypted) {
            parts.push_back(at(kAssertionPart, a.node));
            continue;
        }
        if (xmlNode* id = first_child(first_child(a.node, kSaml, "Subject"), kSaml, "EncryptedID")) parts.push_back(at(kIdPart, id));
        for (xmlNode* stmt : xml::children(a.node, kSaml, "AttributeStatement")) {
            for (xmlNode* ea : xml::children(stmt, kSaml, "EncryptedAttribute")) parts.push_back(at(kAttributePart, ea));
        }
    }
    if (m.type == saml::MessageType::logout_request) {
        if (xmlNode* id = first_child(m.root, kSaml, "EncryptedID")) parts.push_back(at(kIdPart, id));
    }
    return parts;
}

}  // namespace

Result<KeyPtr> load_private_key(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>(""));
    BIO_free(bio);
    if (!key) return i18n::failure("malformed_input", N_("not a PEM private key (an encrypted key must be decrypted first: openssl pkey -in KEY -out PLAIN)"));
    return KeyPtr(key, PkeyFree{});
}

bool has_encrypted_parts(const saml::Message& m) { return !encrypted_parts(m).empty(); }

Decryption decrypt_in_place(saml::Message& m, const SpKey* sp) {
    Decryption out;
    if (!sp || !sp->key) {
        for (const Part& p : encrypted_parts(m)) {
            const bool assertion = xml::is(p.node, kSaml, "EncryptedAssertion");
            out.report.add(diag::Code::missing_decryption_key,
                           assertion ? i18n::text(N_("the assertion is encrypted; pass the SP private key with --sp-key FILE"))
                                     : i18n::text(N_("{} cannot be read without the SP key; pass the SP private key with --sp-key FILE"), {i18n::text(p.what)})).location = xml::path(p.node);
        }
        return out;
    }
    open_assertions(m, *sp, out);
    open_inner(m, *sp, out);
    return out;
}

diag::Report decrypt_assertions(saml::Message& m, const SpKey& sp) { return decrypt_in_place(m, &sp).report; }

}  // namespace ssoctl::validate
