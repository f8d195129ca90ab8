// Styled text output for renderers: lib/ names the style, cmd/ decides how (and whether) to paint it.
#pragma once

#include <functional>
#include <ostream>
#include <string_view>

#include "diag/code.hpp"

namespace ssoctl::report {

enum class Style { reset, bold, dim, error, warning, ok, info, label, value };

/** Writes a style change to the stream; empty -> no colour. cmd/ supplies one built on rang. */
using Painter = std::function<void(std::ostream&, Style)>;

/** The text sink every renderer writes to: the stream, the painter and the language. */
class TextOut {
public:
    TextOut(std::ostream& os, Painter painter, diag::Lang lang) : m_os(os), m_painter(std::move(painter)), m_lang(lang) {}

    /** Writes `text` in `style`, then resets. */
    TextOut& styled(Style style, std::string_view text);
    TextOut& operator<<(std::string_view text);
    /** `  label:  value` with the label padded to `width`; the value is made visible first. */
    TextOut& field(std::string_view label, std::string_view value, size_t width = 14);

    diag::Lang lang() const { return m_lang; }
    bool ja() const { return m_lang == diag::Lang::ja; }
    std::ostream& stream() { return m_os; }

private:
    std::ostream& m_os;
    Painter m_painter;
    diag::Lang m_lang;
};

}  // namespace ssoctl::report
