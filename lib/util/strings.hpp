// Small string helpers with no ssoctl knowledge: split, trim, case, and safe display of hostile text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssoctl::util {

std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
/** Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD. */
void append_utf8(std::string& out, uint32_t cp);
bool iequals(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/** Makes untrusted text safe for a terminal: C0/C1 controls (ESC included), DEL, bidi
 *  overrides/isolates and zero-width characters become visible escapes (`\x1b`, `\u{202e}`),
 *  invalid UTF-8 bytes become `\xNN`. Newlines and tabs are escaped too unless `keep_newlines`.
 *  Example: `visible("a\x1b[31m")` -> `a\x1b[31m` (literally, with a backslash). */
std::string visible(std::string_view s, bool keep_newlines = false);

/** Lower-case hex of bytes, optionally separated (`hex("\x01\xab", ':')` -> "01:ab"). */
std::string hex(std::string_view bytes, char sep = 0);

}  // namespace ssoctl::util
