// XML Encryption with OpenSSL EVP, not xmlsec's xmlSecEncCtx: xmlsec 1.2.37 (Debian 12) has no
// xmlenc11#rsa-oaep, cannot find a sibling EncryptedKey by CarriedKeyName, reports one opaque failure
// (no unsupported vs wrong key vs altered data), and its RetrievalMethod/KeyInfo resolution would need
// the same allow-lists re-imposed. Here every algorithm is an explicit allow-list entry, keys are only
// looked up inside the container element (same document, never a URI), and the tree is never changed.
#include "validate/xmlenc.hpp"

#include <openssl/rsa.h>

#include <libxml/parser.h>

#include "i18n/i18n.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "x509/cert.hpp"
#include "xml/node.hpp"
#include "xml/prescan.hpp"

namespace ssoctl::validate::xmlenc {
namespace {

using xml::first_child;
using xml::kDs;
using xml::kXenc;

constexpr std::string_view kXenc11 = "http://www.w3.org/2009/xmlenc11#";
const std::string kEnc = "http://www.w3.org/2001/04/xmlenc#";
const std::string kEnc11(kXenc11);
constexpr size_t kMaxKeysTried = 8;  // EncryptedKeys tried per container (one per recipient in practice)

struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

tl::unexpected<Failure> failed(diag::Text message, diag::Code code = diag::Code::decryption_failed) {
    return tl::make_unexpected(Failure{code, std::move(message.en), std::move(message.ja)});
}

tl::unexpected<Failure> unsupported(const diag::Text& what, const std::string& uri) {
    return failed(i18n::text(N_("unsupported {} '{}'"), {what, {util::visible(uri)}}), diag::Code::unsupported_algorithm);
}

std::string cipher_value(xmlNode* encrypted) {
    return xml::text(first_child(first_child(encrypted, kXenc, "CipherData"), kXenc, "CipherValue"));
}

const EVP_MD* digest_by_uri(const std::string& uri) {
    if (uri.empty() || uri == "http://www.w3.org/2000/09/xmldsig#sha1") return EVP_sha1();
    if (uri == "http://www.w3.org/2001/04/xmldsig-more#sha224") return EVP_sha224();
    if (uri == kEnc + "sha256") return EVP_sha256();
    if (uri == "http://www.w3.org/2001/04/xmldsig-more#sha384" || uri == kEnc + "sha384") return EVP_sha384();
    if (uri == kEnc + "sha512") return EVP_sha512();
    return nullptr;
}

const EVP_MD* mgf_by_uri(const std::string& uri) {
    if (uri.empty() || uri == kEnc11 + "mgf1sha1") return EVP_sha1();
    if (uri == kEnc11 + "mgf1sha224") return EVP_sha224();
    if (uri == kEnc11 + "mgf1sha256") return EVP_sha256();
    if (uri == kEnc11 + "mgf1sha384") return EVP_sha384();
    if (uri == kEnc11 + "mgf1sha512") return EVP_sha512();
    return nullptr;
}

bool is_key_transport(const std::string& alg) {
    return alg == kEnc + "rsa-oaep-mgf1p" || alg == kEnc11 + "rsa-oaep" || alg == kEnc + "rsa-1_5";
}

struct Cipher {
    const EVP_CIPHER* evp = nullptr;
    bool gcm = false;
    bool weak = false;
};

Cipher cipher_by_uri(const std::string& alg) {
    if (alg == kEnc + "aes128-cbc") return {EVP_aes_128_cbc()};
    if (alg == kEnc + "aes192-cbc") return {EVP_aes_192_cbc()};
    if (alg == kEnc + "aes256-cbc") return {EVP_aes_256_cbc()};
    if (alg == kEnc11 + "aes128-gcm") return {EVP_aes_128_gcm(), true};
    if (alg == kEnc11 + "aes192-gcm") return {EVP_aes_192_gcm(), true};
    if (alg == kEnc11 + "aes256-gcm") return {EVP_aes_256_gcm(), true};
    if (alg == kEnc + "tripledes-cbc") return {EVP_des_ede3_cbc(), false, true};
    return {};
}

// Candidate EncryptedKeys for `data`, looked up inside `container` only.
Outcome<std::vector<xmlNode*>> key_candidates(xmlNode* container, xmlNode* data) {
    const auto siblings = xml::children(container, kXenc, "EncryptedKey");
    xmlNode* ki = first_child(data, kDs, "KeyInfo");
    if (auto inline_keys = xml::children(ki, kXenc, "EncryptedKey"); !inline_keys.empty()) return inline_keys;
    for (xmlNode* rm : xml::children(ki, kDs, "RetrievalMethod")) {
        const std::string type = xml::attr_or(rm, "Type");
        if (!type.empty() && type != kEnc + "EncryptedKey") continue;
        const std::string uri = xml::attr_or(rm, "URI");
        if (uri.size() < 2 || uri[0] != '#') {
            return failed(i18n::text(N_("the RetrievalMethod URI '{}' is not a same-document reference (#Id); ssoctl never fetches keys"), {{std::string(util::visible(uri))}}));
        }
        if (first_child(rm, kDs, "Transforms")) {
            return failed(i18n::text(N_("the RetrievalMethod has Transforms (refused: a SAML EncryptedKey is referenced by '#Id' alone)")));
        }
        const std::string id = uri.substr(1);
        for (xmlNode* k : siblings) {
            if (xml::attr_or(k, "Id") == id) return std::vector<xmlNode*>{k};
        }
        return failed(i18n::text(N_("the RetrievalMethod points at '{}', but no EncryptedKey next to the EncryptedData has that Id"), {{std::string(util::visible(uri))}}));
    }
    std::vector<xmlNode*> named;
    for (xmlNode* kn : xml::children(ki, kDs, "KeyName")) {
        const std::string name_text = xml::text(kn);
        const std::string_view name = util::trim(name_text);
        for (xmlNode* k : siblings) {
            const std::string carried = xml::text(first_child(k, kXenc, "CarriedKeyName"));
            if (!name.empty() && util::trim(carried) == name) named.push_back(k);
        }
    }
    if (!named.empty()) return named;
    return siblings;  // a KeyName may name the SP key itself rather than a carried key
}

std::shared_ptr<X509> key_info_cert(xmlNode* encrypted_key) {
    xmlNode* cert = first_child(first_child(first_child(encrypted_key, kDs, "KeyInfo"), kDs, "X509Data"), kDs, "X509Certificate");
    if (!cert) return nullptr;
    auto parsed = x509::parse_base64_der(xml::text(cert));
    if (!parsed) return nullptr;
    return std::shared_ptr<X509>(parsed->release(), X509_free);
}

Outcome<std::string> unwrap_key(xmlNode* encrypted_key, EVP_PKEY* key) {
    xmlNode* method = first_child(encrypted_key, kXenc, "EncryptionMethod");
    if (!method) return failed(i18n::text(N_("the EncryptedKey has no EncryptionMethod")));
    const std::string alg = xml::attr_or(method, "Algorithm");
    if (!is_key_transport(alg)) return unsupported(i18n::text(N_("key transport algorithm")), alg);
    auto wrapped = util::base64_decode(cipher_value(encrypted_key), 1u << 16);
    if (!wrapped || wrapped->empty()) return failed(i18n::text(N_("the EncryptedKey CipherValue is missing or not base64")));
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0) return failed(i18n::text(N_("the SP key cannot decrypt (not an RSA private key)")));
    if (alg == kEnc + "rsa-1_5") {
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
    } else {
        const std::string md_uri = xml::attr_or(first_child(method, kDs, "DigestMethod"), "Algorithm");
        const std::string mgf_uri = alg == kEnc11 + "rsa-oaep" ? xml::attr_or(first_child(method, kXenc11, "MGF"), "Algorithm") : std::string();
        const EVP_MD* md = digest_by_uri(md_uri);
        const EVP_MD* mgf = mgf_by_uri(mgf_uri);
        if (!md) return unsupported(i18n::text(N_("OAEP digest")), md_uri);
        if (!mgf) return unsupported(i18n::text(N_("OAEP mask generation function")), mgf_uri);
        if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 || EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) <= 0 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), mgf) <= 0) {
            return failed(i18n::text(N_("the SP key cannot decrypt with RSA-OAEP (not an RSA private key)")));
        }
        if (xmlNode* params = first_child(method, kXenc, "OAEPparams")) {
            auto label = util::base64_decode(xml::text(params), 1024);
            if (!label) return failed(i18n::text(N_("the OAEPparams are not base64")));
            if (!label->empty()) {
                auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(label->data(), label->size()));
                if (!copy || EVP_PKEY_CTX_set0_rsa_oaep_label(ctx.get(), copy, static_cast<int>(label->size())) <= 0) {
                    OPENSSL_free(copy);
                    return failed(i18n::text(N_("cannot set the OAEP label")));
                }
            }
        }
    }
    const auto* in = reinterpret_cast<const unsigned char*>(wrapped->data());
    size_t out_len = 0;
    std::string out;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &out_len, in, wrapped->size()) > 0) {
        out.resize(out_len);
        if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len, in, wrapped->size()) > 0) {
            out.resize(out_len);
            return out;
        }
    }
    return failed(i18n::text(N_("the session key does not decrypt with the SP key")), diag::Code::invalid_decryption_cert);
}

Outcome<std::string> decrypt_content(const Cipher& c, const std::string& alg, const std::string& key, const std::string& data) {
    if (static_cast<int>(key.size()) != EVP_CIPHER_get_key_length(c.evp)) {
        return failed(i18n::text(N_("the session key has {} bytes, '{}' needs {} (wrong key or altered data)"), {{std::to_string(key.size())}, {std::string(alg)}, {std::to_string(EVP_CIPHER_get_key_length(c.evp))}}));
    }
    const size_t block = static_cast<size_t>(EVP_CIPHER_get_block_size(c.evp));
    const size_t iv_len = c.gcm ? 12 : static_cast<size_t>(EVP_CIPHER_get_iv_length(c.evp));
    const size_t tag_len = c.gcm ? 16 : 0;
    if (data.size() < iv_len + tag_len + (c.gcm ? 0 : block) || (!c.gcm && (data.size() - iv_len) % block != 0)) {
        return failed(i18n::text(N_("the encrypted data has a length that '{}' cannot produce"), {{std::string(alg)}}));
    }
    std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), c.evp, nullptr, k, bytes) != 1) return failed(i18n::text(N_("cannot start the cipher")));
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    const size_t body = data.size() - iv_len - tag_len;
    std::string out(body + 2 * block + 16, '\0');
    int len = 0;
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes + iv_len, static_cast<int>(body)) != 1) {
        return failed(i18n::text(N_("the cipher rejected the data")));
    }
    int total = len;
    if (c.gcm) EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, const_cast<unsigned char*>(bytes + iv_len + body));
    if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + total, &len) != 1) {
        return c.gcm ? failed(i18n::text(N_("the GCM authentication tag does not match (data altered or wrong key)")))
                     : failed(i18n::text(N_("the cipher rejected the data")));
    }
    total += len;
    out.resize(static_cast<size_t>(total));
    if (!c.gcm) {  // XML Encryption padding: the last byte is the pad length (ISO 10126, other bytes arbitrary)
        const auto pad = static_cast<unsigned char>(out.empty() ? 0 : out.back());
        if (pad == 0 || pad > block || pad > out.size()) return failed(i18n::text(N_("bad padding after decryption (wrong key or altered data)")));
        out.resize(out.size() - pad);
    }
    return out;
}

Outcome<Plaintext> parse_plaintext(xmlNode* context, const std::string& plaintext, std::string_view ns, std::string_view local) {
    if (plaintext.find("<!DOCTYPE") != std::string::npos || plaintext.find("<!ENTITY") != std::string::npos) {
        return failed(i18n::text(N_("the decrypted data contains a DOCTYPE (refused)")));
    }
    if (plaintext.size() > static_cast<size_t>(INT32_MAX)) return failed(i18n::text(N_("the decrypted data is too large")));
    // The same per-node caps as every other parse (attributes per element, namespaces, token size).
    if (auto caps = xml::prescan(plaintext); !caps) return failed(i18n::text(N_("the decrypted data exceeds a parser limit: {}"), {{std::string(caps.error().message)}}));
    xmlNode* list = nullptr;
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    const xmlParserErrors rc = xmlParseInNodeContext(context, plaintext.data(), static_cast<int>(plaintext.size()), options, &list);
    Plaintext p;
    p.nodes.reset(list);
    if (rc != XML_ERR_OK || !list) return failed(i18n::text(N_("the decrypted data is not well-formed XML (wrong key or altered data)")));
    int elements = 0;
    for (xmlNode* n = list; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            ++elements;
            p.element = n;
        }
    }
    if (elements != 1 || !xml::is(p.element, ns, local)) {
        const std::string what = "exactly one " + std::string(local);
        return failed(i18n::text(N_("the decrypted data is not {}"), {diag::Text{what, std::string(local)}}));
    }
    return p;
}

}  // namespace

xmlNode* Plaintext::take_element() {
    xmlNode* list = nodes.release();
    for (xmlNode* n = list; n;) {
        xmlNode* next = n->next;
        xmlUnlinkNode(n);
        if (n != element) xmlFreeNode(n);
        n = next;
    }
    return element;
}

bool encrypted_for_other_key(xmlNode* container, EVP_PKEY* key) {
    xmlNode* data = first_child(container, kXenc, "EncryptedData");
    auto candidates = key_candidates(container, data);
    if (!candidates || candidates->empty()) return false;
    for (xmlNode* k : *candidates) {
        auto cert = key_info_cert(k);
        if (!cert) return false;  // nothing to compare with: try to decrypt
        EVP_PKEY* pub = X509_get0_pubkey(cert.get());
        if (pub && EVP_PKEY_eq(pub, key) == 1) return false;
    }
    return true;
}

Outcome<Plaintext> decrypt(xmlNode* container, EVP_PKEY* key, std::string_view ns, std::string_view local) {
    xmlNode* data = first_child(container, kXenc, "EncryptedData");
    if (!data) return failed(i18n::text(N_("no EncryptedData in '{}'"), {{xml::path(container)}}));
    xmlNode* method = first_child(data, kXenc, "EncryptionMethod");
    const std::string alg = xml::attr_or(method, "Algorithm");
    if (!method || alg.empty()) {
        return failed(i18n::text(N_("the EncryptedData has no EncryptionMethod: the algorithm is unknown")));
    }
    const Cipher cipher = cipher_by_uri(alg);
    if (!cipher.evp) return unsupported(i18n::text(N_("data encryption algorithm")), alg);
    auto candidates = key_candidates(container, data);
    if (!candidates) return tl::make_unexpected(candidates.error());
    if (candidates->empty()) {
        return failed(i18n::text(N_("no EncryptedKey for the EncryptedData (no KeyInfo, RetrievalMethod, KeyName or sibling EncryptedKey)")));
    }
    auto ciphertext = util::base64_decode(cipher_value(data), 10u << 20);
    if (!ciphertext) return failed(i18n::text(N_("the EncryptedData CipherValue is not base64")));
    // Several EncryptedKeys (one per recipient): those naming our key first, then the rest.
    std::vector<xmlNode*> ordered;
    for (int pass = 0; pass < 2; ++pass) {
        for (xmlNode* k : *candidates) {
            auto cert = key_info_cert(k);
            const bool ours = cert && X509_get0_pubkey(cert.get()) && EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key) == 1;
            if ((pass == 0) == ours) ordered.push_back(k);
        }
    }
    if (ordered.size() > kMaxKeysTried) ordered.resize(kMaxKeysTried);  // hostile input: bound the RSA work
    std::optional<Failure> last;
    for (xmlNode* k : ordered) {
        auto session = unwrap_key(k, key);
        if (!session) {
            if (!last || session.error().code != diag::Code::invalid_decryption_cert) last = session.error();
            continue;
        }
        auto clear = decrypt_content(cipher, alg, *session, *ciphertext);
        if (!clear) {
            last = clear.error();
            continue;
        }
        auto parsed = parse_plaintext(container, *clear, ns, local);
        if (!parsed) {
            last = parsed.error();
            continue;
        }
        parsed->data_algorithm = alg;
        parsed->key_algorithm = xml::attr_or(first_child(k, kXenc, "EncryptionMethod"), "Algorithm");
        parsed->weak = cipher.weak;
        return std::move(*parsed);
    }
    return tl::make_unexpected(*last);
}

}  // namespace ssoctl::validate::xmlenc
