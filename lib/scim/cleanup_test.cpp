// Cleanup bookkeeping: every planned create is either resolved to an id, refused, or looked up later.
#include <doctest/doctest.h>

#include "scim/cleanup.hpp"

using namespace ssoctl::scim;
using json = nlohmann::json;

TEST_SUITE("scim") {
    TEST_CASE("scim::carries_prefix") {
        const std::string p = "ssoctl-probe-ab12-";
        SUBCASE("any planted handle marks a resource as the probe's") {
            CHECK(carries_prefix(json{{"userName", "ssoctl-probe-ab12-u1@example.com"}}, p));
            CHECK(carries_prefix(json{{"externalId", "SSOCTL-PROBE-AB12-u0x"}}, p));  // no userName at all (CR5)
            CHECK(carries_prefix(json{{"emails", json::array({{{"value", "ssoctl-probe-ab12-u0.mail@example.com"}}})}}, p));
            CHECK(carries_prefix(json{{"displayName", "ssoctl-probe-ab12-g1"}}, p));
        }
        SUBCASE("a tenant's own user is never taken") {
            CHECK_FALSE(carries_prefix(json{{"userName", "alice@example.com"}, {"externalId", "x-ssoctl-probe-ab12-"}}, p));
            CHECK_FALSE(carries_prefix(json{{"userName", "ssoctl-probe-ffff-u1@example.com"}}, p));  // another run
            CHECK_FALSE(carries_prefix(json::array(), p));
        }
    }
    TEST_CASE("scim::Cleanup") {
        Cleanup c;
        const size_t a = c.plan("Users", "u1", {"u1@e", "u1x", "u1.mail@e", "u1"});
        const size_t b = c.plan("Users", "u0 (no userName)", {"", "u0x", "u0.mail@e", "u0"});
        const size_t d = c.plan("Users", "dup", {"u1@e", "u1dx", "", ""});
        SUBCASE("an answered create fills its plan; the same id is never added twice") {
            c.created_at(a, "id-1");
            c.created("Users", "u1", "id-1");
            CHECK(c.entries()[a].id == "id-1");
            CHECK(c.entries().size() == 3);
        }
        SUBCASE("a refused create needs no cleanup; an unanswered one keeps its handles") {
            c.refused(d);
            CHECK(c.entries()[d].gone);
            CHECK_FALSE(c.entries()[b].gone);
            CHECK(c.entries()[b].id.empty());
            CHECK(c.entries()[b].handles.external_id == "u0x");
        }
        SUBCASE("deleted marks every entry of the id gone") {
            c.created_at(b, "id-0");
            c.deleted("id-0");
            CHECK(c.entries()[b].gone);
        }
    }
}
