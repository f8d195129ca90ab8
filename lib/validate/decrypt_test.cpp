#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "saml/parse.hpp"
#include "validate/decrypt.hpp"
#include "xml/node.hpp"

using namespace ssoctl;
using diag::Code;

namespace {

std::string read(const std::string& rel) {
    std::ifstream f(std::string(SSOCTL_TESTDATA_DIR) + "/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

saml::Message load(const std::string& name) {
    auto m = saml::parse_message(read("saml/encrypted/" + name));
    REQUIRE(m);
    return std::move(*m);
}

const validate::SpKey& sp_key() {
    static const validate::SpKey key = [] {
        auto k = validate::load_private_key(read("keys/sp.key"));
        REQUIRE(k);
        return validate::SpKey{*k, {}};
    }();
    return key;
}

// Every pointer the model holds must be a node of the current tree (ASan turns a stale one into a crash).
bool in_tree(const saml::Message& m, const xmlNode* n) {
    std::function<bool(const xmlNode*)> walk = [&](const xmlNode* at) {
        for (; at; at = at->next) {
            if (at == n || walk(at->children)) return true;
        }
        return false;
    };
    return walk(m.root);
}

void require_fresh_pointers(const saml::Message& m) {
    for (const auto& s : m.signatures) {
        CHECK(in_tree(m, s.node));
        CHECK(in_tree(m, s.parent));
        CHECK(xml::is(s.node, xml::kDs, "Signature"));  // reads the node: a use-after-free under ASan
    }
    for (const auto& a : m.assertions) CHECK(in_tree(m, a.node));
}

bool only(const diag::Report& r, std::initializer_list<Code> codes) {
    for (const auto& f : r.findings()) {
        bool listed = false;
        for (Code c : codes) listed = listed || f.code == c;
        if (!listed) return false;
    }
    return true;
}

}  // namespace

TEST_SUITE("validate") {
TEST_CASE("validate::decrypt_in_place") {
    SUBCASE("pysaml2 default tripledes-cbc -> decrypted + weak_algorithm") {
        auto m = load("pysaml2-3des.xml");
        const saml::Assertion* before = &m.assertions.at(0);
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.has(Code::weak_algorithm));
        CHECK_FALSE(d.report.has_errors());
        CHECK(d.assertions == 1);
        REQUIRE(m.assertions.size() == 1);
        CHECK(before == &m.assertions[0]);  // element addresses are kept
        CHECK(m.assertions[0].decrypted);
        CHECK_FALSE(m.assertions[0].encrypted);
        REQUIRE(m.assertions[0].name_id);
        CHECK(m.assertions[0].name_id->value == "alice@example.com");
        REQUIRE(m.assertions[0].encryption);
        CHECK(m.assertions[0].encryption->data_algorithm == "http://www.w3.org/2001/04/xmlenc#tripledes-cbc");
        CHECK(m.signatures.size() == 1);  // the inner signature, now visible
        require_fresh_pointers(m);
    }
    SUBCASE("libxmlsec1 tripledes-cbc with rsa-1_5 -> decrypted + weak_algorithm") {
        auto m = load("xmlsec-3des-rsa15.xml");
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(only(d.report, {Code::weak_algorithm}));
        CHECK(d.report.has(Code::weak_algorithm));
        CHECK(m.assertions.at(0).decrypted);
    }
    SUBCASE("Lasso: tripledes-cbc + rsa-1_5 assertion; aes256-cbc + rsa-oaep-mgf1p EncryptedID") {
        auto m = load("lasso-3des-rsa15.xml");
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(only(d.report, {Code::weak_algorithm}));
        CHECK(m.assertions.at(0).decrypted);
        auto n = load("lasso-encrypted-id.xml");
        CHECK_FALSE(n.assertions.at(0).name_id);
        auto e = validate::decrypt_in_place(n, &sp_key());
        CHECK(e.report.findings().empty());
        REQUIRE(n.assertions.at(0).name_id);
        CHECK(n.assertions[0].name_id->format == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        CHECK_FALSE(n.assertions[0].name_id->value.empty());
    }
    SUBCASE("EncryptedKey beside EncryptedData: RetrievalMethod, KeyName/CarriedKeyName, no KeyInfo") {
        for (const char* name : {"sibling-retrieval.xml", "sibling-keyname.xml", "sibling-bare.xml"}) {
            CAPTURE(name);
            auto m = load(name);
            auto d = validate::decrypt_in_place(m, &sp_key());
            CHECK(d.report.findings().empty());
            CHECK(m.assertions.at(0).decrypted);
            CHECK(m.assertions.at(0).id == std::string("_a-sibling-") + (std::string(name).substr(8, std::string(name).size() - 12)));
            require_fresh_pointers(m);
        }
    }
    SUBCASE("RSA-OAEP with SHA-2 digests and MGF1 (xmlenc11#rsa-oaep, rsa-oaep-mgf1p + sha256)") {
        for (const char* name : {"oaep11-sha256.xml", "oaep11-sha512-mgf1sha1.xml", "oaep-mgf1p-sha256.xml"}) {
            CAPTURE(name);
            auto m = load(name);
            auto d = validate::decrypt_in_place(m, &sp_key());
            CHECK(d.report.findings().empty());
            CHECK(m.assertions.at(0).decrypted);
            REQUIRE(m.assertions.at(0).name_id);
            CHECK(m.assertions.at(0).name_id->value == "alice@example.com");
        }
    }
    SUBCASE("an algorithm outside the allow-list -> unsupported_algorithm, never decryption_failed") {
        for (const char* name : {"unsupported-data-algorithm.xml", "unsupported-key-algorithm.xml"}) {
            CAPTURE(name);
            auto m = load(name);
            auto d = validate::decrypt_in_place(m, &sp_key());
            CHECK(d.report.has(Code::unsupported_algorithm));
            CHECK_FALSE(d.report.has(Code::decryption_failed));
            CHECK(m.assertions.at(0).encrypted);
        }
    }
    SUBCASE("RetrievalMethod to another document -> decryption_failed, nothing fetched") {
        auto m = load("external-retrieval.xml");
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.has(Code::decryption_failed));
        CHECK(m.assertions.at(0).encrypted);
    }
    SUBCASE("the Response signature survives with its verification state; the assertion's is new") {
        auto m = load("sibling-keyname.xml");
        REQUIRE(m.signatures.size() == 1);
        m.signatures[0].verified = true;  // as if lib/dsig had verified the Response before decryption
        m.signatures[0].verified_by = "test";
        validate::decrypt_in_place(m, &sp_key());
        REQUIRE(m.signatures.size() == 2);
        const saml::SignatureInfo* response = nullptr;
        const saml::SignatureInfo* assertion = nullptr;
        for (const auto& s : m.signatures) (s.parent == m.root ? response : assertion) = &s;
        REQUIRE(response);
        REQUIRE(assertion);
        CHECK(response->verified == std::optional<bool>(true));
        CHECK(response->verified_by == "test");
        CHECK_FALSE(assertion->verified.has_value());
        CHECK(assertion->parent == m.assertions.at(0).node);
        require_fresh_pointers(m);
    }
    SUBCASE("a ds:Signature child of EncryptedAssertion goes with it (no stale pointer)") {
        auto m = load("signature-in-encrypted-assertion.xml");
        REQUIRE(m.signatures.size() == 1);
        CHECK(m.signatures[0].parent == m.assertions.at(0).node);
        m.signatures[0].verified = true;  // its state must not pass to a new node that reuses its address
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.findings().empty());
        REQUIRE(m.signatures.size() == 1);
        CHECK(m.signatures[0].parent == m.assertions.at(0).node);
        CHECK(xml::is(m.signatures[0].parent, xml::kSaml, "Assertion"));
        CHECK_FALSE(m.signatures[0].verified.has_value());
        require_fresh_pointers(m);
    }
    SUBCASE("EncryptedID -> NameID with the SP key; the signed tree is not changed") {
        auto m = load("encrypted-id.xml");
        REQUIRE(m.assertions.size() == 1);
        CHECK(m.assertions[0].encrypted_id);
        CHECK_FALSE(m.assertions[0].name_id);
        xmlNode* sig = m.signatures.at(0).node;
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.findings().empty());
        CHECK(d.name_ids == 1);
        REQUIRE(m.assertions[0].name_id);
        CHECK(m.assertions[0].name_id->value == "alice@example.com");
        CHECK(m.assertions[0].name_id->format == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        CHECK(m.assertions[0].encrypted_id);
        CHECK(m.signatures.at(0).node == sig);
        CHECK(xml::first_child(xml::first_child(m.assertions[0].node, xml::kSaml, "Subject"), xml::kSaml, "EncryptedID"));
    }
    SUBCASE("a ds:Signature child of EncryptedID stays valid") {
        auto m = load("signature-in-encrypted-id.xml");
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.findings().empty());
        REQUIRE(m.assertions.at(0).name_id);
        CHECK(m.assertions[0].name_id->value == "alice@example.com");
        require_fresh_pointers(m);
    }
    SUBCASE("EncryptedID inside EncryptedAssertion: both layers") {
        auto m = load("encrypted-id-in-encrypted-assertion.xml");
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.findings().empty());
        CHECK(d.assertions == 1);
        CHECK(d.name_ids == 1);
        REQUIRE(m.assertions.at(0).name_id);
        CHECK(m.assertions[0].name_id->value == "alice@example.com");
        require_fresh_pointers(m);
    }
    SUBCASE("an EncryptedID that cannot be decrypted is an error, never a silent null NameID") {
        for (const char* name : {"encrypted-id-no-method.xml", "encrypted-id-no-keyinfo.xml"}) {
            CAPTURE(name);
            auto m = load(name);
            auto d = validate::decrypt_in_place(m, &sp_key());
            CHECK(d.report.has(Code::decryption_failed));
            CHECK(d.report.has_errors());
            CHECK_FALSE(m.assertions.at(0).name_id);
        }
        auto m = load("encrypted-id.xml");
        CHECK(validate::has_encrypted_parts(m));
        auto d = validate::decrypt_in_place(m, nullptr);
        CHECK(d.report.has(Code::missing_decryption_key));
        CHECK(d.report.has_errors());
    }
    SUBCASE("EncryptedAttribute (sibling EncryptedKey by CarriedKeyName) -> Attribute") {
        auto m = load("encrypted-attribute.xml");
        const size_t plain = m.assertions.at(0).attributes.size();
        auto d = validate::decrypt_in_place(m, &sp_key());
        CHECK(d.report.findings().empty());
        CHECK(d.attributes == 1);
        REQUIRE(m.assertions[0].attributes.size() == plain + 1);
        CHECK(m.assertions[0].attributes.back().name == "email");
        CHECK(m.assertions[0].attributes.back().values == std::vector<std::string>{"alice@example.com"});
    }
    SUBCASE("hostile: at most 8 EncryptedKeys are tried per element") {
        for (int copies : {6, 12}) {
            CAPTURE(copies);
            auto m = load("sibling-bare.xml");
            xmlNode* ea = m.assertions.at(0).node;
            xmlNode* key = xml::first_child(ea, xml::kXenc, "EncryptedKey");
            REQUIRE(key);
            for (int i = 0; i < copies; ++i) {  // undecryptable copies placed before the real key
                xmlNode* copy = xmlCopyNode(key, 1);
                xmlNode* value = xml::first_child(xml::first_child(copy, xml::kXenc, "CipherData"), xml::kXenc, "CipherValue");
                xmlNodeSetContent(value, BAD_CAST "AAAA");
                xmlAddPrevSibling(key, copy);
            }
            auto d = validate::decrypt_in_place(m, &sp_key());
            CHECK(m.assertions.at(0).decrypted == (copies < 8));
            CHECK(d.report.has_errors() == (copies >= 8));
        }
    }
    SUBCASE("the wrong SP key -> invalid_decryption_cert") {
        auto m = saml::parse_message(read("saml/encrypted-assertion-wrong-sp.xml"));
        REQUIRE(m);
        auto d = validate::decrypt_in_place(*m, &sp_key());
        CHECK(d.report.has(Code::invalid_decryption_cert));
        CHECK(m->assertions.at(0).encrypted);
    }
}
}
