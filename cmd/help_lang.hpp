// --help in the reader's language (issue 12): descriptions, group headings, footers and CLI11's
// own labels come from the message catalog, where the English text is the msgid.
#pragma once

#include <CLI/CLI.hpp>

#include "diag/finding.hpp"

namespace ssoctl::cmd {

/** Translates the help of `app` and every command under it. Call it just before printing help:
 *  parsing compares option groups by their English names (kGlobalGroup), so it must come after. */
void localize_help(CLI::App& app, diag::Lang lang);

}  // namespace ssoctl::cmd
