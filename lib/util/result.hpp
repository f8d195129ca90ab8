// Result<T>: the one error-carrying return type of lib/ (tl::expected, std::expected-compatible use only).
#pragma once

#include <string>

#include <tl/expected.hpp>

namespace ssoctl {

/** A failure that stopped an operation: a stable snake_case code plus a message.
 *  Example: `return tl::make_unexpected(Error{"malformed_input", "not base64"});` */
struct Error {
    std::string code;
    std::string message;
    std::string detail;  // optional extra (library error text, offset …)
    std::string ja{};    // the message in Japanese (i18n::error_of fills it); empty: the code's title
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string code, std::string message, std::string detail = {}) {
    return tl::make_unexpected(Error{std::move(code), std::move(message), std::move(detail), {}});
}

}  // namespace ssoctl
