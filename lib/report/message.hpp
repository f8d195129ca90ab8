// Human summary of a SAML message (decode, validate): IDs, status, subject, conditions, attributes.
#pragma once

#include "report/style.hpp"
#include "saml/message.hpp"
#include "util/time.hpp"

namespace ssoctl::report {

struct MessageView {
    util::UnixTime now = 0;
    bool verified = false;           // the assertion was read from signed data; false -> UNVERIFIED
    bool response_verified = false;  // the message element itself carries a verified signature
};

void render_message(TextOut& out, const saml::Message& m, const MessageView& view);

/** `2026-01-15T10:05:00Z (expired 3 h ago)` style. Unparseable times are shown as received. */
std::string time_with_relative(const std::string& rfc3339, util::UnixTime now, bool ja);

}  // namespace ssoctl::report
