// Base64 without surprises: one decoder for both alphabets, junk is an error, not skipped.
#include "util/base64.hpp"

#include <array>
#include <cstdint>

namespace ssoctl::util {
namespace {

constexpr int8_t kSkip = -2;
constexpr int8_t kBad = -1;

constexpr std::array<int8_t, 256> make_table() {
    std::array<int8_t, 256> t{};
    for (auto& v : t) v = kBad;
    const char* alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 62; ++i) t[static_cast<uint8_t>(alpha[i])] = static_cast<int8_t>(i);
    t['+'] = 62;
    t['-'] = 62;
    t['/'] = 63;
    t['_'] = 63;
    for (char c : {' ', '\t', '\r', '\n', '\f', '\v'}) t[static_cast<uint8_t>(c)] = kSkip;
    return t;
}
constexpr auto kTable = make_table();

}  // namespace

Result<std::string> base64_decode(std::string_view in, size_t max_out) {
    // Output is written into a pre-sized buffer; whole quads without whitespace take a fast path
    // (metadata aggregates hold tens of megabytes of certificate base64).
    std::string out(in.size() / 4 * 3 + 3, '\0');
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    size_t produced = 0;
    uint32_t acc = 0;
    int bits = 0;
    size_t digits = 0;
    size_t pad = 0;
    const auto* src = reinterpret_cast<const unsigned char*>(in.data());
    const size_t n = in.size();
    size_t i = 0;
    while (i < n) {
        if (bits == 0 && pad == 0 && i + 4 <= n) {
            const int8_t a = kTable[src[i]], b = kTable[src[i + 1]], c = kTable[src[i + 2]], d = kTable[src[i + 3]];
            if ((a | b | c | d) >= 0) {
                const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
                dst[produced] = static_cast<unsigned char>(v >> 16);
                dst[produced + 1] = static_cast<unsigned char>(v >> 8);
                dst[produced + 2] = static_cast<unsigned char>(v);
                produced += 3;
                digits += 4;
                i += 4;
                if (produced > max_out) return fail_fmt("input_too_large", N_("decoded base64 exceeds the limit"), {});
                continue;
            }
        }
        const auto ch = src[i];
        if (ch == '=') {
            ++pad;
            ++i;
            continue;
        }
        const int8_t v = kTable[ch];
        if (v == kSkip) {
            ++i;
            continue;
        }
        if (v == kBad || pad > 0) {
            return fail_fmt("malformed_input", N_("not base64: unexpected character at offset {}"), {std::to_string(i)});
        }
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        ++digits;
        ++i;
        if (bits >= 8) {
            bits -= 8;
            dst[produced++] = static_cast<unsigned char>((acc >> bits) & 0xFF);
            if (produced > max_out) return fail_fmt("input_too_large", N_("decoded base64 exceeds the limit"), {});
        }
    }
    if (digits == 0) return fail_fmt("malformed_input", N_("not base64: no data"), {});
    if (digits % 4 == 1) return fail_fmt("malformed_input", N_("not base64: truncated (length is not a multiple of 4)"), {});
    if (pad > 0 && (digits + pad) % 4 != 0) return fail_fmt("malformed_input", N_("not base64: wrong padding"), {});
    if (pad > 2) return fail_fmt("malformed_input", N_("not base64: too much padding"), {});
    out.resize(produced);
    return out;
}

std::string base64_encode(std::string_view in) {
    static const char* alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                           static_cast<uint8_t>(in[i + 2]);
        out += alpha[(n >> 18) & 63];
        out += alpha[(n >> 12) & 63];
        out += alpha[(n >> 6) & 63];
        out += alpha[n & 63];
    }
    if (i < in.size()) {
        uint32_t n = static_cast<uint8_t>(in[i]) << 16;
        if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
        out += alpha[(n >> 18) & 63];
        out += alpha[(n >> 12) & 63];
        out += (i + 1 < in.size()) ? alpha[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool looks_like_base64(std::string_view in) {
    size_t digits = 0;
    bool padding = false;
    for (char ch : in) {
        const auto c = static_cast<uint8_t>(ch);
        if (c == '=') {
            padding = true;
            continue;
        }
        const int8_t v = kTable[c];
        if (v == kSkip) continue;
        if (v == kBad || padding) return false;
        ++digits;
    }
    return digits >= 4 && digits % 4 != 1;
}

}  // namespace ssoctl::util
