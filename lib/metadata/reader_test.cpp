// Streaming metadata reader and lint against the vendor-shaped samples and the lint fixtures.
#include <doctest/doctest.h>

#include "metadata/lint.hpp"
#include "metadata/reader.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

using namespace ssoctl;

namespace {
const std::string kMd = std::string(SSOCTL_TESTDATA_DIR) + "/metadata/";

std::vector<metadata::Entity> read_all(const std::string& path, Result<metadata::Document>* doc_out = nullptr) {
    std::vector<metadata::Entity> out;
    auto doc = metadata::read_file(path, [&](metadata::Entity&& e) { out.push_back(std::move(e)); });
    if (doc_out) *doc_out = doc;
    return out;
}

diag::Report lint(const std::string& path, const std::string& binding = "") {
    metadata::Linter l({{*util::parse_rfc3339("2026-01-15T10:01:00Z"), 30, 0}, binding, path});
    diag::Report r;
    auto doc = metadata::read_file(path, [&](metadata::Entity&& e) { l.lint(std::move(e), r); });
    REQUIRE(doc);
    l.lint_document(*doc, r);
    return r;
}
}  // namespace

TEST_SUITE("metadata") {
    TEST_CASE("metadata::read_file") {
        SUBCASE("entra: two signing keys, SSO bindings, RoleDescriptor") {
            auto es = read_all(kMd + "entra-idp.xml");
            REQUIRE(es.size() == 1);
            CHECK(util::starts_with(es[0].entity_id, "https://sts.windows.net/"));
            REQUIRE(es[0].roles.size() == 2);
            CHECK(es[0].roles[0].kind == "role");
            CHECK(es[0].roles[1].kind == "idp");
            CHECK(es[0].roles[1].keys.size() == 2);
            CHECK(es[0].roles[1].sso.size() == 2);
            CHECK(es[0].roles[1].slo.size() == 1);
        }
        SUBCASE("adfs: default namespace, SP and IdP roles, encryption + signing") {
            auto es = read_all(kMd + "adfs-idp.xml");
            REQUIRE(es.size() == 1);
            REQUIRE(es[0].roles.size() == 2);
            CHECK(es[0].roles[0].kind == "sp");
            CHECK(es[0].roles[1].keys[0].use == "encryption");
            CHECK(es[0].roles[1].name_id_formats.size() == 2);
        }
        SUBCASE("federation aggregate: entities, display names, inherited validUntil") {
            Result<metadata::Document> doc = fail("x", "y");
            auto es = read_all(kMd + "federation.xml", &doc);
            REQUIRE(doc);
            CHECK(doc->aggregate);
            CHECK(doc->entities == 6);
            CHECK(doc->valid_until == "2026-01-29T00:00:00Z");
            REQUIRE(es.size() == 6);
            CHECK(es[0].display_name == "University A");
            CHECK(es[0].inherited_valid_until == "2026-01-29T00:00:00Z");
            CHECK(es[3].roles[0].acs[0].index == 1);
        }
        SUBCASE("fixtures engineer's metadata") {
            auto es = read_all(std::string(SSOCTL_TESTDATA_DIR) + "/keys/idp-metadata.xml");
            REQUIRE(es.size() == 1);
            CHECK(es[0].roles[0].keys.size() == 2);
            auto sp = read_all(std::string(SSOCTL_TESTDATA_DIR) + "/keys/sp-metadata.xml");
            REQUIRE(sp.size() == 1);
            CHECK(sp[0].roles[0].kind == "sp");
        }
        SUBCASE("hostile and broken input -> malformed_input") {
            CHECK(metadata::read_file(kMd + "lint/doctype.xml", [](metadata::Entity&&) {}).error().code == "malformed_input");
            CHECK(metadata::read_file(kMd + "lint/truncated.xml", [](metadata::Entity&&) {}).error().code == "malformed_input");
            CHECK(metadata::read_memory("<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>", [](metadata::Entity&&) {})
                      .error()
                      .code == "malformed_input");
            CHECK(metadata::read_file(kMd + "nope.xml", [](metadata::Entity&&) {}).error().code == "io_error");
        }
        SUBCASE("looks_like_metadata") {
            CHECK(metadata::looks_like_metadata("<?xml version='1.0'?>\n<!-- c --><md:EntitiesDescriptor xmlns:md='x'>"));
            CHECK(metadata::looks_like_metadata("<EntityDescriptor>"));
            CHECK(!metadata::looks_like_metadata("-----BEGIN CERTIFICATE-----"));
            CHECK(!metadata::looks_like_metadata("<samlp:Response>"));
        }
    }

    TEST_CASE("metadata::Linter") {
        SUBCASE("clean vendor samples -> no errors") {
            for (const char* f : {"okta-idp.xml", "google-idp.xml", "sp.xml"}) {
                CAPTURE(f);
                CHECK(lint(kMd + f).findings().empty());
            }
        }
        SUBCASE("missing SSO -> missing_sso_binding") { CHECK(lint(kMd + "lint/missing-sso.xml").has(diag::Code::missing_sso_binding)); }
        SUBCASE("encryption-only key -> no_signing_cert") { CHECK(lint(kMd + "lint/no-signing-cert.xml").has(diag::Code::no_signing_cert)); }
        SUBCASE("validUntil passed -> metadata_expired") { CHECK(lint(kMd + "lint/expired.xml").has(diag::Code::metadata_expired)); }
        SUBCASE("http:// SSO -> insecure_endpoint") { CHECK(lint(kMd + "lint/insecure.xml").has(diag::Code::insecure_endpoint)); }
        SUBCASE("binding the SP needs") {
            CHECK(lint(kMd + "lint/redirect-only.xml", "post").has(diag::Code::missing_sso_binding));
            CHECK(!lint(kMd + "lint/redirect-only.xml", "redirect").has(diag::Code::missing_sso_binding));
        }
        SUBCASE("bad base64 certificate -> unreadable_certificate") { CHECK(lint(kMd + "lint/bad-cert.xml").has(diag::Code::unreadable_certificate)); }
        SUBCASE("entra rotation: expiring key with a successor gets the rotation hint") {
            auto r = lint(kMd + "entra-idp.xml");
            REQUIRE(r.has(diag::Code::cert_expiring));
            for (const auto& f : r.findings()) {
                if (f.code == diag::Code::cert_expiring) CHECK(f.hint.en.find("rotation in progress") != std::string::npos);
            }
        }
        SUBCASE("federation: expired, weak, expiring, insecure") {
            auto r = lint(kMd + "federation.xml");
            CHECK(r.has(diag::Code::cert_expired));
            CHECK(r.has(diag::Code::weak_key));
            CHECK(r.has(diag::Code::cert_expiring));
            CHECK(r.has(diag::Code::insecure_endpoint));
            CHECK(!r.has(diag::Code::metadata_expired));
        }
    }
}

TEST_SUITE("metadata") {
TEST_CASE("metadata::read_memory attribute references") {
    std::vector<std::string> ids;
    auto doc = ssoctl::metadata::read_memory(
        R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="a&amp;b&#38;c&lt;d&#x41;"><md:IDPSSODescriptor/></md:EntityDescriptor>)",
        [&](ssoctl::metadata::Entity&& e) { ids.push_back(e.entity_id); });
    REQUIRE(doc);
    REQUIRE(ids.size() == 1);
    CHECK(ids[0] == "a&b&c<dA");
}
TEST_CASE("metadata::read_memory refuses DOCTYPE -> malformed_input") {
    auto doc = ssoctl::metadata::read_memory(R"(<!DOCTYPE x [<!ENTITY a "b">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&a;"/>)",
                                             [](ssoctl::metadata::Entity&&) {});
    REQUIRE(!doc);
    CHECK(doc.error().code == "malformed_input");
}
}
