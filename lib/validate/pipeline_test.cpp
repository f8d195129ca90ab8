// The validation corpus (testdata/saml/validate/cases.tsv) judged row by row through the one
// pipeline every command uses: trust, decryption, coverage per message type, key-free checks.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "saml/input.hpp"
#include "saml/parse.hpp"
#include "util/strings.hpp"
#include "validate/pipeline.hpp"

using namespace ssoctl;

namespace {

const std::string kRoot = std::string(SSOCTL_TESTDATA_DIR) + "/..";

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Row {
    validate::TrustInputs trust;
    validate::Context ctx;
};

Row row_from_args(const std::string& args) {
    Row r;
    r.ctx.checks.expect.now = *util::parse_rfc3339("2026-01-15T10:01:00Z");
    std::istringstream in(args);
    std::string flag, value;
    while (in >> flag) {
        if (flag == "--require-trust") {
            r.ctx.require_trust = true;
            continue;
        }
        const bool has_value = static_cast<bool>(in >> value);
        REQUIRE(has_value);
        if (flag == "--idp-cert") r.trust.idp.cert_files.push_back(kRoot + "/" + value);
        else if (flag == "--sp-key") r.trust.sp_key_file = kRoot + "/" + value;
        else if (flag == "--fingerprint") r.trust.idp.fingerprints.push_back(value);
        else if (flag == "--sp-entity-id") r.ctx.checks.expect.sp_entity_ids.push_back(value);
        else if (flag == "--acs-url") r.ctx.checks.expect.acs_urls.push_back(value);
        else if (flag == "--require") r.ctx.require = value == "response" ? dsig::Require::response : value == "assertion" ? dsig::Require::assertion : dsig::Require::either;
        else FAIL("unknown flag " << flag);
    }
    return r;
}

}  // namespace

TEST_SUITE("validate") {
    TEST_CASE("validate::validate_message corpus") {
        std::ifstream in(kRoot + "/testdata/saml/validate/cases.tsv");
        REQUIRE(in);
        std::string line;
        size_t rows = 0;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            const auto cols = util::split(line, '\t');
            REQUIRE(cols.size() >= 4);
            const std::string file(cols[0]), args(cols[1]), codes(cols[3]);
            const bool want_ok = cols[2] == "0";
            CAPTURE(file);
            CAPTURE(args);
            ++rows;
            Row r = row_from_args(args);
            auto trust = validate::load_trust(r.trust);
            REQUIRE(trust);
            auto normalized = saml::normalize(slurp(kRoot + "/testdata/saml/validate/" + file));
            REQUIRE(normalized);
            auto m = saml::parse_message(normalized->xml);
            REQUIRE(m);
            r.ctx.binding = &*normalized;
            const validate::Validation v = validate::validate_message(*m, *trust, r.ctx);
            std::string got;
            for (const auto& f : v.outcome.report.findings()) got += std::string(diag::name(f.code)) + " ";
            CAPTURE(got);
            CHECK(v.outcome.report.has_errors() == !want_ok);
            CHECK(v.verdict.ok == want_ok);
            if (codes != "-") {
                for (auto c : util::split(codes, ',')) {
                    CAPTURE(c);
                    CHECK(v.outcome.report.has(*diag::code_from_name(c)));
                }
            }
            if (trust->store.empty()) {
                // Without a key nothing is verified, and the verdict says so.
                CHECK_FALSE(v.signature_verified);
                CHECK_FALSE(v.verdict.complete);
            }
            if (!want_ok) CHECK_FALSE(v.verdict.complete);
        }
        CHECK(rows >= 30);
    }
}
