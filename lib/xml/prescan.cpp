// Counts attributes, namespace declarations and token sizes in one linear pass over the raw bytes,
// so that libxml2's pairwise attribute check and push-mode buffering never see an oversized node.
#include "xml/prescan.hpp"

#include <cstring>

namespace ssoctl::xml {

Result<void> Prescan::too_large(std::string_view pattern, size_t limit) const {
    return fail_fmt_detail("input_too_large", pattern, {std::to_string(limit)}, N_("near byte {}"), {std::to_string(m_pos)});
}

void Prescan::end_start_tag(bool empty) {
    if (!empty) {
        ++m_open;
        if (m_ns_here) m_ns_stack.push_back({m_open, m_ns_here});
    } else {
        m_ns_open -= m_ns_here;
    }
}

Result<void> Prescan::feed(std::string_view chunk) {
    const char* p = chunk.data();
    const char* end = p + chunk.size();
    const size_t base = m_offset;
    m_offset += chunk.size();
    // true when the current token has grown over the cap (the error is built only then)
    auto over = [&](size_t n) {
        m_token += n;
        return m_token > m_limits.max_token_bytes;
    };
    auto token_error = [&] {
        m_pos = base + static_cast<size_t>(p - chunk.data());
        return too_large(N_("the XML has a node longer than {} bytes (refused before parsing; real SAML messages and metadata stay far below this cap)"), m_limits.max_token_bytes);
    };
    while (p < end) {
        switch (m_state) {
            case State::text: {
                const void* lt = std::memchr(p, '<', static_cast<size_t>(end - p));
                const char* stop = lt ? static_cast<const char*>(lt) : end;
                if (over(static_cast<size_t>(stop - p))) return token_error();
                p = stop;
                if (p < end) {
                    ++p;
                    m_state = State::lt;
                    m_token = 1;
                }
                continue;
            }
            case State::lt: {
                const char c = *p++;
                if (c == '/') {
                    m_state = State::tag;
                    m_end_tag = true;
                } else if (c == '!') {
                    m_state = State::bang;
                    m_bang.clear();
                } else if (c == '?') {
                    m_state = State::pi;
                    m_prev = 0;
                } else {
                    m_state = State::tag;
                    m_end_tag = false;
                    m_attrs = m_ns_here = 0;
                    m_name_len = 0;
                    m_name_done = true;  // the element name is not an attribute name
                    m_prev = c;
                }
                if (over(1)) return token_error();
                continue;
            }
            case State::tag: {
                // a run of name/value-free bytes: only the first bytes of an attribute name matter
                const char* q = p;
                while (q < end && *q != '>' && *q != '"' && *q != '\'' && *q != '=' && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') ++q;
                if (q != p) {
                    if (m_name_done) {
                        m_name_len = 0;
                        m_name_done = false;
                    }
                    const auto run = static_cast<size_t>(q - p);
                    for (size_t k = 0; k < run && m_name_len + k < sizeof m_name; ++k) m_name[m_name_len + k] = p[k];
                    m_name_len += run;
                    m_prev = q[-1];
                    if (over(static_cast<size_t>(q - p))) return token_error();
                    p = q;
                    continue;
                }
                const char c = *p++;
                if (over(1)) return token_error();
                if (c == '>') {
                    if (m_end_tag) {
                        if (!m_ns_stack.empty() && m_ns_stack.back().depth == m_open) {
                            m_ns_open -= m_ns_stack.back().namespaces;
                            m_ns_stack.pop_back();
                        }
                        if (m_open) --m_open;
                    } else {
                        end_start_tag(m_prev == '/');
                    }
                    m_state = State::text;
                    m_token = 0;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    m_quote = c;
                    m_state = State::quote;
                    if (m_end_tag) continue;
                    if (++m_attrs > m_limits.max_attributes) {
                        m_pos = base + static_cast<size_t>(p - chunk.data());
                        return too_large(N_("the XML has an element with more than {} attributes (refused before parsing; real SAML messages and metadata stay far below this cap)"), m_limits.max_attributes);
                    }
                    const bool xmlns = (m_name_len == 5 && std::memcmp(m_name, "xmlns", 5) == 0) ||
                                       (m_name_len > 6 && std::memcmp(m_name, "xmlns:", 6) == 0);
                    if (xmlns) {
                        ++m_ns_here;
                        if (m_ns_open + 1 > m_limits.max_namespaces_in_scope) {
                            m_pos = base + static_cast<size_t>(p - chunk.data());
                            return too_large(N_("the XML has more than {} namespace declarations in scope (refused before parsing; real SAML messages and metadata stay far below this cap)"), m_limits.max_namespaces_in_scope);
                        }
                        ++m_ns_open;
                    }
                    m_name_len = 0;
                    m_name_done = true;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    if (m_name_len) m_name_done = true;
                } else if (c == '=') {
                    m_name_done = true;
                } else {
                    if (m_name_done) {
                        m_name_len = 0;
                        m_name_done = false;
                    }
                    if (m_name_len < sizeof m_name) m_name[m_name_len] = c;
                    ++m_name_len;
                }
                m_prev = c;
                continue;
            }
            case State::quote: {
                const void* q = std::memchr(p, m_quote, static_cast<size_t>(end - p));
                const char* stop = q ? static_cast<const char*>(q) + 1 : end;
                if (over(static_cast<size_t>(stop - p))) return token_error();
                p = stop;
                if (q) {
                    m_state = State::tag;
                    m_prev = m_quote;
                }
                continue;
            }
            case State::bang: {
                const char c = *p++;
                if (over(1)) return token_error();
                m_bang += c;
                if (m_bang == "--") {
                    m_state = State::comment;
                    m_prev = m_prev2 = 0;
                } else if (m_bang == "[CDATA[") {
                    m_state = State::cdata;
                    m_prev = m_prev2 = 0;
                } else if (std::string_view("--").substr(0, m_bang.size()) != m_bang &&
                           std::string_view("[CDATA[").substr(0, m_bang.size()) != m_bang) {
                    m_state = State::decl;  // DOCTYPE and friends: libxml2 refuses them, only find the end
                    m_decl_quote = 0;
                    if (c == '>') {
                        m_state = State::text;
                        m_token = 0;
                    }
                }
                continue;
            }
            case State::comment:
            case State::cdata:
            case State::pi:
            case State::decl: {
                const char c = *p++;
                if (over(1)) return token_error();
                bool done = false;
                if (m_state == State::comment) done = c == '>' && m_prev == '-' && m_prev2 == '-';
                else if (m_state == State::cdata) done = c == '>' && m_prev == ']' && m_prev2 == ']';
                else if (m_state == State::pi) done = c == '>' && m_prev == '?';
                else if (m_decl_quote) {
                    if (c == m_decl_quote) m_decl_quote = 0;
                } else if (c == '"' || c == '\'') {
                    m_decl_quote = c;
                } else {
                    done = c == '>';
                }
                m_prev2 = m_prev;
                m_prev = c;
                if (done) {
                    m_state = State::text;
                    m_token = 0;
                }
                continue;
            }
        }
    }
    return {};
}

Result<void> prescan(std::string_view bytes, const NodeLimits& limits) { return Prescan(limits).feed(bytes); }

}  // namespace ssoctl::xml
