// The `message` object of the JSON envelope (DESIGN.md §3): a stable view of a Message.
#pragma once

#include <nlohmann/json.hpp>

#include "saml/message.hpp"

namespace ssoctl::saml {

/** Fields are added, never renamed. Empty strings become null. */
nlohmann::json to_json(const Message& m);
nlohmann::json to_json(const x509::CertInfo& c);

}  // namespace ssoctl::saml
