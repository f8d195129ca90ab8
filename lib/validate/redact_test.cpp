// validate --redact: the verdict comes from the original bytes; nothing personal survives in what
// the text and JSON renderers show (grep over the rendered output of real captures and responses).
#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cctype>
#include <sstream>

#include "capture/capture.hpp"
#include "report/findings.hpp"
#include "report/message.hpp"
#include "report/redaction.hpp"
#include "saml/input.hpp"
#include "saml/json.hpp"
#include "saml/parse.hpp"
#include "util/time.hpp"
#include "validate/pipeline.hpp"
#include "validate/redact.hpp"

using namespace ssoctl;

namespace {

struct Run {
    saml::Message message;
    validate::Validation validation;
    capture::Item item;
};

Run validate_fixture(const std::string& rel, const std::string& cert, const std::vector<std::string>& email_domains = {},
                     const std::vector<std::string>& idp_entity_ids = {}) {
    auto cap = capture::read(test::slurp(rel));
    REQUIRE(cap);
    auto picked = capture::pick(*cap, std::nullopt);
    REQUIRE(picked);
    auto m = saml::parse_message((*picked)->xml);
    REQUIRE(m);
    validate::TrustInputs in;
    in.idp.cert_files.push_back(std::string(SSOCTL_TESTDATA_DIR) + "/keys/" + cert);
    auto trust = validate::load_trust(in);
    REQUIRE(trust);
    const saml::Normalized binding = saml::normalized_of(**picked);
    validate::Context ctx;
    ctx.checks.expect.now = *util::parse_rfc3339("2026-01-15T10:01:00Z");
    ctx.checks.expect.email_domains = email_domains;
    ctx.checks.expect.idp_entity_ids = idp_entity_ids;
    ctx.binding = &binding;
    ctx.flow = &(*picked)->context;
    Run r{std::move(*m), {}, **picked};
    r.validation = validate::validate_message(r.message, *trust, ctx);
    return r;
}

// What a person would paste into a ticket: the personal values of the original message and capture.
std::vector<std::string> personal_values(const Run& r) {
    std::vector<std::string> out;
    for (const auto& a : r.message.assertions) {
        if (a.name_id) out.push_back(a.name_id->value);
        if (!a.authn.session_index.empty() && a.authn.session_index != a.id) out.push_back(a.authn.session_index);
        for (const auto& at : a.attributes) out.insert(out.end(), at.values.begin(), at.values.end());
    }
    if (r.item.relay_state) out.push_back(*r.item.relay_state);
    return out;
}

std::string rendered(const Run& r, const capture::Redactor& redactor, diag::Lang lang) {
    std::ostringstream os;
    report::TextOut text(os, {}, lang);
    report::render_findings(text, r.validation.outcome.report);
    for (const auto& c : r.validation.outcome.checks) text << c.reason << "\n";
    for (const auto& s : r.validation.context_sources) text << s << "\n";
    report::render_message(text, r.message, report::MessageView{0, true, true});
    report::render_redaction(text, redactor, true);
    nlohmann::json j = report::envelope("validate", r.validation.outcome.report, lang);
    j["message"] = saml::to_json(r.message);
    j["capture"] = report::item_json(r.item);
    j["redaction"] = report::redaction_json(redactor);
    return os.str() + "\n" + j.dump();
}

// `grep -w`: the value as a whole word (attribute value "member" is not the attribute name "memberOf").
bool contains_word(const std::string& hay, const std::string& word) {
    auto inner = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
    for (size_t at = hay.find(word); at != std::string::npos; at = hay.find(word, at + 1)) {
        const size_t end = at + word.size();
        if ((at == 0 || !inner(hay[at - 1])) && (end == hay.size() || !inner(hay[end]))) return true;
    }
    return false;
}

std::vector<std::string> check_statuses(const validate::Validation& v) {
    std::vector<std::string> out;
    for (const auto& c : v.outcome.checks) out.push_back(c.id + "=" + std::string(saml::check_status_name(c.status)));
    return out;
}

}  // namespace

TEST_SUITE("validate") {
    TEST_CASE("validate::redact") {
        struct Fixture {
            std::string file, cert;
            std::vector<std::string> email_domains;
        };
        const std::vector<Fixture> fixtures = {
            {"capture/chrome-sp-initiated.har", "idp.crt", {}},
            {"capture/saml-tracer.json", "idp.crt", {}},
            {"capture/paste/curl.txt", "idp.crt", {"example.org"}},  // invalid_email_domain quotes the email
            {"saml/idp/simplesamlphp/multi-valued-attributes.xml", "ssp-idp.crt", {}},
            {"saml/idp/simplesamlphp/signed-response.xml", "ssp-idp.crt", {"corp.example.net"}},
        };
        for (const auto& fx : fixtures) {
            SUBCASE(fx.file.c_str()) {
                Run plain = validate_fixture(fx.file, fx.cert, fx.email_domains);
                Run red = validate_fixture(fx.file, fx.cert, fx.email_domains);
                const std::vector<std::string> values = personal_values(plain);
                REQUIRE(values.size() >= 2);
                capture::Redactor r;
                validate::redact(r, red.message, red.validation, &red.item);

                // The verdict is the one of the original bytes.
                CHECK(red.validation.verdict.ok == plain.validation.verdict.ok);
                CHECK(red.validation.signature_verified == plain.validation.signature_verified);
                CHECK(red.validation.signature_verified);
                CHECK(check_statuses(red.validation) == check_statuses(plain.validation));
                CHECK(red.validation.outcome.report.findings().size() == plain.validation.outcome.report.findings().size());

                for (diag::Lang lang : {diag::Lang::en, diag::Lang::ja}) {
                    const std::string out = rendered(red, r, lang);
                    for (const auto& v : values) {
                        CAPTURE(v);
                        CHECK_FALSE(contains_word(out, v));
                    }
                    CHECK(out.find("redacted-nameid-1") != std::string::npos);
                    // ...while the unredacted rendering does carry them: the check above can fail.
                    const std::string before = rendered(plain, capture::Redactor{}, lang);
                    for (const auto& v : values) CHECK(contains_word(before, v));
                }
            }
        }
    }

    TEST_CASE("validate::redact same value, same placeholder") {
        Run red = validate_fixture("capture/paste/curl.txt", "idp.crt", {"example.org"});
        capture::Redactor r;
        validate::redact(r, red.message, red.validation, &red.item);
        const auto& a = red.message.assertions.at(0);
        std::string email_attr;
        for (const auto& at : a.attributes) {
            if (at.name == "email") email_attr = at.values.at(0);
        }
        CHECK(a.name_id->value == "redacted-nameid-1@example.com");
        CHECK(email_attr == a.name_id->value);
        REQUIRE(red.validation.outcome.report.has(diag::Code::invalid_email_domain));
        for (const auto& f : red.validation.outcome.report.findings()) {
            if (f.code == diag::Code::invalid_email_domain) CHECK(f.message.en.find("'redacted-nameid-1@example.com'") != std::string::npos);
        }
        // The assertion ID stays even where a personal field repeats it.
        CHECK(red.message.assertions.at(0).id == "id31415926535897932384626433");
    }

    TEST_CASE("validate::redact keeps structure that repeats a personal value") {
        // Entra's tenantid attribute is part of the Issuer URL: the attribute value is replaced,
        // the issuer that invalid_issuer quotes is not.
        Run red = validate_fixture("saml/entra-signed-assertion.xml", "idp.crt", {}, {"https://wrong.example.com"});
        const std::string issuer = red.message.issuer;
        capture::Redactor r;
        validate::redact(r, red.message, red.validation, &red.item);
        bool seen = false;
        for (const auto& f : red.validation.outcome.report.findings()) {
            if (f.code != diag::Code::invalid_issuer) continue;
            seen = true;
            CHECK(f.message.en.find(issuer) != std::string::npos);
            CHECK(f.actual == issuer);
        }
        CHECK(seen);
        for (const auto& at : red.message.assertions.at(0).attributes) {
            for (const auto& v : at.values) CHECK(v.rfind("redacted-", 0) == 0);
        }
    }
}
