// Finding codes and their registry entries (severity, English and Japanese title and hint).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ssoctl::diag {

enum class Severity : uint8_t { info, warning, error };
enum class Lang : uint8_t { en, ja };

/** Every code in lib/diag/codes*.def, as an enumerator of the same name. */
enum class Code : uint16_t {
#define SSOCTL_CODE(name, severity, title_en, title_ja, hint_en, hint_ja) name,
#include "diag/codes.def"
#undef SSOCTL_CODE
};

struct CodeInfo {
    Code code;
    std::string_view name;
    Severity severity;
    std::string_view title_en;
    std::string_view title_ja;
    std::string_view hint_en;
    std::string_view hint_ja;

    std::string_view title(Lang lang) const { return lang == Lang::ja ? title_ja : title_en; }
    std::string_view hint(Lang lang) const { return lang == Lang::ja ? hint_ja : hint_en; }
};

/** Registry entry of a code. Example: `info(Code::invalid_audience).name == "invalid_audience"`. */
const CodeInfo& info(Code code);
std::string_view name(Code code);
/** Looks a code up by its stable name; nullopt when unknown. */
std::optional<Code> code_from_name(std::string_view name);
std::span<const CodeInfo> all_codes();

std::string_view severity_name(Severity s);

}  // namespace ssoctl::diag
