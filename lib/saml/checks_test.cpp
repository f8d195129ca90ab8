#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "saml/checks.hpp"
#include "saml/parse.hpp"
#include "saml/replay.hpp"
#include "saml/uri_match.hpp"

using namespace ssoctl;
using diag::Code;

namespace {
saml::Message load(const std::string& rel) {
    std::ifstream f(std::string(SSOCTL_TESTDATA_DIR) + "/saml/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto m = saml::parse_message(ss.str());
    REQUIRE(m);
    return std::move(*m);
}

saml::Expectations sp() {
    saml::Expectations e;
    e.sp_entity_ids = {"https://sp.example.com/saml/metadata"};
    e.acs_urls = {"https://sp.example.com/saml/acs"};
    e.now = *util::parse_rfc3339("2026-01-15T10:01:00Z");
    return e;
}
}  // namespace

TEST_SUITE("saml") {
TEST_CASE("saml::compare_uri") {
    CHECK(saml::compare_uri("https://SP.example.com:443/acs", "https://sp.example.com/acs").equal);
    CHECK_FALSE(saml::compare_uri("https://sp.example.com/ACS", "https://sp.example.com/acs").equal);
    SUBCASE("near misses name the difference") {
        CHECK(saml::compare_uri("https://sp/acs/", "https://sp/acs").near_miss.en.find("trailing slash") != std::string::npos);
        CHECK(saml::compare_uri("http://sp/acs", "https://sp/acs").near_miss.en.find("scheme") != std::string::npos);
        CHECK(saml::compare_uri("https://sp:8443/acs", "https://sp/acs").near_miss.en.find("port") != std::string::npos);
        CHECK(saml::compare_uri("https://sp/ACS", "https://sp/acs").near_miss.en.find("case") != std::string::npos);
        CHECK(saml::compare_uri("https://sp/saml/acs/post", "https://sp/saml/acs").near_miss.en.find("suffix") != std::string::npos);
        CHECK(saml::compare_uri("spn:1234", "https://sp").near_miss.en.find("Entra") != std::string::npos);
        CHECK(saml::compare_uri("urn:sp:a/", "urn:sp:a").near_miss.en.find("trailing slash") != std::string::npos);
    }
}

TEST_CASE("saml::check_audience") {
    diag::Report r;
    SUBCASE("okta response matches -> pass") {
        auto m = load("okta-signed-response.xml");
        CHECK(saml::check_audience(m, m.assertions[0], sp(), r) == saml::CheckStatus::pass);
    }
    SUBCASE("trailing slash -> invalid_audience") {
        auto m = load("wrong-audience-trailing-slash.xml");
        saml::check_audience(m, m.assertions[0], sp(), r);
        CHECK(r.has(Code::invalid_audience));
    }
    SUBCASE("spn: -> invalid_audience") {
        auto m = load("wrong-audience-spn.xml");
        saml::check_audience(m, m.assertions[0], sp(), r);
        CHECK(r.has(Code::invalid_audience));
    }
    SUBCASE("http recipient -> invalid_recipient") {
        auto m = load("wrong-recipient-http.xml");
        saml::check_audience(m, m.assertions[0], sp(), r);
        CHECK(r.has(Code::invalid_recipient));
    }
    SUBCASE("port in destination -> invalid_destination") {
        auto m = load("wrong-destination-port.xml");
        saml::check_audience(m, m.assertions[0], sp(), r);
        CHECK(r.has(Code::invalid_destination));
    }
}

TEST_CASE("saml::check_time") {
    auto m = load("okta-signed-response.xml");
    auto e = sp();
    diag::Report r;
    SUBCASE("inside the window -> pass") { CHECK(saml::check_time(m, m.assertions[0], e, r) == saml::CheckStatus::pass); }
    SUBCASE("two hours later -> assertion_expired") {
        e.now += 2 * 3600;
        saml::check_time(m, m.assertions[0], e, r);
        CHECK(r.has(Code::assertion_expired));
    }
    SUBCASE("within skew after NotOnOrAfter -> pass") {
        e.now = *util::parse_rfc3339("2026-01-15T10:07:00Z");
        CHECK(saml::check_time(m, m.assertions[0], e, r) == saml::CheckStatus::pass);
    }
    SUBCASE("ten minutes early -> assertion_not_yet_valid") {
        e.now = *util::parse_rfc3339("2026-01-15T09:45:00Z");
        saml::check_time(m, m.assertions[0], e, r);
        CHECK(r.has(Code::assertion_not_yet_valid));
    }
    SUBCASE("next day -> session_expired") {
        e.now += 86400;
        saml::check_time(m, m.assertions[0], e, r);
        CHECK(r.has(Code::session_expired));
    }
}

TEST_CASE("saml::check_status") {
    diag::Report r;
    auto m = load("status-authnfailed.xml");
    CHECK(saml::check_status(m, r) == saml::CheckStatus::fail);
    CHECK(r.has(Code::status_not_success));
    CHECK(r.findings()[0].hint.en.find("authenticate") != std::string::npos);
}

TEST_CASE("saml::check_structure") {
    diag::Report r;
    SUBCASE("two assertions -> multiple_assertions") {
        saml::check_structure(load("multiple-assertions.xml"), r);
        CHECK(r.has(Code::multiple_assertions));
    }
    SUBCASE("success without assertion -> missing_assertion") {
        saml::check_structure(load("no-assertion-success.xml"), r);
        CHECK(r.has(Code::missing_assertion));
    }
    SUBCASE("no issuer -> missing_issuer") {
        saml::check_structure(load("missing-issuer.xml"), r);
        CHECK(r.has(Code::missing_issuer));
    }
}

TEST_CASE("saml::check_in_response_to") {
    diag::Report r;
    auto e = sp();
    auto m = load("okta-signed-response.xml");
    SUBCASE("matching -> pass") {
        e.request_id = "_req-4f3a9c2e1b";
        CHECK(saml::check_in_response_to(m, m.assertions[0], e, r) == saml::CheckStatus::pass);
    }
    SUBCASE("other request -> in_response_to_mismatch") {
        e.request_id = "_other";
        saml::check_in_response_to(m, m.assertions[0], e, r);
        CHECK(r.has(Code::in_response_to_mismatch));
    }
}

TEST_CASE("saml::check_subject") {
    diag::Report r;
    auto e = sp();
    SUBCASE("no email attribute -> missing_username") {
        auto m = load("no-email-attr.xml");
        e.username_attr = "email";
        saml::check_subject(m.assertions[0], e, r);
        CHECK(r.has(Code::missing_username));
        CHECK(r.findings()[0].message.en.find("givenName") != std::string::npos);
    }
    SUBCASE("wrong domain -> invalid_email_domain") {
        auto m = load("okta-signed-response.xml");
        e.email_domains = {"example.org"};
        saml::check_subject(m.assertions[0], e, r);
        CHECK(r.has(Code::invalid_email_domain));
    }
    SUBCASE("repeated name -> duplicate_attribute") {
        auto m = load("duplicate-attribute.xml");
        saml::check_subject(m.assertions[0], e, r);
        CHECK(r.has(Code::duplicate_attribute));
    }
}

TEST_CASE("saml::check_and_record") {
    char tmpl[] = "/tmp/ssoctl-replay-XXXXXX";
    const int fd = mkstemp(tmpl);
    REQUIRE(fd >= 0);
    close(fd);
    std::remove(tmpl);
    const std::string path = tmpl;
    CHECK(*saml::check_and_record(path, "_a1", 2000, 1000) == false);
    CHECK(*saml::check_and_record(path, "_a1", 2000, 1500) == true);
    CHECK(*saml::check_and_record(path, "_a1\nforged 9999999999 x", 2000, 1500) == false);
    CHECK(*saml::check_and_record(path, "_a1", 4000, 2500) == false);  // expired entry was dropped
    std::remove(path.c_str());
    std::remove((path + ".lock").c_str());
}
}

TEST_CASE("saml::check_in_response_to unsolicited") {
    std::ifstream f(std::string(SSOCTL_TESTDATA_DIR) + "/saml/unsigned-response.xml");
    std::stringstream ss;
    ss << f.rdbuf();
    std::string xml = ss.str();
    for (size_t pos; (pos = xml.find(" InResponseTo=\"_req-4f3a9c2e1b\"")) != std::string::npos;) xml.erase(pos, 31);
    auto m = saml::parse_message(xml);
    REQUIRE(m);
    REQUIRE(m->in_response_to.empty());
    auto e = sp();
    e.request_id = "_req-4f3a9c2e1b";
    diag::Report r;
    saml::check_in_response_to(*m, m->assertions[0], e, r);
    CHECK(r.has(Code::unsolicited_response));
}
