// Greedy line filling over unbreakable pieces: a piece is a run between spaces, cut further only
// between two wide characters where Japanese line-breaking rules (kinsoku) allow it.
#include "report/wrap.hpp"

#include <algorithm>

#include "util/width.hpp"

namespace ssoctl::report {
namespace {

// Never at the start of a line / never at the end of one (JIS X 4051, the common subset).
constexpr std::string_view kNoStart = "、。，．・：；？！）」』】〕〉》］｝ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜";
constexpr std::string_view kNoEnd = "（「『【〔〈《［｛";

struct Piece {
    std::string text;
    size_t width = 0;
    bool space_before = false;
};

size_t sequence_length(std::string_view s, size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    return i + len > s.size() ? 1 : len;
}

std::vector<Piece> pieces(std::string_view para) {
    std::vector<Piece> out;
    Piece cur;
    bool space = false;
    std::string_view prev;
    bool prev_wide = false;
    for (size_t i = 0; i < para.size();) {
        const size_t len = sequence_length(para, i);
        const std::string_view ch = para.substr(i, len);
        i += len;
        if (ch == " ") {
            if (!cur.text.empty()) out.push_back(std::move(cur));
            cur = Piece{};
            space = true;
            prev_wide = false;
            continue;
        }
        const size_t w = util::display_width(ch);
        const bool wide = w == 2;
        if (!cur.text.empty() && wide && prev_wide && kNoEnd.find(prev) == std::string_view::npos &&
            kNoStart.find(ch) == std::string_view::npos) {
            out.push_back(std::move(cur));
            cur = Piece{};
        }
        if (cur.text.empty()) {
            cur.space_before = space;
            space = false;
        }
        cur.text += ch;
        cur.width += w;
        prev = ch;
        prev_wide = wide;
    }
    if (!cur.text.empty()) out.push_back(std::move(cur));
    // A number stays with the word after it: "3272 d", "6 checks", "3 件".
    std::vector<Piece> glued;
    for (Piece& p : out) {
        const bool number = !glued.empty() && !glued.back().text.empty() &&
                            glued.back().text.find_first_not_of("0123456789") == std::string::npos;
        if (number && p.space_before) {
            glued.back().text += " " + p.text;
            glued.back().width += 1 + p.width;
        } else {
            glued.push_back(std::move(p));
        }
    }
    return glued;
}

}  // namespace

std::vector<WrappedLine> wrap(std::string_view text, size_t width, size_t start, size_t indent) {
    const bool one_paragraph = text.find('\n') == std::string_view::npos;
    if (width == 0 || (one_paragraph && start + util::display_width(text) <= width)) return {{0, std::string(text)}};
    const size_t own_line = std::min<size_t>(indent, 4);
    std::vector<WrappedLine> lines(1);
    size_t col = start;
    size_t from = 0;
    while (true) {
        const size_t nl = text.find('\n', from);
        const std::string_view para = text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
        for (Piece& p : pieces(para)) {
            const bool empty = lines.back().text.empty();
            const size_t need = p.width + (!empty && p.space_before ? 1 : 0);
            if (col + need <= width) {
                if (!empty && p.space_before) lines.back().text += ' ';
                lines.back().text += p.text;
                col += need;
                continue;
            }
            if (!empty || lines.size() == 1) {
                if (empty && start <= own_line) {  // nothing before it on the first line: it stays there
                    lines.back().text = std::move(p.text);
                    col = width + 1;
                    continue;
                }
                lines.push_back({indent, {}});
                col = indent;
            }
            if (col + p.width > width) {  // longer than the room at the indent: a line of its own, never cut
                lines.back() = {own_line, std::move(p.text)};
                col = width + 1;
                continue;
            }
            lines.back().text = std::move(p.text);
            col += p.width;
        }
        if (nl == std::string_view::npos) break;
        from = nl + 1;
        lines.push_back({indent, {}});
        col = indent;
    }
    return lines;
}

}  // namespace ssoctl::report
