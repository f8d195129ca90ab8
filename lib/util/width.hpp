// Terminal column width of UTF-8 text (East Asian wide characters take two columns), for tables and
// wrapping that line up in Japanese as in English.
#pragma once

#include <string>
#include <string_view>

namespace ssoctl::util {

/** Columns `s` takes on a terminal: wide and fullwidth characters 2, combining marks 0, else 1.
 *  Invalid UTF-8 bytes count 1 each. Example: `display_width("期限 ok") == 7`. */
size_t display_width(std::string_view s);

/** `s` padded with spaces on the right to `cols` columns (unchanged when already as wide). */
std::string pad_to_width(std::string_view s, size_t cols);

}  // namespace ssoctl::util
