// Reformatting marks: count the whitespace a pretty-printer adds and check that it follows depth.
#include "capture/reformat.hpp"
#include "i18n/i18n.hpp"

#include <map>

namespace ssoctl::capture {
namespace {

bool is_ws(const xmlChar* s) {
    if (!s) return true;
    for (; *s; ++s) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    }
    return true;
}

bool is_signature(const xmlNode* n) {
    return n->type == XML_ELEMENT_NODE && n->name && std::string_view(reinterpret_cast<const char*>(n->name)) == "Signature" && n->ns &&
           n->ns->href && std::string_view(reinterpret_cast<const char*>(n->ns->href)) == "http://www.w3.org/2000/09/xmldsig#";
}

// Indentation after the last newline of a whitespace run, or -1 without a newline.
int indent_of(const xmlChar* s) {
    std::string_view v(reinterpret_cast<const char*>(s));
    const size_t nl = v.find_last_of('\n');
    if (nl == std::string_view::npos) return -1;
    int width = 0;
    for (char c : v.substr(nl + 1)) width += c == '\t' ? 4 : 1;
    return width;
}

struct Walk {
    size_t ws_nodes = 0;
    size_t indented = 0;
    size_t wrapped_text = 0;
    std::map<int, size_t> step_votes;  // indentation added per level -> elements that show it
    bool cr = false;
};

// The step is what a pretty-printer adds per level: the indentation before an element's children
// minus the indentation before its closing tag (independent of how deep the signed element sits).
void walk(const xmlNode* n, Walk& w) {
    int child_indent = -1, closing_indent = -1;
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (is_signature(c)) continue;
            walk(c, w);
        } else if (c->type == XML_TEXT_NODE && c->content) {
            std::string_view v(reinterpret_cast<const char*>(c->content));
            if (v.find('\r') != std::string_view::npos) w.cr = true;
            if (is_ws(c->content)) {
                ++w.ws_nodes;
                const int ind = indent_of(c->content);
                if (ind >= 0) {
                    ++w.indented;
                    if (c->next) child_indent = child_indent < 0 ? ind : child_indent;
                    else closing_indent = ind;
                }
            } else if (!c->prev && !c->next && v.size() > 2 && v.front() == '\n' && (v.back() == ' ' || v.back() == '\n' || v.back() == '\t')) {
                ++w.wrapped_text;
            }
        }
    }
    if (child_indent > closing_indent && closing_indent >= 0) ++w.step_votes[child_indent - closing_indent];
}

}  // namespace

diag::Text ReformattingMarks::text() const {
    std::vector<diag::Text> parts;
    if (indented >= 3) {
        const diag::Text nodes{std::to_string(whitespace_nodes), {}}, step{std::to_string(indent_step), {}};
        parts.push_back(indent_step == 0   ? i18n::text(N_("{} whitespace-only text nodes between its elements"), {nodes})
                        : indent_step == 1 ? i18n::text(N_("{} whitespace-only text nodes between its elements, indented {} space per level (a pretty-printer's layout)"), {nodes, step})
                                           : i18n::text(N_("{} whitespace-only text nodes between its elements, indented {} spaces per level (a pretty-printer's layout)"), {nodes, step}));
    }
    if (wrapped_text > 0) parts.push_back(i18n::text(N_("{} text value(s) moved onto their own lines"), {{std::to_string(wrapped_text)}}));
    if (crlf && !parts.empty()) parts.push_back(i18n::text(N_("line ends are CRLF")));
    diag::Text out;
    for (const auto& p : parts) {
        out.en += (out.en.empty() ? "" : "; ") + p.en;
        out.ja += (out.ja.empty() ? "" : "。") + p.ja;
    }
    return out;
}

std::optional<ReformattingMarks> reformatting_marks(const xmlNode* signed_element, std::string_view raw) {
    if (!signed_element) return std::nullopt;
    Walk w;
    walk(signed_element, w);
    ReformattingMarks m;
    m.whitespace_nodes = w.ws_nodes;
    m.indented = w.indented;
    m.wrapped_text = w.wrapped_text;
    if (w.indented >= 3) {
        size_t best = 0;
        for (const auto& [step, n] : w.step_votes) {
            if (n > best) {
                best = n;
                m.indent_step = step;
            }
        }
        size_t votes = 0;
        for (const auto& [step, n] : w.step_votes) votes += n;
        if (best * 2 < votes) m.indent_step = 0;
    }
    // A parser turns CRLF into LF before canonicalisation, so CRLF alone never breaks a signature:
    // it is named only beside the marks that do.
    m.crlf = w.cr || raw.find("\r\n") != std::string_view::npos;
    if (w.indented < 3 && w.wrapped_text == 0) return std::nullopt;
    return m;
}

}  // namespace ssoctl::capture
