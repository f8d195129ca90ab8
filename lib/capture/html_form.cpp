// A tag scanner for auto-submit pages: finds <form> and <input> tags and their attributes, nothing more.
#include "capture/html_form.hpp"

#include <cstring>

#include "util/strings.hpp"

namespace ssoctl::capture::detail {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Case-insensitive find of an ASCII lower-case needle.
size_t ifind(std::string_view hay, std::string_view needle, size_t from) {
    if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
    for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
        const void* p = std::memchr(hay.data() + i, needle[0], hay.size() - i - needle.size() + 1);
        const bool letter = needle[0] >= 'a' && needle[0] <= 'z';
        const void* q = letter ? std::memchr(hay.data() + i, needle[0] - 32, hay.size() - i - needle.size() + 1) : nullptr;
        size_t a = p ? static_cast<size_t>(static_cast<const char*>(p) - hay.data()) : std::string_view::npos;
        const size_t b = q ? static_cast<size_t>(static_cast<const char*>(q) - hay.data()) : std::string_view::npos;
        if (b < a) a = b;
        if (a == std::string_view::npos) return a;
        size_t k = 1;
        while (k < needle.size() && lower(hay[a + k]) == needle[k]) ++k;
        if (k == needle.size()) return a;
        i = a;
    }
    return std::string_view::npos;
}

struct Tag {
    std::string_view name;
    std::vector<std::pair<std::string, std::string>> attrs;
    size_t end = 0;  // index after '>'
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Parses the tag starting at s[pos] == '<'.
Tag parse_tag(std::string_view s, size_t pos) {
    Tag t;
    size_t i = pos + 1;
    const size_t name_start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '>' && s[i] != '/') ++i;
    t.name = s.substr(name_start, i - name_start);
    while (i < s.size() && s[i] != '>') {
        while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
        if (i >= s.size() || s[i] == '>') break;
        const size_t an = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '>') ++i;
        std::string name = util::to_lower(s.substr(an, i - an));
        while (i < s.size() && is_space(s[i])) ++i;
        std::string value;
        if (i < s.size() && s[i] == '=') {
            ++i;
            while (i < s.size() && is_space(s[i])) ++i;
            if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
                const char q = s[i++];
                const size_t close = s.find(q, i);
                const size_t stop = close == std::string_view::npos ? s.size() : close;
                value = html_unescape(s.substr(i, stop - i));
                i = stop == s.size() ? stop : stop + 1;
            } else {
                const size_t vs = i;
                while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
                value = html_unescape(s.substr(vs, i - vs));
            }
        }
        if (!name.empty() && t.attrs.size() < 64) t.attrs.emplace_back(std::move(name), std::move(value));
    }
    t.end = i < s.size() ? i + 1 : s.size();
    return t;
}

const std::string* get(const Tag& t, std::string_view name) {
    for (const auto& [k, v] : t.attrs) {
        if (k == name) return &v;
    }
    return nullptr;
}


}  // namespace

std::string html_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        const size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        const std::string_view ent = s.substr(i + 1, semi - i - 1);
        std::string rep;
        if (ent == "amp") rep = "&";
        else if (ent == "lt") rep = "<";
        else if (ent == "gt") rep = ">";
        else if (ent == "quot") rep = "\"";
        else if (ent == "apos") rep = "'";
        else if (ent.size() >= 2 && ent[0] == '#') {
            unsigned long cp = 0;
            bool ok = true;
            const bool hex = ent[1] == 'x' || ent[1] == 'X';
            for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
                const char c = ent[k];
                int d = -1;
                if (c >= '0' && c <= '9') d = c - '0';
                else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
                if (d < 0 || cp > 0x10FFFF) {
                    ok = false;
                    break;
                }
                cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
            }
            if (ok && ent.size() > (hex ? 2u : 1u)) util::append_utf8(rep, static_cast<uint32_t>(cp));
        }
        if (rep.empty()) {
            out.push_back('&');
            continue;
        }
        out += rep;
        i = semi;
    }
    return out;
}

bool looks_like_html(std::string_view text) {
    const std::string_view head = text.substr(0, 4096);
    if (ifind(head, "<!doctype html", 0) != std::string_view::npos) return true;
    if (ifind(head, "<html", 0) != std::string_view::npos) return true;
    return ifind(text, "<form", 0) != std::string_view::npos && ifind(text, "<input", 0) != std::string_view::npos;
}

std::vector<HtmlForm> scan_forms(std::string_view html) {
    std::vector<HtmlForm> forms;
    HtmlForm loose;
    HtmlForm* current = nullptr;
    size_t i = 0;
    while (i < html.size() && forms.size() < 64) {
        const size_t lt = html.find('<', i);
        if (lt == std::string_view::npos) break;
        if (html.compare(lt, 4, "<!--") == 0) {
            const size_t close = html.find("-->", lt + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        const Tag t = parse_tag(html, lt);
        i = t.end > lt ? t.end : lt + 1;
        const std::string name = util::to_lower(t.name);
        if (name == "form") {
            HtmlForm f;
            if (const auto* a = get(t, "action")) f.action = *a;
            if (const auto* m = get(t, "method")) f.method = *m;
            for (auto& c : f.method) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
            if (f.method.empty()) f.method = "GET";
            forms.push_back(std::move(f));
            current = &forms.back();
        } else if (name == "/form") {
            current = nullptr;
        } else if (name == "input" || name == "textarea") {
            const auto* n = get(t, "name");
            if (!n || n->empty()) continue;
            std::string value;
            if (const auto* v = get(t, "value")) value = *v;
            if (name == "textarea") {
                const size_t close = ifind(html, "</textarea", i);
                const size_t stop = close == std::string_view::npos ? html.size() : close;
                value = html_unescape(html.substr(i, stop - i));
                i = stop;
            }
            HtmlForm& f = current ? *current : loose;
            if (f.inputs.size() < 256) f.inputs.push_back(util::QueryParam{*n, value, *n, value});
        } else if (name == "script" || name == "style") {
            const size_t close = ifind(html, name == "script" ? "</script" : "</style", i);
            i = close == std::string_view::npos ? html.size() : close;
        }
    }
    std::erase_if(forms, [](const HtmlForm& f) { return f.inputs.empty(); });
    if (!loose.inputs.empty()) forms.push_back(std::move(loose));
    return forms;
}

}  // namespace ssoctl::capture::detail
