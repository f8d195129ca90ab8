// User-visible text in the reader's language: one GNU gettext catalog per language (po/ja.po),
// compiled by msgfmt at build time and embedded in the binary, so `--lang ja` works on a machine
// without a ja_JP locale. English is the msgid itself. Finding titles and hints stay in the code
// registry (lib/diag/codes*.def), one row per stable code; see po/README.md.
//
// Extraction keywords (scripts/i18n): tr:1, trn:1,2, trf:1, text:1, error_of:2, failure:2, N_:1.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "diag/code.hpp"
#include "diag/finding.hpp"
#include "util/result.hpp"

/** Marks a literal for the catalog without translating it (static tables); translate with tr().
 *  (Defined in util/result.hpp, which util/ uses too.) */

namespace ssoctl::i18n {

/** The catalog text of `msgid` in `lang`; the msgid itself for English or an entry the catalog
 *  lacks. Example: `tr("expected", lang)` -> "期待値" with Lang::ja. */
std::string tr(std::string_view msgid, diag::Lang lang);

/** The plural form for `n`: English picks `singular` when n == 1, Japanese has one form.
 *  Example: `fmt(trn("{} certificate", "{} certificates", n, lang), {std::to_string(n)})`. */
std::string trn(std::string_view singular, std::string_view plural, unsigned long n, diag::Lang lang);

/** `pattern` with each `{}` replaced by the next argument in turn and `{N}` by argument N (one digit,
 *  so a translation can reorder); `{{` and `}}` stand for braces;
 *  missing arguments leave `{}` in place, extra ones are ignored. */
std::string fmt(std::string_view pattern, std::initializer_list<std::string_view> args);

/** tr() then fmt(). Example: `trf("{} ago", lang, {"3 h"})`. */
std::string trf(std::string_view msgid, diag::Lang lang, std::initializer_list<std::string_view> args);

/** A finding's text in both languages (lib/ does not know the reader's language): `msgid` and its
 *  catalog translation, each with `{}` filled from `args` in the same language.
 *  Example: `r.add(code, i18n::text(N_("the Audience {} is not {}"), {{aud, aud}, {sp, sp}}))`. */
diag::Text text(std::string_view msgid, std::initializer_list<diag::Text> args = {});

/** An Error whose message is `msgid` filled with `args`, in English and (Error::ja) Japanese.
 *  Example: `return i18n::failure("io_error", N_("cannot open '{}'"), {path}, std::strerror(errno));` */
Error error_of(std::string code, std::string_view msgid, std::initializer_list<std::string_view> args = {}, std::string detail = {});
inline tl::unexpected<Error> failure(std::string code, std::string_view msgid, std::initializer_list<std::string_view> args = {},
                                     std::string detail = {}) {
    return tl::make_unexpected(error_of(std::move(code), msgid, args, std::move(detail)));
}

/** An Error from a message (and detail) already in both languages, e.g. built by text() around the
 *  text_of() of an inner error. Example:
 *  `return i18n::failure("malformed_input", i18n::text(N_("not recognised ({})"), {i18n::text_of(inner)}), i18n::text(N_("paste …")));` */
Error error_of(std::string code, diag::Text message, diag::Text detail = {});
inline tl::unexpected<Error> failure(std::string code, diag::Text message, diag::Text detail = {}) {
    return tl::make_unexpected(error_of(std::move(code), std::move(message), std::move(detail)));
}

/** The message of `e` in both languages, to wrap it in another: without a Japanese message, the code's
 *  Japanese title with the English in brackets (as error_text() shows it). */
diag::Text text_of(const Error& e);
/** `e` with its Japanese filled in from the pattern util/ kept (Error::msgid), before it becomes a finding. */
Error localized(Error e);
/** The detail of `e` in both languages. */
diag::Text detail_of(const Error& e);

/** What a person reads of `e` in `lang`: the message (Japanese when the error has it, else the
 *  code's Japanese title with the English message in brackets) and the detail. */
std::string error_text(const Error& e, diag::Lang lang);

/** Number of entries in the embedded catalog of `lang` (0 for English). */
size_t catalog_size(diag::Lang lang);

}  // namespace ssoctl::i18n
