// Issue 10 items 5, 6, 12, 13: per-node caps before libxml2, linear location paths, namespace
// errors as malformed input, invisible characters in serialised XML.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "xml/document.hpp"
#include "xml/node.hpp"
#include "xml/prescan.hpp"

using namespace ssoctl;

namespace {
const std::string kHostile = std::string(SSOCTL_TESTDATA_DIR) + "/saml/hostile/";

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string with_attributes(size_t n) {
    std::string s = "<r";
    for (size_t i = 0; i < n; ++i) s += " a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
    return s + "/>";
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

TEST_SUITE("xml") {
    TEST_CASE("xml::parse refuses 100 000 attributes on one element in well under a second") {
        const std::string doc = with_attributes(100000);
        const auto t0 = std::chrono::steady_clock::now();
        auto r = xml::parse(doc);
        const double took = seconds_since(t0);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "input_too_large");
        CHECK(took < 0.5);  // libxml2 alone: ~20 s
        CHECK(xml::parse(with_attributes(256)));
        CHECK_FALSE(xml::parse(with_attributes(257)));
        auto fixture = xml::parse(slurp(kHostile + "many-attributes.xml"));
        REQUIRE_FALSE(fixture);
        CHECK(fixture.error().code == "input_too_large");
    }

    TEST_CASE("xml::Prescan: namespace declarations in scope, node size, chunk boundaries") {
        std::string nested;
        for (int i = 0; i < 5; ++i) {
            nested += "<e";
            for (int k = 0; k < 250; ++k) nested += " xmlns:p" + std::to_string(i) + "_" + std::to_string(k) + "=\"urn:x\"";
            nested += ">";
        }
        CHECK_FALSE(xml::prescan(nested));
        xml::NodeLimits small;
        small.max_token_bytes = 10;
        CHECK(xml::prescan("<a>0123456789</a>", small));
        CHECK_FALSE(xml::prescan("<a>01234567890</a>", small));
        CHECK_FALSE(xml::prescan("<a><!--0123456789--></a>", small));
        CHECK(xml::prescan("<a b='>>>'/><!-- a=\"1\" --><?pi x='1'?><![CDATA[ <x y='1'> ]]></a>"));
        // fed one byte at a time, the counts are the same
        const std::string doc = with_attributes(300);
        xml::Prescan p;
        bool refused = false;
        for (char c : doc) refused = refused || !p.feed(std::string_view(&c, 1));
        CHECK(refused);
        xml::Prescan q;
        const std::string ok = with_attributes(200);
        bool fine = true;
        for (char c : ok) fine = fine && q.feed(std::string_view(&c, 1)).has_value();
        CHECK(fine);
    }

    TEST_CASE("xml::parse treats namespace errors as malformed input") {
        for (const char* name : {"ns-xml-rebound.xml", "ns-undeclared-prefix.xml"}) {
            CAPTURE(name);
            auto r = xml::parse(slurp(kHostile + name));
            REQUIRE_FALSE(r);
            CHECK(r.error().code == "malformed_input");
        }
        CHECK_FALSE(xml::parse("<r xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" a:ID=\"1\" b:ID=\"2\"/>"));  // one attribute twice
        CHECK(xml::parse("<r xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"en\"/>"));
    }

    TEST_CASE("xml::path is linear in the number of siblings and follows tree changes") {
        std::string doc = "<r xmlns=\"urn:x\">";
        for (int i = 0; i < 60000; ++i) doc += "<a/>";
        doc += "<b/></r>";
        xml::ParseLimits limits;
        auto parsed = xml::parse(doc, limits);
        REQUIRE(parsed);
        xmlNode* root = xmlDocGetRootElement(parsed->get());
        const auto t0 = std::chrono::steady_clock::now();
        size_t chars = 0;
        for (xmlNode* c = root->children; c; c = c->next) chars += xml::path(c).size();
        CHECK(seconds_since(t0) < 2.0);  // before: ~60 000² sibling visits
        CHECK(chars > 0);
        CHECK(xml::path(root->children) == "/r/a[1]");
        CHECK(xml::path(root->last) == "/r/b");
        CHECK(xml::path(root->last->prev) == "/r/a[60000]");
        // a new sibling named b: the cached positions must not be reused
        xmlNewChild(root, root->ns, BAD_CAST "b", nullptr);
        CHECK(xml::path(root->last) == "/r/b[2]");
        CHECK(xml::path(root->last->prev) == "/r/b[1]");
    }

    TEST_CASE("xml::path uses one fixed prefix per SAML namespace, whatever the document uses") {
        // Entra ID: default-namespace Assertion inside samlp:Response; Okta: saml2p/saml2.
        const char* entra =
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            "<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"><Conditions/>"
            "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/><x:Ext xmlns:x=\"urn:other\"/><Other xmlns=\"urn:other\"/>"
            "</Assertion></samlp:Response>";
        const char* okta =
            "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
            "<saml2:Assertion><saml2:Conditions/></saml2:Assertion></saml2p:Response>";
        auto e = xml::parse(entra);
        auto o = xml::parse(okta);
        REQUIRE(e);
        REQUIRE(o);
        xmlNode* assertion = xmlDocGetRootElement(e->get())->children;
        CHECK(xml::path(assertion->children) == "/samlp:Response/saml:Assertion/saml:Conditions");
        CHECK(xml::path(assertion->children->next) == "/samlp:Response/saml:Assertion/ds:Signature");
        CHECK(xml::path(assertion->children->next->next) == "/samlp:Response/saml:Assertion/x:Ext");  // other namespaces: the document's prefix
        CHECK(xml::path(assertion->last) == "/samlp:Response/saml:Assertion/Other");
        CHECK(xml::path(xmlDocGetRootElement(o->get())->children->children) == "/samlp:Response/saml:Assertion/saml:Conditions");
    }

    TEST_CASE("xml::pretty writes invisible characters as character references") {
        auto r = xml::parse(slurp(kHostile + "c1-bidi-nameid.xml"));
        REQUIRE(r);
        const std::string out = xml::pretty(r->get());
        CHECK(out.find("\u202e") == std::string::npos);
        CHECK(out.find("\u0085") == std::string::npos);
        CHECK(out.find("\u009b") == std::string::npos);
        CHECK(out.find("alice&#x85;&#x9B;31m&#x202E;moc.live@example.com") != std::string::npos);
        CHECK(xml::escape_invisible("a\u200bb\xef\xbb\xbf") == "a&#x200B;b&#xFEFF;");
        CHECK(xml::escape_invisible("日本語 é") == "日本語 é");
        // the escaped output parses back to the same text
        auto again = xml::parse(out);
        REQUIRE(again);
    }
}
