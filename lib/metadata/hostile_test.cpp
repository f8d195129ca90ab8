// Issue 10 item 2 and 11: entities outside their schema place are never listed or trusted, a
// misplaced Signature is a profile fault, and one giant text node is refused with flat memory.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "dsig/trust_store.hpp"
#include "metadata/lint.hpp"
#include "metadata/placement.hpp"
#include "metadata/reader.hpp"
#include "metadata/signature.hpp"
#include "util/time.hpp"
#include "xml/document.hpp"

using namespace ssoctl;

namespace {
const std::string kHostile = std::string(SSOCTL_TESTDATA_DIR) + "/metadata/hostile/";
const std::string kSigned = std::string(SSOCTL_TESTDATA_DIR) + "/metadata/signed/";

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

dsig::TrustStore md_trust() {
    dsig::TrustStore t;
    REQUIRE(dsig::add_cert_file(t, "--md-cert md-signer.crt", slurp(kSigned + "md-signer.crt")));
    return t;
}

struct Read {
    std::vector<std::string> ids;
    Result<metadata::Document> doc = fail("io_error", "not read");
};

Read read(const std::string& name) {
    Read r;
    r.doc = metadata::read_file(kHostile + name, [&](metadata::Entity&& e) { r.ids.push_back(e.entity_id); });
    return r;
}
}  // namespace

TEST_SUITE("metadata") {
    TEST_CASE("metadata hostile: an EntityDescriptor inside the root Signature is never a signed entity") {
        for (const char* name : {"entity-in-keyinfo.xml", "entity-in-object.xml"}) {
            CAPTURE(name);
            const Read r = read(name);
            REQUIRE(r.doc);
            CHECK(r.doc->signed_root);
            CHECK(r.ids.size() == 6);  // federation.xml's six entities, not the attacker's
            for (const auto& id : r.ids) CHECK(id != "https://idp.evil.example/idp");
            REQUIRE(r.doc->misplaced.size() == 1);
            CHECK(r.doc->misplaced[0].inside == "ds:Signature");
            CHECK(r.doc->misplaced_total == 1);

            // the signature itself verifies (the attacker only added unsigned bytes) ...
            diag::Report sig_report;
            auto sig = metadata::verify_signature(slurp(kHostile + name), md_trust(), sig_report);
            REQUIRE(sig);
            CHECK(sig->verified);
            // ... and the lint says the misplaced entity is an error
            metadata::Linter l({{*util::parse_rfc3339("2026-01-15T10:01:00Z"), 30, 0}, "", name});
            diag::Report report;
            l.lint_document(*r.doc, report);
            CHECK(report.has(diag::Code::metadata_misplaced_entity));
            CHECK(report.has_errors());
        }
    }

    TEST_CASE("metadata hostile: an entity in md:Extensions, signed with it, is misplaced too") {
        const Read r = read("entity-in-extensions.xml");
        REQUIRE(r.doc);
        CHECK(r.ids.size() == 6);
        REQUIRE(r.doc->misplaced.size() == 1);
        CHECK(r.doc->misplaced[0].entity_id == "https://idp.hidden.example/idp");
        CHECK(r.doc->misplaced[0].inside == "Extensions");
    }

    TEST_CASE("metadata hostile: a group hidden in a Signature, an entity inside an entity") {
        const std::string doc =
            "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
            "<ds:Signature><ds:KeyInfo><md:EntitiesDescriptor><md:EntityDescriptor entityID=\"evil-1\"/></md:EntitiesDescriptor></ds:KeyInfo></ds:Signature>"
            "<md:EntityDescriptor entityID=\"good\"><md:Extensions><md:EntityDescriptor entityID=\"evil-2\"/></md:Extensions></md:EntityDescriptor>"
            "<md:EntitiesDescriptor><md:EntityDescriptor entityID=\"nested-good\"/></md:EntitiesDescriptor>"
            "</md:EntitiesDescriptor>";
        std::vector<std::string> ids;
        auto r = metadata::read_memory(doc, [&](metadata::Entity&& e) { ids.push_back(e.entity_id); });
        REQUIRE(r);
        CHECK(ids == std::vector<std::string>{"good", "nested-good"});
        REQUIRE(r->misplaced.size() == 2);
        CHECK(r->misplaced[0].entity_id == "evil-1");
        CHECK(r->misplaced[0].inside == "ds:Signature");
        CHECK(r->misplaced[1].entity_id == "evil-2");
        CHECK(r->misplaced[1].inside == "Extensions");
        auto dom = xml::parse(doc);
        REQUIRE(dom);
        CHECK_FALSE(metadata::placed_entities(xmlDocGetRootElement(dom->get())));
    }

    TEST_CASE("metadata hostile: the DOM reader for --idp-metadata refuses a hidden entity") {
        auto doc = xml::parse(slurp(kHostile + "idp-entity-in-keyinfo.xml"));
        REQUIRE(doc);
        auto placed = metadata::placed_entities(xmlDocGetRootElement(doc->get()));
        REQUIRE_FALSE(placed);
        CHECK(placed.error().code == "metadata_misplaced_entity");
        dsig::TrustStore store;
        auto added = dsig::add_idp_metadata(store, slurp(kHostile + "idp-entity-in-keyinfo.xml"), "");
        REQUIRE_FALSE(added);
        CHECK(added.error().code == "metadata_misplaced_entity");
        CHECK(store.keys.empty());
        // the clean signed metadata still loads
        auto clean = xml::parse(slurp(kSigned + "federation-signed.xml"));
        REQUIRE(clean);
        auto ok = metadata::placed_entities(xmlDocGetRootElement(clean->get()));
        REQUIRE(ok);
        CHECK(ok->size() == 6);
    }

    TEST_CASE("metadata hostile: a Signature that is not the root's is a profile fault, not 'unsigned'") {
        const Read r = read("signature-in-role.xml");
        REQUIRE(r.doc);
        CHECK_FALSE(r.doc->signed_root);
        CHECK(r.doc->signatures_elsewhere == 1);
        diag::Report report;
        auto sig = metadata::verify_signature(slurp(kHostile + "signature-in-role.xml"), md_trust(), report);
        REQUIRE(sig);
        CHECK(sig->present);
        CHECK_FALSE(sig->verified);
        CHECK(report.has(diag::Code::invalid_signature_profile));
        CHECK_FALSE(report.has(diag::Code::signature_missing));
    }

    TEST_CASE("metadata hostile: a text node over the cap is refused, in memory and from a file") {
        const Read r = read("giant-cert.xml");
        REQUIRE_FALSE(r.doc);
        CHECK(r.doc.error().code == "input_too_large");
        // one text node of 1 MiB + 1 inside an element the reader does not capture
        std::string big = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"><md:Organization>";
        big += std::string(metadata::kMaxTextBytes + 1, 'a');
        big += "</md:Organization></md:EntityDescriptor>";
        auto doc = metadata::read_memory(big, [](metadata::Entity&&) {});
        REQUIRE_FALSE(doc);
        CHECK(doc.error().code == "input_too_large");
        // just under the cap reads
        big = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"><md:Organization>" +
              std::string(metadata::kMaxTextBytes - 100, 'a') + "</md:Organization></md:EntityDescriptor>";
        CHECK(metadata::read_memory(big, [](metadata::Entity&&) {}));
    }

    TEST_CASE("metadata hostile: certificate text split by comments still counts against the cap") {
        std::string doc = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"x\">"
                          "<md:IDPSSODescriptor><md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>";
        for (int i = 0; i < 3; ++i) doc += std::string(metadata::kMaxTextBytes / 2, 'Q') + "<!---->";
        doc += "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>";
        auto r = metadata::read_memory(doc, [](metadata::Entity&&) {});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "input_too_large");
    }
}
