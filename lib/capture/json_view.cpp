// JSON without copies: the HAR reader touches each byte of a skipped body once, through memchr.
#include "capture/json_view.hpp"

#include <cstring>

#include "util/strings.hpp"

namespace ssoctl::capture::json {
namespace {

int hexv(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}


}  // namespace

const Value* Value::get(std::string_view key) const {
    for (const auto& [k, v] : members) {
        if (k == key) return &v;
    }
    return nullptr;
}

std::string Value::str() const { return type == Type::string ? unescape(raw) : std::string(); }

std::string unescape(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\' || i + 1 >= raw.size()) {
            out.push_back(c);
            continue;
        }
        const char e = raw[++i];
        switch (e) {
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'u': {
                auto unit = [&](size_t at) -> int32_t {
                    if (at + 4 > raw.size()) return -1;
                    int32_t v = 0;
                    for (size_t k = 0; k < 4; ++k) {
                        const int h = hexv(raw[at + k]);
                        if (h < 0) return -1;
                        v = v * 16 + h;
                    }
                    return v;
                };
                int32_t cp = unit(i + 1);
                if (cp < 0) {
                    out += "\\u";
                    break;
                }
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
                    const int32_t lo = unit(i + 3);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
                util::append_utf8(out, static_cast<uint32_t>(cp));
                break;
            }
            default: out.push_back(e); break;
        }
    }
    return out;
}

void Parser::ws() {
    while (m_pos < m_s.size()) {
        const char c = m_s[m_pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
        ++m_pos;
    }
}

bool Parser::at_end() {
    ws();
    return m_pos >= m_s.size();
}

bool Parser::string(std::string_view& out) {
    if (m_pos >= m_s.size() || m_s[m_pos] != '"') return fail();
    const size_t start = ++m_pos;
    const char* base = m_s.data();
    size_t p = start;
    for (;;) {
        const void* q = std::memchr(base + p, '"', m_s.size() - p);
        if (!q) return fail();
        const size_t at = static_cast<size_t>(static_cast<const char*>(q) - base);
        size_t bs = 0;
        while (at - bs > start && base[at - bs - 1] == '\\') ++bs;
        if (bs % 2 == 0) {
            out = m_s.substr(start, at - start);
            m_pos = at + 1;
            return true;
        }
        p = at + 1;
    }
}

bool Parser::parse(Value& out, int depth) {
    if (depth > m_max_depth || m_error) return fail();
    ws();
    if (m_pos >= m_s.size()) return fail();
    const char c = m_s[m_pos];
    if (c == '"') {
        out.type = Type::string;
        return string(out.raw);
    }
    if (c == '{') {
        out.type = Type::object;
        ++m_pos;
        ws();
        if (m_pos < m_s.size() && m_s[m_pos] == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            ws();
            std::string_view key;
            if (!string(key)) return false;
            ws();
            if (m_pos >= m_s.size() || m_s[m_pos] != ':') return fail();
            ++m_pos;
            out.members.push_back(Member{key, Value{}});
            if (!parse(out.members.back().value, depth + 1)) return false;
            ws();
            if (m_pos >= m_s.size()) return fail();
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == '}') {
                ++m_pos;
                return true;
            }
            return fail();
        }
    }
    if (c == '[') {
        out.type = Type::array;
        ++m_pos;
        ws();
        if (m_pos < m_s.size() && m_s[m_pos] == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            out.items.emplace_back();
            if (!parse(out.items.back(), depth + 1)) return false;
            ws();
            if (m_pos >= m_s.size()) return fail();
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == ']') {
                ++m_pos;
                return true;
            }
            return fail();
        }
    }
    const size_t start = m_pos;
    while (m_pos < m_s.size()) {
        const char d = m_s[m_pos];
        if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t') break;
        ++m_pos;
    }
    out.raw = m_s.substr(start, m_pos - start);
    if (out.raw == "null") out.type = Type::null;
    else if (out.raw == "true" || out.raw == "false") out.type = Type::boolean;
    else if (!out.raw.empty() && (out.raw[0] == '-' || (out.raw[0] >= '0' && out.raw[0] <= '9'))) out.type = Type::number;
    else return fail();
    return true;
}

bool Parser::skip_value(int depth) {
    if (depth > m_max_depth || m_error) return fail();
    ws();
    if (m_pos >= m_s.size()) return fail();
    const char c = m_s[m_pos];
    if (c == '"') {
        std::string_view ignored;
        return string(ignored);
    }
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        ++m_pos;
        ws();
        if (m_pos < m_s.size() && m_s[m_pos] == close) {
            ++m_pos;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws();
                std::string_view key;
                if (!string(key)) return false;
                ws();
                if (m_pos >= m_s.size() || m_s[m_pos] != ':') return fail();
                ++m_pos;
            }
            if (!skip_value(depth + 1)) return false;
            ws();
            if (m_pos >= m_s.size()) return fail();
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == close) {
                ++m_pos;
                return true;
            }
            return fail();
        }
    }
    Value v;
    return parse(v, depth);
}

bool Parser::begin_object() {
    ws();
    if (m_pos >= m_s.size() || m_s[m_pos] != '{') return fail();
    ++m_pos;
    m_first.push_back(true);
    return true;
}

bool Parser::next_member(std::string_view& key) {
    if (m_error || m_first.empty()) return false;
    ws();
    if (m_pos >= m_s.size()) return fail();
    if (m_s[m_pos] == '}') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (m_s[m_pos] != ',') return fail();
        ++m_pos;
        ws();
    }
    m_first.back() = false;
    if (!string(key)) return false;
    ws();
    if (m_pos >= m_s.size() || m_s[m_pos] != ':') return fail();
    ++m_pos;
    return true;
}

bool Parser::begin_array() {
    ws();
    if (m_pos >= m_s.size() || m_s[m_pos] != '[') return fail();
    ++m_pos;
    m_first.push_back(true);
    return true;
}

bool Parser::next_item() {
    if (m_error || m_first.empty()) return false;
    ws();
    if (m_pos >= m_s.size()) return fail();
    if (m_s[m_pos] == ']') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (m_s[m_pos] != ',') return fail();
        ++m_pos;
    }
    m_first.back() = false;
    return true;
}

}  // namespace ssoctl::capture::json
