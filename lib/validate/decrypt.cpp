// XML Encryption for SAML done with OpenSSL EVP: small, explicit, and fail-closed.
#include "validate/decrypt.hpp"

#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <libxml/parser.h>

#include "saml/parse.hpp"
#include "util/base64.hpp"
#include "x509/cert.hpp"
#include "xml/node.hpp"

namespace ssoctl::validate {
namespace {

using xml::first_child;
using xml::kDs;
using xml::kXenc;

constexpr std::string_view kXenc11 = "http://www.w3.org/2009/xmlenc11#";

struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

std::string cipher_value(xmlNode* encrypted) {
    return xml::text(first_child(first_child(encrypted, kXenc, "CipherData"), kXenc, "CipherValue"));
}

const EVP_MD* digest_by_uri(const std::string& uri) {
    if (uri.empty() || uri == "http://www.w3.org/2000/09/xmldsig#sha1") return EVP_sha1();
    if (uri == "http://www.w3.org/2001/04/xmlenc#sha256") return EVP_sha256();
    if (uri == "http://www.w3.org/2001/04/xmlenc#sha512") return EVP_sha512();
    if (uri == "http://www.w3.org/2001/04/xmldsig-more#sha384") return EVP_sha384();
    return nullptr;
}

const EVP_MD* mgf_by_uri(const std::string& uri) {
    if (uri.empty() || uri == "http://www.w3.org/2009/xmlenc11#mgf1sha1") return EVP_sha1();
    if (uri == "http://www.w3.org/2009/xmlenc11#mgf1sha256") return EVP_sha256();
    if (uri == "http://www.w3.org/2009/xmlenc11#mgf1sha512") return EVP_sha512();
    return nullptr;
}

Result<std::string> unwrap_key(xmlNode* encrypted_key, EVP_PKEY* key) {
    xmlNode* method = first_child(encrypted_key, kXenc, "EncryptionMethod");
    const std::string alg = xml::attr_or(method, "Algorithm");
    auto wrapped = util::base64_decode(cipher_value(encrypted_key), 1u << 16);
    if (!wrapped) return tl::make_unexpected(wrapped.error());
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0) return fail("decryption_failed", "the SP key cannot decrypt");
    if (alg == "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p" || alg == std::string(kXenc11) + "rsa-oaep") {
        const EVP_MD* md = digest_by_uri(xml::attr_or(first_child(method, kDs, "DigestMethod"), "Algorithm"));
        const EVP_MD* mgf = alg == std::string(kXenc11) + "rsa-oaep" ? mgf_by_uri(xml::attr_or(first_child(method, kXenc11, "MGF"), "Algorithm")) : EVP_sha1();
        if (!md || !mgf) return fail("decryption_failed", "unsupported OAEP digest in the EncryptedKey");
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING);
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md);
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), mgf);
    } else if (alg == "http://www.w3.org/2001/04/xmlenc#rsa-1_5") {
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
    } else {
        return fail("decryption_failed", "unsupported key transport algorithm '" + alg + "'");
    }
    size_t out_len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(wrapped->data());
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &out_len, in, wrapped->size()) <= 0) return fail("invalid_decryption_cert", "the session key does not decrypt with the SP key");
    std::string out(out_len, '\0');
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len, in, wrapped->size()) <= 0) {
        return fail("invalid_decryption_cert", "the session key does not decrypt with the SP key");
    }
    out.resize(out_len);
    return out;
}

Result<std::string> decrypt_content(const std::string& alg, const std::string& key, const std::string& data) {
    const EVP_CIPHER* cipher = nullptr;
    bool gcm = false;
    if (alg == "http://www.w3.org/2001/04/xmlenc#aes128-cbc") cipher = EVP_aes_128_cbc();
    else if (alg == "http://www.w3.org/2001/04/xmlenc#aes192-cbc") cipher = EVP_aes_192_cbc();
    else if (alg == "http://www.w3.org/2001/04/xmlenc#aes256-cbc") cipher = EVP_aes_256_cbc();
    else if (alg == "http://www.w3.org/2009/xmlenc11#aes128-gcm") cipher = EVP_aes_128_gcm(), gcm = true;
    else if (alg == "http://www.w3.org/2009/xmlenc11#aes192-gcm") cipher = EVP_aes_192_gcm(), gcm = true;
    else if (alg == "http://www.w3.org/2009/xmlenc11#aes256-gcm") cipher = EVP_aes_256_gcm(), gcm = true;
    else return fail("decryption_failed", "unsupported content encryption algorithm '" + alg + "'");
    if (static_cast<int>(key.size()) != EVP_CIPHER_get_key_length(cipher)) return fail("decryption_failed", "the session key has the wrong length for '" + alg + "'");
    const size_t iv_len = gcm ? 12 : 16;
    const size_t tag_len = gcm ? 16 : 0;
    if (data.size() < iv_len + tag_len + (gcm ? 0 : 16)) return fail("decryption_failed", "the encrypted data is too short");
    std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    if (EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, reinterpret_cast<const unsigned char*>(key.data()), bytes) != 1) return fail("decryption_failed", "cannot start the cipher");
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    const size_t body = data.size() - iv_len - tag_len;
    std::string out(body + 32, '\0');
    int len = 0, total = 0;
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes + iv_len, static_cast<int>(body)) != 1) return fail("decryption_failed", "the cipher rejected the data");
    total = len;
    if (gcm) {
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, const_cast<unsigned char*>(bytes + iv_len + body));
    }
    if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + total, &len) != 1) {
        return fail("decryption_failed", gcm ? "the GCM authentication tag does not match (data altered or wrong key)" : "the cipher rejected the data");
    }
    total += len;
    out.resize(static_cast<size_t>(total));
    if (!gcm) {  // ISO 10126 / XML Encryption padding: the last byte is the pad length
        const auto pad = static_cast<unsigned char>(out.back());
        if (pad == 0 || pad > 16 || pad > out.size()) return fail("decryption_failed", "bad padding after decryption (wrong key or altered data)");
        out.resize(out.size() - pad);
    }
    return out;
}

// Parses the plaintext in the context of the EncryptedAssertion (inherited namespaces) and swaps it in.
Result<xmlNode*> replace_with_plaintext(xmlNode* encrypted_assertion, const std::string& plaintext) {
    xmlNode* list = nullptr;
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    if (plaintext.find("<!DOCTYPE") != std::string::npos || plaintext.find("<!ENTITY") != std::string::npos) {
        return fail("decryption_failed", "the decrypted data contains a DOCTYPE (refused)");
    }
    if (xmlParseInNodeContext(encrypted_assertion, plaintext.data(), static_cast<int>(plaintext.size()), options, &list) != XML_ERR_OK || !list) {
        if (list) xmlFreeNodeList(list);
        return fail("decryption_failed", "the decrypted data is not well-formed XML (wrong key or altered data)");
    }
    xmlNode* assertion = nullptr;
    int elements = 0;
    for (xmlNode* n = list; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            ++elements;
            assertion = n;
        }
    }
    if (elements != 1 || !xml::is(assertion, xml::kSaml, "Assertion")) {
        xmlFreeNodeList(list);
        return fail("decryption_failed", "the decrypted data is not exactly one saml:Assertion");
    }
    for (xmlNode* n = list; n;) {
        xmlNode* next = n->next;
        xmlUnlinkNode(n);
        if (n != assertion) xmlFreeNode(n);
        n = next;
    }
    xmlReplaceNode(encrypted_assertion, assertion);
    xmlFreeNode(encrypted_assertion);
    return assertion;
}

std::string recipient_hint(const saml::Assertion& a, const SpKey& sp, bool ja) {
    std::string used = a.encryption && a.encryption->recipient_cert ? a.encryption->recipient_cert->subject + " (sha256 " + a.encryption->recipient_cert->sha256.substr(0, 16) + "…)" : std::string(ja ? "不明" : "unknown");
    std::string ours;
    for (const auto& der : sp.certs_der) {
        if (auto c = x509::parse_der(der)) {
            const auto info = x509::describe(c->get());
            if (!ours.empty()) ours += ", ";
            ours += info.subject + " (sha256 " + info.sha256.substr(0, 16) + "…)";
        }
    }
    if (ja) return "IdP は " + used + " 宛てに暗号化しています。" + (ours.empty() ? std::string("SP の現在の暗号化証明書を IdP にアップロードしてください") : "IdP には " + ours + " を設定してください");
    return "the IdP encrypted for " + used + "; " + (ours.empty() ? std::string("upload the SP's current encryption certificate to the IdP") : "configure the IdP with " + ours);
}

bool cert_matches_key(const x509::CertInfo&, xmlNode* encrypted_key, EVP_PKEY* key) {
    xmlNode* cert = first_child(first_child(first_child(encrypted_key, kDs, "KeyInfo"), kDs, "X509Data"), kDs, "X509Certificate");
    auto parsed = x509::parse_base64_der(xml::text(cert));
    if (!parsed) return true;  // nothing to compare with
    EVP_PKEY* pub = X509_get0_pubkey(parsed->get());
    return pub && EVP_PKEY_eq(pub, key) == 1;
}

}  // namespace

Result<KeyPtr> load_private_key(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>(""));
    BIO_free(bio);
    if (!key) return fail("malformed_input", "not a PEM private key (an encrypted key must be decrypted first: openssl pkey -in KEY -out PLAIN)");
    return KeyPtr(key, PkeyFree{});
}

diag::Report decrypt_assertions(saml::Message& m, const SpKey& sp) {
    diag::Report r;
    for (auto& a : m.assertions) {
        if (!a.encrypted) continue;
        xmlNode* data = first_child(a.node, kXenc, "EncryptedData");
        xmlNode* key = first_child(a.node, kXenc, "EncryptedKey");
        if (!key) key = first_child(first_child(data, kDs, "KeyInfo"), kXenc, "EncryptedKey");
        const auto failed = [&](const Error& e) {
            const bool wrong_key = e.code == "invalid_decryption_cert";
            auto& f = r.add(wrong_key ? diag::Code::invalid_decryption_cert : diag::Code::decryption_failed,
                            {e.message, {}}, wrong_key ? diag::Text{recipient_hint(a, sp, false), recipient_hint(a, sp, true)} : diag::Text{});
            f.location = a.path;
            if (wrong_key && a.encryption && a.encryption->recipient_cert) f.actual = a.encryption->recipient_cert->subject;
        };
        if (!data || !key) {
            failed(Error{"decryption_failed", "the EncryptedAssertion has no EncryptedData or EncryptedKey", {}});
            continue;
        }
        if (a.encryption && a.encryption->recipient_cert && !cert_matches_key(*a.encryption->recipient_cert, key, sp.key.get())) {
            failed(Error{"invalid_decryption_cert", "the IdP encrypted for certificate '" + a.encryption->recipient_cert->subject + "', whose key is not the SP key given with --sp-key", {}});
            continue;
        }
        auto session_key = unwrap_key(key, sp.key.get());
        if (!session_key) {
            failed(session_key.error());
            continue;
        }
        auto ciphertext = util::base64_decode(cipher_value(data), 10u << 20);
        if (!ciphertext) {
            failed(Error{"decryption_failed", "the CipherValue is not base64", {}});
            continue;
        }
        auto plaintext = decrypt_content(xml::attr_or(first_child(data, kXenc, "EncryptionMethod"), "Algorithm"), *session_key, *ciphertext);
        if (!plaintext) {
            failed(plaintext.error());
            continue;
        }
        auto node = replace_with_plaintext(a.node, *plaintext);
        if (!node) {
            failed(node.error());
            continue;
        }
        a = saml::parse_assertion(*node);
    }
    return r;
}

}  // namespace ssoctl::validate
