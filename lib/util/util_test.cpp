#include <doctest/doctest.h>

#include <zlib.h>

#include "util/base64.hpp"
#include "util/inflate.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"
#include "util/url.hpp"

using namespace ssoctl::util;

namespace {
std::string deflate_raw(const std::string& in) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(compressBound(in.size()) + 16, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}
}  // namespace

TEST_SUITE("util") {
TEST_CASE("util::base64_decode") {
    SUBCASE("standard with padding") { CHECK(*base64_decode("aGVsbG8=") == "hello"); }
    SUBCASE("line wraps and spaces are tolerated") { CHECK(*base64_decode("aGVs\r\n bG8=") == "hello"); }
    SUBCASE("url-safe alphabet") { CHECK(*base64_decode("-_8") == "\xfb\xff"); }
    SUBCASE("junk -> malformed_input") { CHECK(base64_decode("aGVs*bG8=").error().code == "malformed_input"); }
    SUBCASE("data after padding -> malformed_input") { CHECK(base64_decode("aGk=aGk=").error().code == "malformed_input"); }
    SUBCASE("truncated -> malformed_input") { CHECK(base64_decode("aGVsb").error().code == "malformed_input"); }
    SUBCASE("empty -> malformed_input") { CHECK(base64_decode("  ").error().code == "malformed_input"); }
    SUBCASE("over the cap -> input_too_large") { CHECK(base64_decode("aGVsbG8=", 3).error().code == "input_too_large"); }
    SUBCASE("round trip") {
        const std::string bin("\x00\x01\xfe\xff binary", 11);
        CHECK(*base64_decode(base64_encode(bin)) == bin);
    }
}

TEST_CASE("util::url") {
    CHECK(*url_decode("a%2Bb+c") == "a+b c");
    CHECK(*url_decode("a+b", false) == "a+b");
    CHECK(url_decode("%zz").error().code == "malformed_input");
    CHECK(url_decode("abc%2").error().code == "malformed_input");
    auto q = parse_query("SAMLRequest=abc%3D&RelayState=%2Fapp&SigAlg=x");
    REQUIRE(q);
    CHECK(find_param(*q, "SAMLRequest")->value == "abc=");
    CHECK(find_param(*q, "SAMLRequest")->raw_value == "abc%3D");
    CHECK(find_param(*q, "RelayState")->value == "/app");
    auto u = parse_url("HTTPS://SP.Example.com:8443/saml/acs?x=1");
    REQUIRE(u);
    CHECK(u->scheme == "https");
    CHECK(u->host == "sp.example.com");
    CHECK(u->effective_port() == 8443);
    CHECK(u->path == "/saml/acs");
    CHECK(parse_url("https://h:99999/").error().code == "malformed_input");
}

TEST_CASE("util::inflate_raw") {
    const std::string xml = "<samlp:AuthnRequest/>";
    CHECK(*inflate_raw(deflate_raw(xml), 1000) == xml);
    SUBCASE("bomb stops at the cap -> input_too_large") {
        const std::string zeros(4u << 20, '\0');
        CHECK(inflate_raw(deflate_raw(zeros), 1u << 20).error().code == "input_too_large");
    }
    SUBCASE("truncated -> malformed_input") {
        const std::string d = deflate_raw(std::string(5000, 'a') + "xyz");
        CHECK(inflate_raw(d.substr(0, d.size() / 2), 1u << 20).error().code == "malformed_input");
    }
    SUBCASE("garbage -> malformed_input") { CHECK(inflate_raw("\xff\xff\xff\xff", 100).error().code == "malformed_input"); }
}

TEST_CASE("util::time") {
    CHECK(*parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(*parse_rfc3339("2026-01-15T10:00:00Z") == 1768471200);
    CHECK(*parse_rfc3339("2026-01-15T10:00:00.123Z") == 1768471200);
    CHECK(*parse_rfc3339("2026-01-15T19:00:00+09:00") == 1768471200);
    CHECK(format_rfc3339(1768471200) == "2026-01-15T10:00:00Z");
    CHECK(parse_rfc3339("2026-13-01T00:00:00Z").error().code == "malformed_input");
    CHECK(parse_rfc3339("yesterday").error().code == "malformed_input");
    CHECK(human_duration(2 * 3600 + 14 * 60) == "2 h 14 min");
    CHECK(human_duration_ja(2 * 3600 + 14 * 60) == "2時間14分");
    CHECK(relative(100, 160) == "1 min ago");
    CHECK(relative(160, 100) == "in 1 min");
    CHECK(days_between(0, -1) == -1);
    CHECK(days_between(0, 86399) == 0);
}

TEST_CASE("util::visible") {
    CHECK(visible("plain text é") == "plain text é");
    CHECK(visible("a\x1b[31mb") == "a\\x1b[31mb");
    CHECK(visible("evil\u202Etxt") == "evil\\u{202e}txt");
    CHECK(visible("line\nbreak") == "line\\nbreak");
    CHECK(visible("bad\xff") == "bad\\xff");
    CHECK(visible("c1\xc2\x9b") == "c1\\u{009b}");
}
}
