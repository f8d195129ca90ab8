// STYLE rule 38: repeated findings of one kind are shown capped, with a count; counts stay whole.
#include <doctest/doctest.h>

#include "diag/finding.hpp"

using namespace ssoctl;

TEST_SUITE("diag") {
    TEST_CASE("diag::Report::shown caps one code at kShownPerCode and counts the rest") {
        diag::Report r;
        for (int i = 0; i < 25; ++i) r.add(diag::Code::signature_wrapping, {"dup " + std::to_string(i), {}}).location = "/x[" + std::to_string(i) + "]";
        r.add(diag::Code::malformed_input, {"other", {}});
        for (int i = 0; i < 3; ++i) r.add(diag::Code::insecure_endpoint, {"http " + std::to_string(i), {}});
        CHECK(r.findings().size() == 29);
        CHECK(r.count(diag::Severity::error) == 26);
        const auto shown = r.shown();
        REQUIRE(shown.size() == diag::Report::kShownPerCode + 1 + 1 + 3);
        CHECK(shown[diag::Report::kShownPerCode - 1].message.en == "dup 9");
        const auto& summary = shown[diag::Report::kShownPerCode];
        CHECK(summary.code == diag::Code::signature_wrapping);
        CHECK(summary.severity == diag::Severity::error);
        CHECK(summary.message.en.find("15 more") != std::string::npos);
        CHECK(summary.location.empty());
        CHECK(shown[diag::Report::kShownPerCode + 1].code == diag::Code::malformed_input);
        diag::Report few;
        for (int i = 0; i < 10; ++i) few.add(diag::Code::insecure_endpoint, {"x", {}});
        CHECK(few.shown().size() == 10);
    }
}
