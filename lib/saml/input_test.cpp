#include <doctest/doctest.h>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "saml/input.hpp"
#include "saml/parse.hpp"
#include "xml/document.hpp"

using namespace ssoctl;

using test::slurp;


TEST_SUITE("saml") {
TEST_CASE("saml::normalize") {
    const std::string xml = slurp("saml/okta-signed-response.xml");
    REQUIRE(!xml.empty());
    SUBCASE("every paste form yields the same XML") {
        for (const char* form : {"okta.b64", "okta.b64wrapped", "okta.urlenc", "okta.form", "okta.url"}) {
            CAPTURE(form);
            auto n = saml::normalize(slurp(std::string("saml/paste/") + form));
            REQUIRE(n);
            CHECK(n->xml == std::string(xml.substr(0, xml.find_last_not_of("\n") + 1)));
        }
    }
    SUBCASE("form body keeps RelayState") {
        auto n = saml::normalize(slurp("saml/paste/okta.form"));
        REQUIRE(n);
        CHECK(n->parameter == "SAMLResponse");
        CHECK(n->relay_state == "/app");
    }
    SUBCASE("redirect URL is inflated and keeps the signed octets") {
        auto n = saml::normalize(slurp("saml/paste/authnrequest.redirect-url"));
        REQUIRE(n);
        CHECK(n->deflated);
        CHECK(n->sig_alg.has_value());
        CHECK(n->signature.has_value());
        std::string octets = slurp("saml/paste/authnrequest.redirect-signed-octets");
        while (!octets.empty() && octets.back() == '\n') octets.pop_back();
        CHECK(n->signed_query == octets);
    }
    SUBCASE("deflate+base64 alone") {
        auto n = saml::normalize(slurp("saml/paste/authnrequest.deflate.b64"));
        REQUIRE(n);
        CHECK(n->deflated);
    }
    SUBCASE("hostile inputs") {
        CHECK(saml::normalize("").error().code == "malformed_input");
        CHECK(saml::normalize(slurp("saml/hostile/not-base64.txt")).error().code == "malformed_input");
        CHECK(saml::normalize(slurp("saml/hostile/binary.bin")).error().code == "malformed_input");
        CHECK(saml::normalize(slurp("saml/hostile/truncated-deflate.b64")).error().code == "malformed_input");
        CHECK(saml::normalize(slurp("saml/hostile/deflate-bomb.b64")).error().code == "input_too_large");
        CHECK(saml::normalize(std::string(11u << 20, 'A')).error().code == "input_too_large");
    }
}

TEST_CASE("saml::parse_message") {
    SUBCASE("DOCTYPE is refused -> malformed_input") {
        for (const char* f : {"xxe.xml", "billion-laughs.xml", "external-dtd.xml", "esc-nameid.xml"}) {
            CAPTURE(f);
            CHECK(saml::parse_message(slurp(std::string("saml/hostile/") + f)).error().code == "malformed_input");
        }
    }
    SUBCASE("deep nesting -> malformed_input") {
        std::string deep;
        for (int i = 0; i < 200; ++i) deep += "<a>";
        for (int i = 0; i < 200; ++i) deep += "</a>";
        CHECK(xml::parse(deep).error().code == "malformed_input");
    }
    SUBCASE("not SAML -> unsupported_message") {
        CHECK(saml::parse_message("<html><body/></html>").error().code == "unsupported_message");
    }
    SUBCASE("okta response fields") {
        auto m = saml::parse_message(slurp("saml/okta-signed-response.xml"));
        REQUIRE(m);
        CHECK(m->type == saml::MessageType::response);
        CHECK(m->in_response_to == "_req-4f3a9c2e1b");
        CHECK(m->status.success());
        REQUIRE(m->assertions.size() == 1);
        CHECK(m->assertions[0].name_id->value == "alice@example.com");
        CHECK(m->assertions[0].conditions.audiences == std::vector<std::string>{"https://sp.example.com/saml/metadata"});
        CHECK(m->signatures.size() == 2);
    }
    SUBCASE("a comment never truncates NameID") {
        auto m = saml::parse_message(slurp("saml/comment-in-nameid.xml"));
        REQUIRE(m);
        CHECK(m->assertions[0].name_id->value == "alice@example.com.evil.com");
    }
    SUBCASE("status with sub-status") {
        auto m = saml::parse_message(slurp("saml/status-authnfailed.xml"));
        REQUIRE(m);
        CHECK(!m->status.success());
        CHECK(m->status.sub_code == "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
    }
    SUBCASE("encrypted assertion is recognised") {
        auto m = saml::parse_message(slurp("saml/encrypted-assertion.xml"));
        REQUIRE(m);
        REQUIRE(m->assertions.size() == 1);
        CHECK(m->assertions[0].encrypted);
    }
    SUBCASE("vendor shapes and IdP software parse") {
        for (const char* f : {"entra-signed-assertion.xml", "google-signed-response.xml", "adfs-signed-assertion.xml",
                              "pysaml2-response.xml", "lasso-response.xml"}) {
            CAPTURE(f);
            auto m = saml::parse_message(slurp(std::string("saml/") + f));
            REQUIRE(m);
            CHECK(m->assertions.size() == 1);
            CHECK(m->assertions[0].name_id.has_value());
        }
    }
}
}
