// URL decoding and splitting; strict about malformed escapes so a paste is never half-read.
#include "util/url.hpp"

#include "util/strings.hpp"

namespace ssoctl::util {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

Result<std::string> url_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return fail_fmt("malformed_input", N_("bad percent-escape at offset {}"), {std::to_string(i)});
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return fail_fmt("malformed_input", N_("bad percent-escape at offset {}"), {std::to_string(i)});
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string url_encode(std::string_view in) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

Result<std::vector<QueryParam>> parse_query(std::string_view query) {
    std::vector<QueryParam> out;
    for (std::string_view part : split(query, '&')) {
        if (part.empty()) continue;
        const size_t eq = part.find('=');
        QueryParam p;
        p.raw_name = std::string(part.substr(0, eq));
        p.raw_value = eq == std::string_view::npos ? std::string() : std::string(part.substr(eq + 1));
        auto name = url_decode(p.raw_name);
        if (!name) return tl::make_unexpected(name.error());
        auto value = url_decode(p.raw_value);
        if (!value) return tl::make_unexpected(value.error());
        p.name = std::move(*name);
        p.value = std::move(*value);
        out.push_back(std::move(p));
    }
    return out;
}

const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name) {
    for (const auto& p : params) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

int Url::effective_port() const {
    if (port) return *port;
    if (scheme == "https") return 443;
    if (scheme == "http") return 80;
    return -1;
}

Result<Url> parse_url(std::string_view in) {
    Url u;
    const size_t colon = in.find("://");
    if (colon == std::string_view::npos || colon == 0) return fail_fmt("malformed_input", N_("not an absolute URL"), {});
    u.scheme = to_lower(in.substr(0, colon));
    std::string_view rest = in.substr(colon + 3);
    const size_t frag = rest.find('#');
    if (frag != std::string_view::npos) rest = rest.substr(0, frag);
    const size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        u.query = std::string(rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    u.path = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash));
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos) authority = authority.substr(at + 1);
    size_t port_sep = authority.rfind(':');
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) return fail_fmt("malformed_input", N_("bad IPv6 host in URL"), {});
        port_sep = authority.find(':', close);
    }
    if (port_sep != std::string_view::npos) {
        const std::string_view port = authority.substr(port_sep + 1);
        int value = 0;
        if (port.empty() || port.size() > 5) return fail_fmt("malformed_input", N_("bad port in URL"), {});
        for (char c : port) {
            if (c < '0' || c > '9') return fail_fmt("malformed_input", N_("bad port in URL"), {});
            value = value * 10 + (c - '0');
        }
        if (value > 65535) return fail_fmt("malformed_input", N_("bad port in URL"), {});
        u.port = value;
        authority = authority.substr(0, port_sep);
    }
    if (authority.empty()) return fail_fmt("malformed_input", N_("URL has no host"), {});
    u.host = to_lower(authority);
    return u;
}

}  // namespace ssoctl::util
