// Styled text output for renderers: lib/ names the style, cmd/ decides how (and whether) to paint it.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string_view>

#include "diag/code.hpp"

namespace ssoctl::report {

enum class Style { reset, bold, dim, error, warning, ok, info, label, value };

/** Writes a style change to the stream; empty -> no colour. cmd/ supplies one built on rang. */
using Painter = std::function<void(std::ostream&, Style)>;

/** The column where field values start: `  label:` padded to 16, then a space. Continuation lines
 *  of a wrapped value or finding message are indented to it. */
inline constexpr size_t kValueColumn = 17;

/** The text sink every renderer writes to: the stream, the painter, the language and, on a
 *  terminal, its width (text is wrapped to it; 0 = never wrap, as for a pipe). It counts the
 *  lines written, so a renderer can repeat the verdict when the output is longer than a screen. */
class TextOut {
public:
    TextOut(std::ostream& os, Painter painter, diag::Lang lang, size_t columns = 0, size_t rows = 24)
        : m_os(os), m_painter(std::move(painter)), m_lang(lang), m_columns(columns), m_rows(rows) {}

    /** Writes `text` in `style`, then resets. */
    TextOut& styled(Style style, std::string_view text);
    TextOut& operator<<(std::string_view text);
    /** Writes `text` from the current column, wrapped to the width with continuation lines at
     *  column `indent` (report::wrap: words, Japanese, never inside a URL, ID or base64 value). */
    TextOut& wrapped(std::string_view text, size_t indent, std::optional<Style> style = std::nullopt);
    /** `  label:  value` with the label padded to `width` display columns; the value is made
     *  visible first, and wrapped under the value column. */
    TextOut& field(std::string_view label, std::string_view value, size_t width = 14);

    diag::Lang lang() const { return m_lang; }
    bool ja() const { return m_lang == diag::Lang::ja; }
    std::ostream& stream() { return m_os; }
    size_t columns() const { return m_columns; }
    /** Newlines written through this sink so far. */
    size_t lines() const { return m_lines; }
    /** Lines on one screen of the terminal (24 when unknown, e.g. for a pipe). */
    size_t rows() const { return m_rows; }
    /** More lines written than one screen holds: the verdict is worth repeating at the end. */
    bool past_one_screen() const { return m_lines >= m_rows; }

private:
    void advance(std::string_view text);

    std::ostream& m_os;
    Painter m_painter;
    diag::Lang m_lang;
    size_t m_columns = 0;
    size_t m_rows = 24;
    size_t m_column = 0;
    size_t m_lines = 0;
};

}  // namespace ssoctl::report
