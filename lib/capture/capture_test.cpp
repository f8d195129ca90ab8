#include <doctest/doctest.h>

#include "test_support.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include "capture/capture.hpp"
#include "capture/json_view.hpp"
#include "i18n/i18n.hpp"
#include "saml/input.hpp"

using namespace ssoctl;

using test::slurp;

namespace {

std::string clean_xml() {
    const std::string xml = slurp("saml/okta-signed-response.xml");
    return xml.substr(0, xml.find_last_not_of("\n") + 1);
}

std::string unescaped_param(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}
}  // namespace

TEST_SUITE("capture") {
TEST_CASE("capture::read paste forms") {
    const std::string want = clean_xml();
    REQUIRE(!want.empty());
    SUBCASE("every paste form gives the message of the clean base64") {
        for (const char* f : {"quoted-double.txt", "quoted-single.txt", "relaystate-trailing.txt", "devtools-payload.txt", "curl.txt",
                              "log-line.txt", "json.json", "plus-as-spaces.txt", "double-urlencoded.txt", "form-split-escape.txt",
                              "wrapped-64-crlf.txt", "wrapped-50-indented.txt", "utf16le-bom.xml", "utf16be-nobom.xml",
                              "utf16le-nobom.b64", "autosubmit.html"}) {
            CAPTURE(f);
            auto cap = capture::read(slurp(std::string("capture/paste/") + f));
            REQUIRE_MESSAGE(cap, (cap ? "" : cap.error().message));
            REQUIRE(cap->items.size() == 1);
            const capture::Item& it = cap->items[0];
            CHECK(it.problem.empty());
            CHECK(it.xml == want);
            CHECK(it.type == "Response");
            CHECK(it.id == "id71828182845904523536028747");
        }
        auto clean = capture::read(slurp("saml/paste/okta.b64"));
        REQUIRE(clean);
        CHECK(clean->items[0].xml == want);
    }
    SUBCASE("RelayState and the posted-to URL are kept") {
        auto curl = capture::read(slurp("capture/paste/curl.txt"));
        REQUIRE(curl);
        CHECK(curl->items[0].form == "curl");
        CHECK(curl->items[0].relay_state == "/app");
        CHECK(curl->items[0].url == "https://sp.example.com/saml/acs");
        CHECK(curl->items[0].context.observed_acs == "https://sp.example.com/saml/acs");
        auto trailing = capture::read(slurp("capture/paste/relaystate-trailing.txt"));
        REQUIRE(trailing);
        CHECK(trailing->items[0].relay_state == "/app?tab=1");
        auto page = capture::read(slurp("capture/paste/autosubmit.html"));
        REQUIRE(page);
        CHECK(page->kind == capture::Kind::html);
        CHECK(page->items[0].relay_state == "/app?tab=1&x=2");
        CHECK(page->items[0].method == "POST");
        auto dev = capture::read(slurp("capture/paste/devtools-payload.txt"));
        REQUIRE(dev);
        CHECK(dev->items[0].relay_state == "/app");
        CHECK(dev->items[0].form == "devtools");
    }
    SUBCASE("repairs are reported") {
        auto plus = capture::read(slurp("capture/paste/plus-as-spaces.txt"));
        REQUIRE(plus);
        CHECK(!plus->items[0].repairs.empty());
        auto twice = capture::read(slurp("capture/paste/double-urlencoded.txt"));
        REQUIRE(twice);
        CHECK(!twice->items[0].repairs.empty());
    }
    SUBCASE("the Redirect binding keeps the signed octets") {
        auto cap = capture::read(slurp("saml/paste/authnrequest.redirect-url"));
        REQUIRE(cap);
        CHECK(cap->items[0].deflated);
        CHECK(cap->items[0].binding == capture::Binding::redirect);
        CHECK(cap->items[0].signed_query == unescaped_param(slurp("saml/paste/authnrequest.redirect-signed-octets")));
    }
    SUBCASE("cut pastes -> truncated_paste") {
        CHECK(capture::read(slurp("capture/paste/cut-4095.txt")).error().code == "truncated_paste");
        CHECK(capture::read(slurp("capture/paste/cut-xml.xml")).error().code == "truncated_paste");
        const std::string b64 = unescaped_param(slurp("saml/paste/okta.b64"));
        CHECK(capture::read(b64.substr(0, 5001)).error().code == "truncated_paste");  // ends mid-quad
    }
    SUBCASE("unrecognised input says what was and was not recognised") {
        auto e = capture::read("hello world, this is not a message");
        REQUIRE(!e);
        CHECK(e.error().code == "malformed_input");
        CHECK(e.error().message.find("not recognised") != std::string::npos);
        CHECK(e.error().detail.find("HAR") != std::string::npos);
        auto page = capture::read("<!DOCTYPE html><html><body><form action=\"/x\"><input name=\"q\"></form></body></html>");
        REQUIRE(!page);
        CHECK(page.error().message.find("HTML page") != std::string::npos);
    }
    SUBCASE("the compatible saml::normalize sees the same forms") {
        auto n = saml::normalize(slurp("capture/paste/curl.txt"));
        REQUIRE(n);
        CHECK(n->xml == want);
        CHECK(n->relay_state == "/app");
    }
}

TEST_CASE("capture::read HAR and SAML-tracer") {
    const std::string octets = unescaped_param(slurp("saml/paste/authnrequest.redirect-signed-octets"));
    SUBCASE("Chrome HAR, SP-initiated: request, response, pairing, context") {
        auto cap = capture::read(slurp("capture/chrome-sp-initiated.har"));
        REQUIRE(cap);
        CHECK(cap->kind == capture::Kind::har);
        CHECK(cap->entries == 8);
        REQUIRE(cap->items.size() == 2);  // the auto-submit page duplicates the POST and is folded into it
        const auto& req = cap->items[0];
        const auto& resp = cap->items[1];
        CHECK(req.type == "AuthnRequest");
        CHECK(req.binding == capture::Binding::redirect);
        CHECK(req.signed_query == octets);
        CHECK(req.time == "2026-01-15T09:59:55.200Z");
        CHECK(resp.type == "Response");
        CHECK(resp.method == "POST");
        CHECK(resp.binding == capture::Binding::post);
        CHECK(resp.xml == clean_xml());
        CHECK(resp.relay_state == "/dashboard?tab=1");
        CHECK(resp.answers == 1);
        CHECK(resp.context.expected_in_response_to == "_req-4f3a9c2e1b");
        CHECK(resp.context.sp_entity_id == "https://sp.example.com/saml/metadata");
        CHECK(resp.context.observed_acs == "https://sp.example.com/saml/acs");
        CHECK(!resp.context.idp_initiated);
        CHECK(resp.context.sources.size() == 3);
        auto picked = capture::pick(*cap, std::nullopt);
        REQUIRE(picked);
        CHECK((*picked)->index == 2);
        CHECK(capture::pick(*cap, 9).error().code == "capture_index_out_of_range");
    }
    SUBCASE("Firefox HAR: POST binding, base64 page body, decoded params") {
        auto cap = capture::read(slurp("capture/firefox-post-binding.har"));
        REQUIRE(cap);
        REQUIRE(cap->items.size() == 2);
        CHECK(cap->items[0].type == "AuthnRequest");
        CHECK(cap->items[0].url == "https://idp.example.com/saml2/sso/post");
        CHECK(cap->items[1].type == "Response");
        CHECK(cap->items[1].answers == 1);
        CHECK(cap->items[1].relay_state == "r-42");
    }
    SUBCASE("Edge HAR: OpenID Connect and WS-Federation are listed as such") {
        auto cap = capture::read(slurp("capture/edge-oidc-wsfed.har"));
        REQUIRE(cap);
        std::vector<std::string> types;
        for (const auto& it : cap->items) types.push_back(it.type);
        CHECK(types == std::vector<std::string>{"oidc_authorization_request", "oidc_authorization_response", "oidc_error",
                                                "wsfed_signin", "RequestSecurityTokenResponse"});
        CHECK(cap->items[1].answers == 1);
        CHECK(cap->items[1].method == "POST");
        const auto& err = cap->items[2];
        CHECK(err.binding == capture::Binding::oidc);
        bool described = false;
        for (const auto& [k, v] : err.oidc) described = described || (k == "error_description" && v == "User is not assigned");
        CHECK(described);
        CHECK(capture::pick(*cap, 1).error().code == "capture_not_saml");
    }
    SUBCASE("SAML-tracer export") {
        auto cap = capture::read(slurp("capture/saml-tracer.json"));
        REQUIRE(cap);
        CHECK(cap->kind == capture::Kind::saml_tracer);
        REQUIRE(cap->items.size() == 2);
        CHECK(cap->items[0].signed_query == octets);
        CHECK(cap->items[1].xml == clean_xml());
        CHECK(cap->items[1].context.expected_in_response_to == "_req-4f3a9c2e1b");
    }
    SUBCASE("a HAR without SSO content -> capture_no_sso_content") {
        auto e = capture::read(R"({"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://example.com/"},"response":{"content":{"text":"hi"}}}]}})");
        REQUIRE(!e);
        CHECK(e.error().code == "capture_no_sso_content");
    }
}

TEST_CASE("capture::read errors in the reader's language") {
    SUBCASE("empty input -> malformed_input, message and hint in Japanese") {
        auto r = capture::read("   \n");
        REQUIRE(!r);
        CHECK(r.error().code == "malformed_input");
        CHECK(i18n::error_text(r.error(), diag::Lang::en) == "the input is empty (paste a SAMLResponse value or pass a file)");
        const std::string ja = i18n::error_text(r.error(), diag::Lang::ja);
        CHECK(ja.find("the input") == std::string::npos);
        CHECK(ja == i18n::tr("the input is empty", diag::Lang::ja) + "（" + i18n::tr("paste a SAMLResponse value or pass a file", diag::Lang::ja) + "）");
    }
    SUBCASE("not base64 -> malformed_input wrapping util's error, both in Japanese") {
        auto r = capture::read("PHNhbWxwOlJlc3BvbnNl!!thisisnotbase64");
        REQUIRE(!r);
        CHECK(r.error().code == "malformed_input");
        const diag::Text t = i18n::text_of(r.error());
        CHECK(t.en.find("not base64: unexpected character at offset 20") != std::string::npos);
        CHECK(t.ja.find(i18n::trf("not base64: unexpected character at offset {}", diag::Lang::ja, {"20"})) != std::string::npos);
        CHECK(i18n::detail_of(r.error()).ja.find("paste instead") == std::string::npos);
    }
    SUBCASE("util's fail_fmt -> Japanese filled in by i18n::localized") {
        const Error e = fail_fmt("io_error", N_("cannot open '{}'"), {"x.xml"}, "No such file or directory").value();
        CHECK(e.message == "cannot open 'x.xml'");
        CHECK(i18n::error_text(e, diag::Lang::ja) == i18n::trf("cannot open '{}'", diag::Lang::ja, {"x.xml"}) + "（No such file or directory）");
        CHECK(i18n::localized(e).ja == i18n::trf("cannot open '{}'", diag::Lang::ja, {"x.xml"}));
    }
}

TEST_CASE("capture::read never crashes on mangled input") {
    std::mt19937 rng(11);
    std::vector<std::string> seeds = {slurp("capture/chrome-sp-initiated.har"), slurp("capture/saml-tracer.json"),
                                      slurp("capture/paste/curl.txt"), slurp("capture/paste/autosubmit.html"),
                                      slurp("saml/paste/authnrequest.redirect-url")};
    size_t ok = 0;
    for (int round = 0; round < 300; ++round) {
        std::string s = seeds[round % seeds.size()];
        const int kind = round % 3;
        if (kind == 0) s.resize(rng() % (s.size() + 1));
        else if (kind == 1) {
            for (int k = 0; k < 20; ++k) s[rng() % s.size()] = static_cast<char>(rng() % 256);
        } else {
            s.insert(rng() % s.size(), std::string(rng() % 64, "{[\"\\<&%="[rng() % 8]));
        }
        auto cap = capture::read(s);
        ok += cap.has_value();
    }
    CHECK(ok > 0);
    std::string deep(100000, '[');
    CHECK(!capture::read(deep));
    CHECK(!capture::read(std::string(200000, '{')));
}

TEST_CASE("capture::json") {
    CHECK(capture::json::unescape(R"(a\u00e9\ud83d\ude00\n\/)") == "a\xC3\xA9\xF0\x9F\x98\x80\n/");
    capture::json::Parser p(R"({"a":"x\"y","b":[1,true,null,{"c":"d"}]})");
    capture::json::Value v;
    REQUIRE(p.value(v));
    CHECK(v.get("a")->str() == "x\"y");
    CHECK(v.get("b")->items.size() == 4);
    capture::json::Parser bad(R"({"a":"unterminated)");
    CHECK(!bad.skip());
}
}
