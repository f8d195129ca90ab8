// Reads a parsed XML document into the Message model. No verification: everything is UNVERIFIED.
#pragma once

#include <string_view>

#include "saml/message.hpp"
#include "util/result.hpp"

namespace ssoctl::saml {

/** Recognises the root element and fills the model. Unknown roots -> `unsupported_message`.
 *  Example: `auto msg = parse_message(std::move(doc)); msg->assertions[0].name_id->value`. */
Result<Message> parse_message(xml::DocPtr doc);

/** Hardened XML parse + parse_message. */
Result<Message> parse_message(std::string_view xml_bytes);

/** Every ds:Signature under `root` (not descending into signatures). */
std::vector<SignatureInfo> collect_signatures(xmlNode* root);

/** Re-reads one assertion element (used after decryption). */
Assertion parse_assertion(xmlNode* node);

}  // namespace ssoctl::saml
