#include <doctest/doctest.h>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "capture/reformat.hpp"
#include "xml/document.hpp"

using namespace ssoctl;

using test::slurp;


TEST_SUITE("capture") {
TEST_CASE("capture::reformatting_marks") {
    SUBCASE("signed fixtures as their signers wrote them -> no marks") {
        for (const char* f : {"okta-signed-response.xml", "entra-signed-assertion.xml", "google-signed-response.xml",
                              "adfs-signed-assertion.xml", "pysaml2-response.xml", "lasso-response.xml"}) {
            CAPTURE(f);
            const std::string raw = slurp(std::string("saml/") + f);
            auto doc = xml::parse(raw);
            REQUIRE(doc);
            CHECK(!capture::reformatting_marks(xmlDocGetRootElement(doc->get()), raw));
        }
    }
    SUBCASE("xmllint --format copy -> pretty-printer marks") {
        const std::string raw = slurp("capture/reformatted-okta.xml");
        auto doc = xml::parse(raw);
        REQUIRE(doc);
        auto marks = capture::reformatting_marks(xmlDocGetRootElement(doc->get()), raw);
        REQUIRE(marks);
        CHECK(marks->indent_step > 0);
        CHECK(marks->whitespace_nodes >= 3);
        CHECK_FALSE(marks->crlf);
        CHECK(marks->text().en.find("pretty-printer") != std::string::npos);
        CHECK(marks->text().en.find("CRLF") == std::string::npos);
        CHECK(!marks->text().ja.empty());
    }
    SUBCASE("CRLF alone is no mark (parsers normalise it), beside indentation it is named") {
        const std::string raw = slurp("capture/reformatted-okta-crlf.xml");
        auto doc = xml::parse(raw);
        REQUIRE(doc);
        CHECK(!capture::reformatting_marks(xmlDocGetRootElement(doc->get()), raw));
        std::string pretty = slurp("capture/reformatted-okta.xml");
        std::string crlf;
        for (char c : pretty) {
            if (c == '\n') crlf += '\r';
            crlf += c;
        }
        auto doc2 = xml::parse(crlf);
        REQUIRE(doc2);
        auto marks = capture::reformatting_marks(xmlDocGetRootElement(doc2->get()), crlf);
        REQUIRE(marks);
        CHECK(marks->crlf);
        CHECK(marks->text().en.find("line ends are CRLF") != std::string::npos);
    }
    SUBCASE("null -> nullopt") { CHECK(!capture::reformatting_marks(nullptr)); }
}
}
