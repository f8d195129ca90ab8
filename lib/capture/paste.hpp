// One pasted text -> one message: bare or wrapped base64, URL-encoded, form body, URL, DevTools
// `SAMLResponse: …`, curl --data-raw, a log line, quoted values; forced forms for --input-format.
#pragma once

#include <string_view>

#include "capture/capture.hpp"
#include "util/result.hpp"

namespace ssoctl::capture::detail {

/** `text` is UTF-8, trimmed, not XML/HTML/JSON (those are read before). */
Result<Item> read_text_paste(std::string_view text, const ReadOptions& opts);

/** --input-format: the outer form is given, nothing is guessed. */
Result<Item> read_forced(std::string_view text, Form form, const ReadOptions& opts);

}  // namespace ssoctl::capture::detail
