// Redaction of a validation result: validate runs on the original bytes (signatures still verify),
// then everything personal it would show goes through one capture::Redactor.
#pragma once

#include "capture/capture.hpp"
#include "capture/redact.hpp"
#include "saml/message.hpp"
#include "validate/pipeline.hpp"

namespace ssoctl::validate {

/** Replaces, through `r` (so one value has one placeholder in the whole run), what the message
 *  model says about the person — NameID, attribute values, SessionIndex, SubjectConfirmationData
 *  Address, a LogoutRequest's NameID and SessionIndex, emails in the status message — and every
 *  occurrence of those values (and any email address) in the findings' messages, hints,
 *  expected/actual values, the check reasons and the context sources. IDs, times, issuers,
 *  audiences, URLs without personal data, algorithms and certificates stay. `item`, when given,
 *  is redacted too (RelayState, OIDC codes and tokens, URL). Call after validate_message.
 *  Example:
 *      auto v = validate::validate_message(m, trust, ctx);
 *      capture::Redactor r;
 *      validate::redact(r, m, v, &loaded.item);   // render m and v as usual */
void redact(capture::Redactor& r, saml::Message& m, Validation& v, capture::Item* item = nullptr);

/** A report with no message behind it (an unreadable --batch line): email addresses in its texts. */
void redact(capture::Redactor& r, diag::Report& report);

}  // namespace ssoctl::validate
