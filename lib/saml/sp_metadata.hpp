// Reads what validation needs from an SP's own metadata: entity ID, ACS URLs, encryption certificates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::saml {

struct SpExpectations {
    std::string entity_id;
    std::vector<std::string> acs_urls;
    std::vector<std::string> encryption_certs_der;  // KeyDescriptor use="encryption" or no use
};

/** Parses an EntityDescriptor with an SPSSODescriptor (hardened parser). An aggregate is searched
 *  for the first SP, or for `entity_id` when given. Errors: `malformed_input`, `unsupported_message`. */
Result<SpExpectations> read_sp_metadata(std::string_view xml_bytes, std::string_view entity_id = {});

}  // namespace ssoctl::saml
