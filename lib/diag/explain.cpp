// The explain table from explain.def, looked up by code.
#include "diag/explain.hpp"

namespace ssoctl::diag {
namespace {

struct Entry {
    Code code;
    std::string_view en;
    std::string_view ja;
};

constexpr Entry kEntries[] = {
#define SSOCTL_EXPLAIN(name, en, ja) {Code::name, en, ja},
#include "diag/explain.def"
#undef SSOCTL_EXPLAIN
};

}  // namespace

std::string_view causes(Code code, Lang lang) {
    for (const auto& e : kEntries) {
        if (e.code == code) return lang == Lang::ja ? e.ja : e.en;
    }
    return {};
}

}  // namespace ssoctl::diag
