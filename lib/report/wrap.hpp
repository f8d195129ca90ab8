// Word wrapping for a terminal of a known width: English at spaces, Japanese between wide characters
// (not before 、。）」 nor after （「), and never inside a value a user copies (URL, ID, base64).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ssoctl::report {

struct WrappedLine {
    size_t indent = 0;  // columns of spaces before `text` (the first line: none, it continues the current one)
    std::string text;
};

/** Lines of `text` for a terminal `width` columns wide, the first starting at column `start`, the
 *  others at column `indent`. A run of non-space, non-wide characters (a URL, an ID, a fingerprint,
 *  base64) is never cut: one that does not fit at `indent` gets a line of its own at column
 *  min(indent, 4), where the terminal folds it if it must (so a triple-click still copies it whole).
 *  `width` 0, or text that fits: one line, unchanged. Embedded newlines start a new line at `indent`.
 *  Example: `wrap("the IdP sent no 'email' attribute", 20, 0, 2)` ->
 *  {{0, "the IdP sent no"}, {2, "'email' attribute"}}. */
std::vector<WrappedLine> wrap(std::string_view text, size_t width, size_t start, size_t indent);

}  // namespace ssoctl::report
