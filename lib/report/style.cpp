// TextOut: the only path from renderers to a stream; untrusted values pass util::visible here.
#include "report/style.hpp"

#include "util/strings.hpp"

namespace ssoctl::report {

TextOut& TextOut::styled(Style style, std::string_view text) {
    if (m_painter) m_painter(m_os, style);
    m_os << text;
    if (m_painter) m_painter(m_os, Style::reset);
    return *this;
}

TextOut& TextOut::operator<<(std::string_view text) {
    m_os << text;
    return *this;
}

TextOut& TextOut::field(std::string_view label, std::string_view value, size_t width) {
    std::string padded = "  " + std::string(label) + ":";
    // Japanese labels are two columns wide per character; pad by display width, roughly.
    size_t display = 0;
    for (unsigned char c : padded) display += (c & 0xC0) != 0x80 ? 1 : 0;
    for (unsigned char c : padded) if (c >= 0xE0) ++display;
    while (display < width + 2) {
        padded += ' ';
        ++display;
    }
    styled(Style::label, padded);
    m_os << ' ' << util::visible(value) << '\n';
    return *this;
}

}  // namespace ssoctl::report
