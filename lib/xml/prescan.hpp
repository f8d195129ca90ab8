// A byte-level pre-scan that bounds per-node sizes before libxml2 sees the bytes (DESIGN.md §5 rule 8).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::xml {

/** What one node may hold. libxml2 checks duplicate attributes pairwise (100 000 attributes on one
 *  element: ~20 s) and buffers a whole text node in push mode (one 300 MB text node: 300 MB of
 *  memory); these caps stop both in linear time. */
struct NodeLimits {
    size_t max_attributes = 256;        // attributes (namespace declarations included) on one element
    size_t max_namespaces_in_scope = 1024;  // xmlns declarations open at one point
    size_t max_token_bytes = 10u << 20;  // one start tag, text run, comment, CDATA section or PI
};

/** Incremental scanner: feed the document in chunks, in order. It does not check well-formedness
 *  (libxml2 does); it only counts. Errors carry `input_too_large` and name the limit and the line. */
class Prescan {
public:
    explicit Prescan(NodeLimits limits = {}) : m_limits(limits) {}
    Result<void> feed(std::string_view chunk);

private:
    enum class State { text, lt, tag, quote, bang, comment, cdata, pi, decl };
    Result<void> too_large(std::string_view pattern, size_t limit) const;
    void end_start_tag(bool empty);

    NodeLimits m_limits;
    State m_state = State::text;
    size_t m_token = 0;       // bytes of the current token
    size_t m_attrs = 0;       // attributes of the current start tag
    size_t m_ns_here = 0;     // xmlns declarations of the current start tag
    size_t m_ns_open = 0;     // xmlns declarations of all open elements
    struct Open {
        size_t depth;
        size_t namespaces;
    };
    std::vector<Open> m_ns_stack;  // open elements that declare namespaces
    size_t m_open = 0;        // open elements
    bool m_end_tag = false;   // the current tag is </...>
    bool m_name_done = false;
    size_t m_name_len = 0;    // bytes of the current attribute name (up to 6 kept)
    char m_name[6] = {};
    char m_quote = 0;
    char m_prev = 0;
    char m_prev2 = 0;
    std::string m_bang;       // the first bytes after "<!" (tells comment, CDATA, DOCTYPE apart)
    char m_decl_quote = 0;
    size_t m_offset = 0;      // bytes fed before the current chunk
    size_t m_pos = 0;         // offset of the byte being scanned
};

/** Whole-buffer convenience: `Prescan(limits).feed(bytes)`. */
Result<void> prescan(std::string_view bytes, const NodeLimits& limits = {});

}  // namespace ssoctl::xml
