// The streaming metadata reader and the lint `ssoctl metadata FILE` runs on each entity.
#include "metadata/lint.hpp"
#include "metadata/reader.hpp"
#include "target.hpp"

using namespace ssoctl;

SSOCTL_FUZZ_TARGET(metadata) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    (void)metadata::looks_like_metadata(in.substr(0, 4096));
    metadata::Linter linter({x509::Policy{fuzz::kNow, 30, 0}, "post", "fuzz.xml"});
    diag::Report report;
    auto doc = metadata::read_memory(in, [&](metadata::Entity&& e) { (void)linter.lint(std::move(e), report); });
    if (doc) linter.lint_document(*doc, report);
    return 0;
}
