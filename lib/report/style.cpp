// TextOut: the only path from renderers to a stream; untrusted values pass util::visible here.
#include "report/style.hpp"

#include <sstream>

#include "report/wrap.hpp"
#include "util/strings.hpp"
#include "util/width.hpp"

namespace ssoctl::report {

void TextOut::advance(std::string_view text) {
    const size_t nl = text.rfind('\n');
    if (nl == std::string_view::npos) {
        m_column += util::display_width(text);
        return;
    }
    for (char c : text) m_lines += c == '\n' ? 1 : 0;
    m_column = util::display_width(text.substr(nl + 1));
}

TextOut& TextOut::styled(Style style, std::string_view text) {
    std::ostringstream sgr;
    if (m_painter) m_painter(sgr, style);
    const bool painted = !sgr.str().empty();  // a style painted plain needs no reset either
    m_os << sgr.str() << text;
    if (painted) m_painter(m_os, Style::reset);
    advance(text);
    return *this;
}

TextOut& TextOut::operator<<(std::string_view text) {
    m_os << text;
    advance(text);
    return *this;
}

TextOut& TextOut::wrapped(std::string_view text, size_t indent, std::optional<Style> style) {
    const bool newline = text.ends_with('\n');
    if (newline) text.remove_suffix(1);
    const auto lines = wrap(text, m_columns, m_column, indent);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i) *this << "\n" << std::string(lines[i].text.empty() ? 0 : lines[i].indent, ' ');
        if (style) styled(*style, lines[i].text);
        else *this << lines[i].text;
    }
    if (newline) *this << "\n";
    return *this;
}

TextOut& TextOut::field(std::string_view label, std::string_view value, size_t width) {
    const std::string bare = "  " + std::string(label) + ":";
    const std::string padded = util::pad_to_width(bare, width + 2);
    const std::string shown = util::visible(value);
    const auto lines = wrap(shown, m_columns, m_column + util::display_width(padded) + 1, kValueColumn);
    if (lines.size() > 1 && lines[0].text.empty()) {
        styled(Style::label, bare);  // the value starts below: no trailing spaces
        for (size_t i = 1; i < lines.size(); ++i) *this << "\n" << std::string(lines[i].indent, ' ') << lines[i].text;
        *this << "\n";
        return *this;
    }
    styled(Style::label, padded);
    *this << " ";
    wrapped(shown, kValueColumn);
    *this << "\n";
    return *this;
}

}  // namespace ssoctl::report
