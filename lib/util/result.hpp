// Result<T>: the one error-carrying return type of lib/ (tl::expected, std::expected-compatible use only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

/** Marks a literal for the message catalog (po/ja.po) without translating it. */
#ifndef N_
#define N_(s) s
#endif

namespace ssoctl {

/** A failure that stopped an operation: a stable snake_case code plus a message.
 *  Example: `return tl::make_unexpected(Error{"malformed_input", "not base64"});` */
struct Error {
    std::string code;
    std::string message;
    std::string detail;  // optional extra (library error text, offset …)
    std::string ja{};         // the message in Japanese (i18n::error_of fills it); empty: the code's title
    std::string detail_ja{};  // the detail in Japanese when ssoctl wrote it (a hint); empty: `detail` as it is
    // util/ sits below the catalog: its errors keep the N_() pattern and the arguments of `message`
    // so that i18n (text_of, error_text, localized) words them in the reader's language.
    std::string msgid{};
    std::vector<std::string> args{};
    std::string detail_msgid{};  // the same for `detail`
    std::vector<std::string> detail_args{};
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string code, std::string message, std::string detail = {}) {
    return tl::make_unexpected(Error{std::move(code), std::move(message), std::move(detail), {}});
}

namespace detail {
/** `pattern` with `{}` filled in turn and `{N}` by position (as i18n::fmt does). */
inline std::string fill(std::string_view pattern, const std::vector<std::string>& args) {
    std::string out;
    size_t next = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && next < args.size()) {
            out += args[next++];
            ++i;
        } else if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}' &&
                   size_t(pattern[i + 1] - '0') < args.size()) {
            out += args[size_t(pattern[i + 1] - '0')];
            i += 2;
        } else {
            out += pattern[i];
        }
    }
    return out;
}
}  // namespace detail

/** util/'s and xml/'s failure (they sit below the catalog): `pattern` (marked N_) filled by `args`; the
 *  pattern and the arguments stay in the Error for the Japanese. `detail` is third-party text.
 *  Example: `return fail_fmt("io_error", N_("cannot open '{}'"), {path}, std::strerror(errno));` */
inline tl::unexpected<Error> fail_fmt(std::string code, std::string_view pattern, std::vector<std::string> args, std::string detail = {}) {
    std::string message = detail::fill(pattern, args);
    return tl::make_unexpected(Error{std::move(code), std::move(message), std::move(detail), {}, {}, std::string(pattern), std::move(args), {}});
}

/** fail_fmt() whose detail is ssoctl's own words too (`detail_pattern`, marked N_, filled by `detail_args`).
 *  Example: `fail_fmt_detail(code, N_("the XML has a node longer than {} bytes"), {max}, N_("near byte {}"), {at})`. */
inline tl::unexpected<Error> fail_fmt_detail(std::string code, std::string_view pattern, std::vector<std::string> args, std::string_view detail_pattern,
                                             std::vector<std::string> detail_args) {
    std::string message = detail::fill(pattern, args), detail = detail::fill(detail_pattern, detail_args);
    return tl::make_unexpected(Error{std::move(code), std::move(message), std::move(detail), {}, {}, std::string(pattern), std::move(args),
                                     std::string(detail_pattern), std::move(detail_args)});
}

}  // namespace ssoctl
