// Reformatting marks: count the whitespace a pretty-printer adds and check that it follows depth.
#include "capture/reformat.hpp"

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
    std::map<int, size_t> step_votes;  // indentation / depth -> count
    bool cr = false;
};

void walk(const xmlNode* n, int depth, Walk& w) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (is_signature(c)) continue;
            walk(c, depth + 1, w);
        } else if (c->type == XML_TEXT_NODE && c->content) {
            std::string_view v(reinterpret_cast<const char*>(c->content));
            if (v.find('\r') != std::string_view::npos) w.cr = true;
            if (is_ws(c->content)) {
                ++w.ws_nodes;
                const int ind = indent_of(c->content);
                if (ind >= 0) {
                    ++w.indented;
                    // whitespace before a child sits at depth+1, before the closing tag at depth
                    const int level = c->next ? depth + 1 : depth;
                    if (level > 0 && ind > 0 && ind % level == 0) ++w.step_votes[ind / level];
                }
            } else if (!c->prev && !c->next && v.size() > 2 && v.front() == '\n' && (v.back() == ' ' || v.back() == '\n' || v.back() == '\t')) {
                ++w.wrapped_text;
            }
        }
    }
}

}  // namespace

std::optional<std::string> reformatting_marks(const xmlNode* signed_element, std::string_view raw) {
    if (!signed_element) return std::nullopt;
    Walk w;
    walk(signed_element, 0, w);
    std::string out;
    if (w.indented >= 3) {
        int step = 0;
        size_t best = 0;
        for (const auto& [s, n] : w.step_votes) {
            if (n > best) {
                best = n;
                step = s;
            }
        }
        out = "the signed element has " + std::to_string(w.ws_nodes) + " whitespace-only text nodes between its elements";
        if (best * 2 >= w.indented && step > 0) out += ", indented " + std::to_string(step) + (step == 1 ? " space" : " spaces") + " per level (a pretty-printer's layout)";
    }
    if (w.wrapped_text > 0) {
        if (!out.empty()) out += "; ";
        out += std::to_string(w.wrapped_text) + " text value(s) were moved onto their own lines";
    }
    // A parser turns CRLF into LF before canonicalisation, so CRLF alone never breaks a signature:
    // it is named only beside the marks that do.
    const bool crlf = w.cr || raw.find("\r\n") != std::string_view::npos;
    if (crlf && !out.empty()) {
        if (!out.empty()) out += "; ";
        out += "line ends are CRLF";
    }
    if (out.empty()) return std::nullopt;
    return out + ": the XML was reformatted after signing, and only the original bytes (the base64 value the browser sent) can verify";
}

}  // namespace ssoctl::capture
