# Writes OUT: a C++ file defining ssoctl::i18n::catalog_mo_ja() over the bytes of MO (msgfmt output).
file(READ "${MO}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR bytes "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
string(REGEX REPLACE "(([^,]*,){24})" "\\1\n" body "${body}")
file(WRITE "${OUT}.tmp" "// Generated from po/ja.po by cmake/embed-catalog.cmake; do not edit.\n#include \"i18n/catalog.hpp\"\n\nnamespace ssoctl::i18n {\nnamespace {\nconstexpr char kMo[${bytes} + 1] = {\n${body}0};\n}  // namespace\n\nstd::string_view catalog_mo_ja() { return {kMo, ${bytes}}; }\n\n}  // namespace ssoctl::i18n\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
