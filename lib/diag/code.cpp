// The code registry as a constant table built from codes.def.
#include "diag/code.hpp"

#include <array>

namespace ssoctl::diag {
namespace {

constexpr CodeInfo kCodes[] = {
#define SSOCTL_CODE(name, severity, title_en, title_ja, hint_en, hint_ja) \
    {Code::name, #name, Severity::severity, title_en, title_ja, hint_en, hint_ja},
#include "diag/codes.def"
#undef SSOCTL_CODE
};

}  // namespace

const CodeInfo& info(Code code) { return kCodes[static_cast<size_t>(code)]; }
std::string_view name(Code code) { return info(code).name; }

std::optional<Code> code_from_name(std::string_view name) {
    for (const auto& c : kCodes) {
        if (c.name == name) return c.code;
    }
    return std::nullopt;
}

std::span<const CodeInfo> all_codes() { return kCodes; }

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

}  // namespace ssoctl::diag
