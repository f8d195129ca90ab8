// Unit tests of scim-probe's pure parts: Retry-After, redaction, PII masking, IdP shapes.
#include <doctest/doctest.h>

#include "scim/context.hpp"
#include "scim/http.hpp"
#include "scim/probe.hpp"
#include "scim/shapes.hpp"

using namespace ssoctl::scim;

TEST_SUITE("scim") {
    TEST_CASE("scim::parse_retry_after") {
        SUBCASE("delta seconds") { CHECK(parse_retry_after("2", 0) == 2000); }
        SUBCASE("http-date in the future") { CHECK(parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 4) == 6000); }
        SUBCASE("http-date in the past -> 0") { CHECK(parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 100) == 0); }
        SUBCASE("garbage -> none") { CHECK_FALSE(parse_retry_after("soon", 0).has_value()); }
    }
    TEST_CASE("scim::redact") {
        CHECK(redact("Bearer s3cr3t-token and s3cr3t-token", {"s3cr3t-token"}) == "Bearer [REDACTED] and [REDACTED]");
        CHECK(redact("nothing", {""}) == "nothing");
    }
    TEST_CASE("scim::mask_pii") {
        CHECK(mask_pii("alice@example.com") == "a***@e***.com");
        CHECK(mask_pii("Alice") == "A***");
    }
    TEST_CASE("scim::shapes") {
        SUBCASE("entra legacy disable sends the string False with a capitalised op") {
            const auto b = shapes::set_active(Idp::entra, false, true);
            CHECK(b["Operations"][0]["op"] == "Replace");
            CHECK(b["Operations"][0]["value"] == "False");
        }
        SUBCASE("okta disable is a pathless replace map") {
            const auto b = shapes::set_active(Idp::okta, false, false);
            CHECK_FALSE(b["Operations"][0].contains("path"));
            CHECK(b["Operations"][0]["value"]["active"] == false);
        }
        SUBCASE("okta removes a member by filtered path, entra by value array") {
            CHECK(shapes::remove_member(Idp::okta, "u1")["Operations"][0]["path"] == "members[value eq \"u1\"]");
            CHECK(shapes::remove_member(Idp::entra, "u1")["Operations"][0]["value"][0]["value"] == "u1");
        }
        SUBCASE("entra create carries meta and the enterprise schema") {
            const auto b = shapes::create_user(Idp::entra, {"u@example.com", "e1", "m@example.com", "d1"});
            CHECK(b.contains("meta"));
            CHECK(has_schema(b, kEnterpriseUrn));
        }
        SUBCASE("every create plants userName, a different email, externalId and displayName") {
            for (Idp idp : {Idp::generic, Idp::okta, Idp::entra}) {
                const auto b = shapes::create_user(idp, {"u@example.com", "e1", "m@example.com", "d1"});
                CHECK(b["userName"] == "u@example.com");
                CHECK(b["externalId"] == "e1");
                CHECK(b["emails"][0]["value"] == "m@example.com");
                CHECK(b["displayName"] == "d1");
            }
        }
        SUBCASE("lower_ops lower-cases every op and nothing else") {
            const auto b = shapes::lower_ops(shapes::patch_op(Idp::entra, "replace", "userName", "X"));
            CHECK(b["Operations"][0]["op"] == "replace");
            CHECK(b["Operations"][0]["value"] == "X");
        }
    }
}
