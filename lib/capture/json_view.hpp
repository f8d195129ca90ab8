// A JSON reader for big captures: values are views into the input (strings stay escaped until
// asked for), arrays can be walked one element at a time, and long strings are skipped with memchr.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssoctl::capture::json {

enum class Type : uint8_t { null, boolean, number, string, array, object };

/** One value; `raw` is the string's content between its quotes (still escaped) or the token. */
struct Value {
    Type type = Type::null;
    std::string_view raw;
    std::vector<Value> items;
    std::vector<std::pair<std::string_view, Value>> members;  // keys still escaped (HAR keys never are)

    const Value* get(std::string_view key) const;
    /** The string, unescaped (\uXXXX with surrogates -> UTF-8); empty for non-strings. */
    std::string str() const;
    bool is_string() const { return type == Type::string; }
};

/** Pull parser over one buffer. Depth is capped; any syntax error stops it (`ok()` false). */
class Parser {
public:
    explicit Parser(std::string_view text, int max_depth = 128) : m_s(text), m_max_depth(max_depth) {}

    /** Parses the next value whole into `out`. */
    bool value(Value& out) { return parse(out, 0); }
    /** Skips the next value without building anything. */
    bool skip() { return skip_value(0); }

    /** Streaming: `begin_object()` then `next_member(key)` until it returns false. */
    bool begin_object();
    bool next_member(std::string_view& key);
    bool begin_array();
    bool next_item();

    bool ok() const { return !m_error; }
    bool at_end();
    size_t offset() const { return m_pos; }

private:
    bool parse(Value& out, int depth);
    bool skip_value(int depth);
    bool string(std::string_view& out);
    void ws();
    bool fail() {
        m_error = true;
        return false;
    }

    std::string_view m_s;
    size_t m_pos = 0;
    int m_max_depth;
    bool m_error = false;
    std::vector<bool> m_first;  // per open streaming container: no element read yet
};

/** Unescapes the content of a JSON string. */
std::string unescape(std::string_view raw);

}  // namespace ssoctl::capture::json
