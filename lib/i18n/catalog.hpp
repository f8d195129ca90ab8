// The compiled catalogs embedded by the build (cmake/embed-catalog.cmake writes the definition).
#pragma once

#include <string_view>

namespace ssoctl::i18n {

/** po/ja.po compiled by msgfmt (GNU .mo bytes). */
std::string_view catalog_mo_ja();

}  // namespace ssoctl::i18n
