#include <doctest/doctest.h>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "capture/capture.hpp"
#include "capture/redact.hpp"
#include "saml/parse.hpp"

using namespace ssoctl;

using test::slurp;

namespace {

// Everything personal or secret that the fixtures carry (NameID, emails, attribute values,
// SessionIndex, cookies, tokens, codes, password, RelayState).
std::vector<std::string> secrets_of(const saml::Message& m) {
    std::vector<std::string> out;
    for (const auto& a : m.assertions) {
        if (a.name_id) out.push_back(a.name_id->value);
        // Okta's SessionIndex is the assertion's ID, which stays (structure); only a distinct one is a secret.
        if (!a.authn.session_index.empty() && a.authn.session_index != a.id) out.push_back(a.authn.session_index);
        for (const auto& at : a.attributes) {
            for (const auto& v : at.values) out.push_back(v);
        }
    }
    return out;
}

const std::vector<std::string> kHarSecrets = {"alice@example.com", "alice%40example.com", "s3cr3t-sp-cookie-0123456789", "s3cr3t-idp-cookie-abcdef",
                                              "csrf-token-zyxw", "new-s3cr3t-session-value", "Hunter2-secret-pw",
                                              "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl", "/dashboard?tab=1",
                                              "%2Fdashboard%3Ftab%3D1", "c0de-s3cr3t-value", "bob@example.com", "bob%40example.com",
                                              "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0"};
}  // namespace

TEST_SUITE("capture") {
TEST_CASE("capture::Redactor") {
    const std::string xml = slurp("saml/okta-signed-response.xml");
    auto original = saml::parse_message(xml);
    REQUIRE(original);
    const auto secrets = secrets_of(*original);
    REQUIRE(secrets.size() >= 4);

    SUBCASE("XML: identity data replaced, structure and issuers kept, marked") {
        capture::Redactor r;
        auto red = r.xml(xml);
        REQUIRE(red);
        for (const auto& s : secrets) {
            CAPTURE(s);
            CHECK(red->find(s) == std::string::npos);
        }
        CHECK(red->find("https://idp.example.com/saml2") != std::string::npos);
        CHECK(red->find("X509Certificate") != std::string::npos);
        CHECK(red->find("signatures no longer verify") != std::string::npos);
        auto again = saml::parse_message(*red);
        REQUIRE(again);
        const std::string placeholder = again->assertions[0].name_id->value;
        CHECK(placeholder.rfind("redacted-", 0) == 0);
        CHECK(placeholder.find("@example.com") != std::string::npos);
        bool same = false;  // the email attribute carries the same address: the same placeholder
        for (const auto& at : again->assertions[0].attributes) {
            for (const auto& v : at.values) same = same || v == placeholder;
        }
        CHECK(same);
        CHECK(again->assertions[0].conditions.audiences == original->assertions[0].conditions.audiences);
        CHECK(!r.replaced().empty());
        for (const auto& x : r.replaced()) {
            for (const auto& s : secrets) CHECK(x.where.find(s) == std::string::npos);
        }
    }
    SUBCASE("same value, same placeholder") {
        capture::Redactor r;
        const std::string first = r.placeholder("nameid", "alice@example.com", "NameID");
        CHECK(r.text("alice@example.com", "x") == first);
        CHECK(first == "redacted-nameid-1@example.com");
        CHECK(r.text("mail bob@corp.example.org now", "x") == "mail redacted-email-1@corp.example.org now");
    }
    SUBCASE("HAR: no NameID, email, attribute value, cookie, token, code or password survives") {
        for (const char* f : {"capture/chrome-sp-initiated.har", "capture/edge-oidc-wsfed.har", "capture/firefox-post-binding.har"}) {
            CAPTURE(f);
            capture::Redactor r;
            auto har = r.har(slurp(f));
            REQUIRE(har);
            for (const auto& s : secrets) CHECK(har->find(s) == std::string::npos);
            for (const auto& s : kHarSecrets) {
                CAPTURE(s);
                CHECK(har->find(s) == std::string::npos);
            }
            CHECK(har->find("ff-s3cr3t-jsession") == std::string::npos);
            CHECK(har->find("signatures no longer verify") != std::string::npos);
            // the redacted HAR is still a capture with the same flow
            auto cap = capture::read(*har);
            REQUIRE(cap);
            CHECK(!cap->items.empty());
        }
    }
    SUBCASE("SAML-tracer export: redacted in its own format, still the same flow") {
        const std::string original_tracer = slurp("capture/saml-tracer.json");
        auto before = capture::read(original_tracer);
        REQUIRE(before);
        capture::Redactor r;
        auto out = r.capture_file(original_tracer);
        REQUIRE(out);
        CHECK(out->kind == capture::Kind::saml_tracer);
        for (const auto& s : secrets) CHECK(out->text.find(s) == std::string::npos);
        for (const auto& s : kHarSecrets) {
            CAPTURE(s);
            CHECK(out->text.find(s) == std::string::npos);
        }
        CHECK(out->text.find("\"comment\": \"redacted by ssoctl") != std::string::npos);
        auto cap = capture::read(out->text);
        REQUIRE(cap);
        CHECK(cap->kind == capture::Kind::saml_tracer);
        REQUIRE(cap->items.size() == before->items.size());
        for (size_t i = 0; i < cap->items.size(); ++i) {
            CHECK(cap->items[i].type == before->items[i].type);
            CHECK(cap->items[i].id == before->items[i].id);
            CHECK(cap->items[i].answers == before->items[i].answers);
        }
    }
    SUBCASE("capture_file: HAR by content; a paste is no capture file") {
        capture::Redactor r;
        auto har = r.capture_file(slurp("capture/chrome-sp-initiated.har"));
        REQUIRE(har);
        CHECK(har->kind == capture::Kind::har);
        auto paste = r.capture_file(slurp("capture/paste/curl.txt"));
        REQUIRE_FALSE(paste);
        CHECK(paste.error().code == capture::kNotACaptureFile);
        auto other = r.capture_file("{\"a\": 1}");
        REQUIRE_FALSE(other);
        CHECK(other.error().code == "malformed_input");
    }
    SUBCASE("items: RelayState, OIDC code and token replaced") {
        auto cap = capture::read(slurp("capture/edge-oidc-wsfed.har"));
        REQUIRE(cap);
        capture::Redactor r;
        for (auto& it : cap->items) {
            r.item(it);
            for (const auto& [k, v] : it.oidc) {
                CHECK(v.find("c0de-s3cr3t") == std::string::npos);
                CHECK(v.find("eyJhbGci") == std::string::npos);
            }
            CHECK(it.url.find("bob%40example.com") == std::string::npos);
        }
    }
}
}
