// Internal to lib/scim: what a failed check means for the IdP the probe imitated.
#pragma once

#include "diag/finding.hpp"
#include "scim/probe.hpp"

namespace ssoctl::scim {

/** Empty for the generic profile (the registry hint names both IdPs). */
diag::Text consequence(diag::Code code, Idp idp);

}  // namespace ssoctl::scim
