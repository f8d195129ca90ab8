// Longer, per-IdP explanations of codes for `ssoctl explain`.
#pragma once

#include <string_view>

#include "diag/code.hpp"

namespace ssoctl::diag {

/** Typical causes per IdP (Okta, Entra ID, Google, ADFS); empty when the code has no entry. */
std::string_view causes(Code code, Lang lang);

}  // namespace ssoctl::diag
