// One SAML value -> XML, undoing what copying does to it; one request's parameters -> one Item.
#include "capture/message_value.hpp"

#include <string.h>

#include <libxml/tree.h>

#include "i18n/i18n.hpp"
#include "util/base64.hpp"
#include "util/inflate.hpp"
#include "util/strings.hpp"
#include "xml/document.hpp"

namespace ssoctl::capture::detail {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool has_percent_escape(std::string_view s) {
    for (size_t i = 0; i + 2 < s.size(); ++i) {
        if (s[i] == '%' && is_hex(s[i + 1]) && is_hex(s[i + 2])) return true;
    }
    return false;
}

bool starts_like_xml(std::string_view s) {
    s = util::trim(strip_utf8_bom(s));
    return !s.empty() && s.front() == '<';
}

// Lines joined with the spaces and tabs around each break removed: a value wrapped at any width.
std::string join_lines(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    size_t start = 0;
    while (start <= v.size()) {
        size_t end = v.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = v.size();
        std::string_view line = v.substr(start, end - start);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        out.append(line);
        start = end + 1;
    }
    return out;
}

// The escapes a JavaScript/JSON string may carry inside a base64 or URL-encoded value.
std::string json_unescape_simple(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char n = s[i + 1];
            if (n == 'u' && i + 5 < s.size() && is_hex(s[i + 2]) && is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5])) {
                const unsigned cp = static_cast<unsigned>(std::stoul(std::string(s.substr(i + 2, 4)), nullptr, 16));
                if (cp < 0x80) {
                    out.push_back(static_cast<char>(cp));
                    i += 5;
                    continue;
                }
            }
            if (n == '/' || n == '\\' || n == '"' || n == '\'') {
                out.push_back(n);
                ++i;
                continue;
            }
            if (n == 'n' || n == 'r') {
                out.push_back('\n');
                ++i;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// Counts base64 digits and padding, to tell a value cut mid-quad from a merely unpadded one.
void count_base64(std::string_view s, size_t& digits, size_t& pad) {
    digits = pad = 0;
    for (char c : s) {
        if (c == '=') ++pad;
        else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_') ++digits;
    }
}

std::string attr(xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return {};
    std::string out(reinterpret_cast<char*>(v));
    xmlFree(v);
    return out;
}

std::string text_of(xmlNode* n) {
    xmlChar* v = xmlNodeGetContent(n);
    if (!v) return {};
    std::string out(reinterpret_cast<char*>(v));
    xmlFree(v);
    return std::string(util::trim(out));
}

bool named(xmlNode* n, std::string_view local) {
    return n && n->type == XML_ELEMENT_NODE && reinterpret_cast<const char*>(n->name) == local;
}

}  // namespace

std::string_view strip_utf8_bom(std::string_view s) {
    if (util::starts_with(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
    return s;
}

bool utf16_to_utf8(std::string_view b, std::string& out) {
    bool le = false;
    size_t pos = 0;
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) {
        le = true;
        pos = 2;
    } else if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF) {
        pos = 2;
    } else if (b.size() >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0) {
        le = true;  // ASCII text in UTF-16LE without a BOM: "<\0?\0"
    } else if (b.size() >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0) {
        le = false;
    } else {
        return false;
    }
    std::string r;
    r.reserve((b.size() - pos) / 2 + 16);
    auto unit = [&](size_t i) -> uint32_t {
        const auto lo = static_cast<unsigned char>(b[i + (le ? 0 : 1)]);
        const auto hi = static_cast<unsigned char>(b[i + (le ? 1 : 0)]);
        return (uint32_t(hi) << 8) | lo;
    };
    for (size_t i = pos; i + 1 < b.size(); i += 2) {
        uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < b.size()) {
            const uint32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        util::append_utf8(r, cp);
    }
    // The bytes are UTF-8 now; a declaration that still says UTF-16 would make the parser re-decode them.
    if (util::starts_with(r, "<?xml")) {
        const size_t end = r.find("?>");
        for (const char* decl : {"encoding=\"UTF-16\"", "encoding='UTF-16'", "encoding=\"utf-16\"", "encoding='utf-16'"}) {
            const size_t at = r.find(decl);
            if (at != std::string::npos && at < end) r.replace(at, std::string_view(decl).size(), "encoding=\"UTF-8\"");
        }
    }
    out = std::move(r);
    return true;
}

std::string_view unquote(std::string_view s) {
    s = util::trim(s);
    for (;;) {
        if (s.size() >= 2 && s.front() == s.back() && (s.front() == '"' || s.front() == '\'' || s.front() == '`')) {
            s = util::trim(s.substr(1, s.size() - 2));
            continue;
        }
        if (s.size() >= 3 && s.front() == '$' && s[1] == '\'' && s.back() == '\'') {
            s = util::trim(s.substr(2, s.size() - 3));
            continue;
        }
        if (s.size() >= 6 && util::starts_with(s, "\xE2\x80\x9C") && util::ends_with(s, "\xE2\x80\x9D")) {
            s = util::trim(s.substr(3, s.size() - 6));
            continue;
        }
        return s;
    }
}

void keep_problem(Item& item, const Error& e) {
    const diag::Text message = i18n::text_of(e), detail = i18n::detail_of(e);
    item.problem = message.en + (detail.empty() ? "" : " (" + detail.en + ")");
    item.problem_ja = message.in(diag::Lang::ja) + (detail.empty() ? "" : "（" + detail.in(diag::Lang::ja) + "）");
    item.problem_code = e.code;
}

Result<Decoded> decode_saml_value(std::string_view value, size_t max_message) {
    Decoded d;
    std::string_view v = unquote(value);
    if (v.empty()) return i18n::failure("malformed_input", N_("the value is empty"));
    if (v.size() > max_message * 4) return i18n::failure("input_too_large", N_("the value is {} bytes; the limit is {}"), {std::to_string(v.size()), std::to_string(max_message * 4)});
    std::string s = join_lines(v);
    if (s.find('\\') != std::string::npos) {
        s = json_unescape_simple(s);
        d.repairs.push_back(i18n::text(N_("JavaScript string escapes removed")));
    }
    int url_rounds = 0;
    while (!starts_like_xml(s) && has_percent_escape(s) && url_rounds < 3) {
        auto decoded = util::url_decode(s, false);
        if (!decoded) return i18n::failure("malformed_input", i18n::text(N_("the value is URL-encoded but a percent escape is broken ({})"), {i18n::text_of(decoded.error())}));
        s = std::move(*decoded);
        ++url_rounds;
        // A line break inside the encoded text leaves CR/LF after decoding (%0D%0A): drop them as wraps.
        if (s.find_first_of("\r\n") != std::string::npos && !starts_like_xml(s)) s = join_lines(s);
    }
    if (url_rounds >= 2) d.repairs.push_back(i18n::text(N_("URL-decoded {} times (the value was encoded more than once)"), {{std::to_string(url_rounds)}}));
    if (starts_like_xml(s)) {
        d.xml = std::string(strip_utf8_bom(util::trim(s)));
        return d;
    }
    if (s.size() >= 64 && (s.find(' ') != std::string::npos || s.find('\t') != std::string::npos)) {
        std::string fixed;
        fixed.reserve(s.size());
        for (char c : s) {
            if (c == ' ') fixed.push_back('+');
            else if (c != '\t') fixed.push_back(c);
        }
        s = std::move(fixed);
        d.repairs.push_back(i18n::text(N_("'+' restored from spaces (the value went through a URL decoder)")));
    }
    size_t digits = 0, pad = 0;
    count_base64(s, digits, pad);
    const bool mid_quad = pad == 0 && digits % 4 != 0;
    // A cut paste still starts like a message: XML ('<') or DEFLATE that inflates until the cut.
    auto starts_like_message = [&] {
        std::string head = s.substr(0, std::min<size_t>(s.size(), 64) / 4 * 4);
        auto h = util::base64_decode(head, 64);
        return h && (starts_like_xml(*h) || (h->size() > 1 && (static_cast<unsigned char>((*h)[0]) & 0x06) != 0x06));
    };
    auto bytes = util::base64_decode(s, max_message);
    if (!bytes) {
        if (bytes.error().code == "input_too_large") return tl::make_unexpected(bytes.error());
        const bool bad_char = bytes.error().message.find("unexpected character") != std::string::npos;
        if (!bad_char && digits % 4 == 1 && starts_like_message()) {
            return i18n::failure("truncated_paste", N_("the base64 ends in the middle of a 4-character group ({} characters): the paste was cut"), {std::to_string(digits)});
        }
        return i18n::failure("malformed_input", i18n::text(N_("the value is neither XML nor base64: {}"), {i18n::text_of(bytes.error())}));
    }
    std::string text;
    if (utf16_to_utf8(*bytes, text)) {
        d.repairs.push_back(i18n::text(N_("converted from UTF-16")));
    } else {
        text = std::move(*bytes);
    }
    if (starts_like_xml(text)) {
        d.xml = std::string(strip_utf8_bom(util::trim(text)));
    } else {
        auto inflated = util::inflate_raw(text, max_message);
        if (!inflated) {
            if (inflated.error().code == "input_too_large") return tl::make_unexpected(inflated.error());
            if (mid_quad && inflated.error().message.find("truncated") != std::string::npos) {
                return i18n::failure("truncated_paste", N_("the base64 ends in the middle of a 4-character group and the DEFLATE data in it stops early: the paste was cut"));
            }
            return i18n::failure("malformed_input", i18n::text(N_("the base64 decodes to binary data that is neither XML nor DEFLATE-compressed XML")),
                                 i18n::text_of(inflated.error()));
        }
        std::string t;
        if (utf16_to_utf8(*inflated, t)) d.repairs.push_back(i18n::text(N_("converted from UTF-16")));
        else t = std::move(*inflated);
        if (!starts_like_xml(t)) return i18n::failure("malformed_input", N_("the DEFLATE data does not contain XML"));
        d.xml = std::string(strip_utf8_bom(util::trim(t)));
        d.deflated = true;
    }
    if (mid_quad) {
        auto doc = xml::parse(d.xml);
        if (!doc && doc.error().code == "malformed_input" && doc.error().message.find("DOCTYPE") == std::string::npos) {
            return i18n::failure("truncated_paste",
                                 i18n::text(N_("the base64 ends in the middle of a 4-character group and the XML in it stops early: the paste was cut")),
                                 i18n::detail_of(doc.error()));
        }
    }
    return d;
}

void describe(Item& item) {
    if (item.xml.empty()) return;
    auto doc = xml::parse(item.xml);
    if (!doc) {
        keep_problem(item, doc.error());
        return;
    }
    xmlNode* root = xmlDocGetRootElement(doc->get());
    item.type = reinterpret_cast<const char*>(root->name);
    item.id = attr(root, "ID");
    if (item.id.empty()) item.id = attr(root, "ResponseID");
    if (item.id.empty()) item.id = attr(root, "AssertionID");
    item.in_response_to = attr(root, "InResponseTo");
    item.destination = attr(root, "Destination");
    for (xmlNode* c = root->children; c; c = c->next) {
        if (named(c, "Issuer") && item.issuer.empty()) item.issuer = text_of(c);
        if (named(c, "Status")) {
            for (xmlNode* s = c->children; s; s = s->next) {
                if (named(s, "StatusCode")) item.status = attr(s, "Value");
            }
        }
    }
    if (item.type == "EntityDescriptor") item.issuer = attr(root, "entityID");
}

bool contains(std::string_view hay, std::string_view needle) {
    return memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

bool mentions_sso(std::string_view raw) {
    for (std::string_view m : {"SAMLRe", "SAMLart", "wresult", "wsignin", "response_type", "id_token", "code=", "error="}) {
        if (contains(raw, m)) return true;
    }
    return false;
}

bool fill_from_params(Item& item, const std::vector<util::QueryParam>& params, bool in_query, const ReadOptions& opts) {
    const size_t max_message = opts.max_message;
    const util::QueryParam* msg = util::find_param(params, "SAMLResponse");
    if (!msg) msg = util::find_param(params, "SAMLRequest");
    if (const auto* p = util::find_param(params, "RelayState")) item.relay_state = p->value;
    if (msg) {
        item.parameter = msg->name;
        item.binding = in_query ? Binding::redirect : Binding::post;
        if (const auto* p = util::find_param(params, "SigAlg")) item.sig_alg = p->value;
        if (const auto* p = util::find_param(params, "Signature")) item.signature = p->value;
        if (in_query && item.sig_alg && item.signature) {
            // SAML bindings §3.4.4.1: the signed octets are the parameters as received, in this order.
            item.signed_query = msg->raw_name + "=" + msg->raw_value;
            if (const auto* p = util::find_param(params, "RelayState")) item.signed_query += "&RelayState=" + p->raw_value;
            item.signed_query += "&SigAlg=" + util::find_param(params, "SigAlg")->raw_value;
        }
        auto d = decode_saml_value(msg->value, max_message);
        if (!d) {
            keep_problem(item, d.error());
            item.type = item.parameter;
            return true;
        }
        item.xml = std::move(d->xml);
        item.deflated = d->deflated;
        for (const auto& r : d->repairs) item.add_repair(r);
        if (opts.describe) describe(item);
        return true;
    }
    if (const auto* p = util::find_param(params, "SAMLart")) {
        item.parameter = "SAMLart";
        item.binding = Binding::artifact;
        item.type = "artifact";
        item.id = p->value.substr(0, 64);
        return true;
    }
    if (const auto* p = util::find_param(params, "wresult")) {
        item.parameter = "wresult";
        item.binding = Binding::wsfed;
        item.xml = std::string(util::trim(p->value));
        describe(item);
        if (item.type.empty()) item.type = "wsfed_response";
        for (const char* k : {"wa", "wctx"}) {
            if (const auto* q = util::find_param(params, k)) item.oidc.emplace_back(k, q->value);
        }
        return true;
    }
    if (const auto* p = util::find_param(params, "wa"); p && util::starts_with(p->value, "wsignin")) {
        item.parameter = "wa";
        item.binding = Binding::wsfed;
        item.type = "wsfed_signin";
        for (const char* k : {"wa", "wtrealm", "wreply", "wctx", "whr"}) {
            if (const auto* q = util::find_param(params, k)) item.oidc.emplace_back(k, q->value);
        }
        return true;
    }
    const auto* response_type = util::find_param(params, "response_type");
    const auto* client_id = util::find_param(params, "client_id");
    const auto* error = util::find_param(params, "error");
    const auto* state = util::find_param(params, "state");
    const auto* id_token = util::find_param(params, "id_token");
    const auto* code = util::find_param(params, "code");
    const auto* error_description = util::find_param(params, "error_description");
    if (response_type && client_id) {
        item.type = "oidc_authorization_request";
        item.parameter = "response_type";
    } else if (error && (state || error_description)) {
        item.type = "oidc_error";
        item.parameter = "error";
    } else if (id_token) {
        item.type = "oidc_authorization_response";
        item.parameter = "id_token";
    } else if (code && state) {
        item.type = "oidc_authorization_response";
        item.parameter = "code";
    } else {
        item.relay_state.reset();
        return false;
    }
    item.binding = Binding::oidc;
    item.relay_state.reset();
    for (const char* k : {"client_id", "response_type", "response_mode", "redirect_uri", "scope", "state", "nonce", "code",
                          "id_token", "access_token", "error", "error_description", "error_uri"}) {
        if (const auto* q = util::find_param(params, k)) item.oidc.emplace_back(k, q->value);
    }
    return true;
}

}  // namespace ssoctl::capture::detail
