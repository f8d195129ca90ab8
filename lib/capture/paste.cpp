// Finding the SAML value in whatever text was pasted: the parameter name anchors it when present,
// otherwise the whole paste is the value. Failures say what was recognised and what to paste instead.
#include "capture/paste.hpp"

#include "i18n/i18n.hpp"
#include "capture/message_value.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::capture::detail {
namespace {

constexpr const char* kPasteInstead =
    N_("paste instead: the SAMLResponse value (DevTools > Network > the POST to the ACS URL > Payload), the whole "
       "Redirect URL, or a HAR file (Network > Export HAR)");

bool form_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '%' || c == '&' ||
           c == '=' || c == '+' || c == '/' || c == '.' || c == '_' || c == '~' || c == '-' || c == ';';
}

bool word_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

bool is_quote(char c) { return c == '"' || c == '\''; }

std::string describe_start(std::string_view text) {
    std::string head(text.substr(0, 24));
    for (char& c : head) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return "'" + util::visible(head) + (text.size() > 24 ? "…'" : "'");
}

// A line after a break continues a wrapped form body when it is one unbroken run of form characters
// and does not start a new `Key=`/`Key:` line (unless the previous line ended with '&').
bool continues(std::string_view text, size_t line_start, char prev) {
    size_t end = text.find_first_of("\r\n", line_start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = util::trim(text.substr(line_start, end - line_start));
    if (line.empty()) return false;
    for (char c : line) {
        if (!form_char(c)) return false;
    }
    if (prev == '&') return true;
    size_t k = 0;
    while (k < line.size() && word_char(line[k])) ++k;
    return !(k > 0 && k < line.size() && line[k] == '=' && k + 1 < line.size() && line[k + 1] != '=');
}

struct Found {
    size_t key = 0;       // offset of the parameter name
    size_t value = 0;     // offset after the separator and spaces
    char sep = 0;         // '=' or ':'
    bool key_quoted = false;
};

std::optional<Found> find_key(std::string_view text, std::string_view key, size_t from) {
    for (size_t k = text.find(key, from); k != std::string_view::npos; k = text.find(key, k + 1)) {
        if (k > 0 && word_char(text[k - 1])) continue;
        size_t j = k + key.size();
        Found f;
        f.key = k;
        if (j < text.size() && is_quote(text[j])) {
            f.key_quoted = true;
            ++j;
        }
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (j >= text.size() || (text[j] != '=' && text[j] != ':')) continue;
        f.sep = text[j++];
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        f.value = j;
        return f;
    }
    return std::nullopt;
}

// A quoted value starting at text[at] (the quote); JSON-style backslash escapes are honoured.
std::string_view quoted_at(std::string_view text, size_t at) {
    const char q = text[at];
    size_t i = at + 1;
    while (i < text.size() && text[i] != q) i += (text[i] == '\\' && q == '"') ? 2 : 1;
    return text.substr(at + 1, std::min(i, text.size()) - at - 1);
}

// The value of another parameter (RelayState, SigAlg, Signature) written the same way as the message.
std::optional<std::string> side_value(std::string_view text, std::string_view key) {
    auto f = find_key(text, key, 0);
    if (!f) return std::nullopt;
    if (f->value < text.size() && is_quote(text[f->value])) return std::string(quoted_at(text, f->value));
    size_t end = f->value;
    if (f->sep == ':') {
        end = text.find_first_of("\r\n", f->value);
        if (end == std::string_view::npos) end = text.size();
        return std::string(util::trim(text.substr(f->value, end - f->value)));
    }
    while (end < text.size() && form_char(text[end]) && text[end] != '&') ++end;
    auto v = util::url_decode(text.substr(f->value, end - f->value), true);
    return v ? *v : std::string(text.substr(f->value, end - f->value));
}

std::string first_url(std::string_view text) {
    for (std::string_view scheme : {"https://", "http://"}) {
        const size_t at = text.find(scheme);
        if (at == std::string_view::npos) continue;
        size_t end = at;
        while (end < text.size() && text[end] != ' ' && !is_quote(text[end]) && text[end] != '\n' && text[end] != '\r') ++end;
        return std::string(text.substr(at, end - at));
    }
    return {};
}

Result<Item> finish(Item item, const diag::Text& what) {
    if (!item.problem.empty()) {
        return i18n::failure(item.problem_code.empty() ? "malformed_input" : item.problem_code,
                             i18n::text(N_("recognised {}, but its value could not be read: {}"), {what, item.problem_text()}), i18n::text(kPasteInstead));
    }
    return item;
}

// key=value…: a form body, a URL's query, curl --data, a log line.
Result<Item> from_form_span(std::string_view text, const Found& f, const ReadOptions& opts) {
    size_t start = f.key;
    while (start > 0 && form_char(text[start - 1])) --start;
    size_t end = f.value;
    const char before = start > 0 ? text[start - 1] : 0;
    Item item;
    if (is_quote(before)) {
        // curl --data-raw '…' or "…": the quotes delimit the body, whatever wraps inside.
        const size_t close = text.find(before, f.value);
        end = close == std::string_view::npos ? text.size() : close;
    } else {
        for (;;) {
            while (end < text.size() && form_char(text[end])) ++end;
            if (end < text.size() && (text[end] == '\r' || text[end] == '\n')) {
                size_t next = end;
                while (next < text.size() && (text[next] == '\r' || text[next] == '\n' || text[next] == ' ' || text[next] == '\t')) ++next;
                if (next < text.size() && continues(text, next, text[end - 1])) {
                    end = next;
                    continue;
                }
            }
            break;
        }
    }
    // Line breaks (and the indentation after them) are wraps, not data.
    std::string body;
    {
        std::string_view sv(text.substr(start, end - start));
        size_t s = 0;
        while (s <= sv.size()) {
            size_t e = sv.find_first_of("\r\n", s);
            if (e == std::string_view::npos) e = sv.size();
            std::string_view line = sv.substr(s, e - s);
            if (s > 0) line = util::trim(line);
            body.append(line);
            s = e + 1;
        }
    }
    const bool in_query = before == '?';
    auto params = util::parse_query(body);
    if (!params) {
        return i18n::failure("malformed_input",
                             i18n::text(N_("recognised a form body with {}, but it is not valid URL encoding: {}"),
                                        {{std::string(text.substr(f.key, 12))}, i18n::text_of(params.error())}),
                             i18n::text(kPasteInstead));
    }
    if (in_query) {
        size_t u = start - 1;
        while (u > 0 && text[u - 1] != ' ' && !is_quote(text[u - 1]) && text[u - 1] != '\n') --u;
        item.url = std::string(text.substr(u, start - 1 - u));
        item.method = "GET";
        item.form = "url";
    } else if (util::starts_with(text, "curl ")) {
        item.form = "curl";
        item.method = "POST";
        item.url = first_url(text);
    } else {
        item.form = (start == 0 && end >= text.size()) ? "form" : "log";
    }
    if (!fill_from_params(item, *params, in_query, opts)) {
        return i18n::failure("malformed_input", i18n::text(N_("recognised a form body, but it carries no SAMLResponse or SAMLRequest")), i18n::text(kPasteInstead));
    }
    diag::Text what = in_query ? i18n::text(N_("a {} parameter in a URL"), {{item.parameter}})
                      : item.form == "curl" ? i18n::text(N_("a {} parameter in a curl command"), {{item.parameter}})
                                            : i18n::text(N_("a {} parameter in a form body"), {{item.parameter}});
    return finish(std::move(item), what);
}

Result<Item> from_key(std::string_view text, std::string_view key, const Found& f, const ReadOptions& opts) {
    if (f.sep == '=' && !(f.value < text.size() && is_quote(text[f.value]))) return from_form_span(text, f, opts);
    std::string value;
    std::string form;
    if (f.value < text.size() && is_quote(text[f.value])) {
        value = std::string(quoted_at(text, f.value));
        form = f.key_quoted ? "json" : "quoted";
    } else {
        size_t end = text.find_first_of("\r\n", f.value);
        if (end == std::string_view::npos) end = text.size();
        value = std::string(util::trim(text.substr(f.value, end - f.value)));
        form = "devtools";
    }
    std::vector<util::QueryParam> params;
    params.push_back(util::QueryParam{std::string(key), value, std::string(key), value});
    for (std::string_view side : {"RelayState", "SigAlg", "Signature"}) {
        if (auto v = side_value(text, side)) params.push_back(util::QueryParam{std::string(side), *v, std::string(side), *v});
    }
    Item item;
    item.form = form;
    fill_from_params(item, params, false, opts);
    return finish(std::move(item), i18n::text(N_("a {} value ({})"), {{std::string(key)}, {form}}));
}

bool binary(std::string_view text) {
    size_t odd = 0;
    const std::string_view head = text.substr(0, 512);
    for (char c : head) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7F) ++odd;
    }
    return odd > 0 || util::visible(head).size() > head.size() + head.size() / 8;
}

Result<Item> bare(std::string_view text, const ReadOptions& opts) {
    if (binary(text)) {
        return i18n::failure("malformed_input",
                             i18n::text(N_("not recognised: the input is binary data ({} bytes), not a pasted message or a capture"), {{std::to_string(text.size())}}),
                             i18n::text(kPasteInstead));
    }
    std::string_view v = unquote(text);
    std::vector<util::QueryParam> params;
    std::string value(v);
    const size_t amp = v.find('&');
    Item item;
    item.form = "base64";
    if (amp != std::string_view::npos) {
        // `PHNh…&RelayState=…`: the value followed by the rest of a form body.
        value = std::string(v.substr(0, amp));
        auto rest = util::parse_query(v.substr(amp + 1));
        if (rest) params = std::move(*rest);
        item.add_repair(i18n::text(N_("value followed by '&{}…' read as a form body"), {{std::string(util::trim(v.substr(amp + 1, 10)))}}));
    }
    if (value.find('%') != std::string::npos) item.form = "urlencoded";
    params.insert(params.begin(), util::QueryParam{"SAMLResponse", value, "SAMLResponse", value});
    fill_from_params(item, params, false, opts);
    if (!item.problem.empty()) {
        if (item.problem_code == "input_too_large") return i18n::failure(item.problem_code, item.problem_text());
        if (item.problem_code == "truncated_paste") return i18n::failure(item.problem_code, item.problem_text(), i18n::text(kPasteInstead));
        return i18n::failure("malformed_input",
                             i18n::text(N_("not recognised: the input (starting {}) has no SAMLResponse/SAMLRequest parameter and is not XML, "
                                           "an HTML form, JSON, a HAR file, a URL nor base64 of a SAML message ({})"),
                                        {{describe_start(text)}, item.problem_text()}),
                             i18n::text(kPasteInstead));
    }
    if (item.type == "AuthnRequest" || item.type == "LogoutRequest" || item.type == "AttributeQuery" || item.type == "ArtifactResolve") {
        item.parameter = "SAMLRequest";
    } else if (item.type != "Response" && item.type != "LogoutResponse") {
        item.parameter.clear();
    }
    return item;
}

}  // namespace

Result<Item> read_text_paste(std::string_view text, const ReadOptions& opts) {
    if (util::starts_with(text, "https://") || util::starts_with(text, "http://")) {
        const size_t q = text.find('?');
        std::string_view query = q == std::string_view::npos ? std::string_view() : text.substr(q + 1);
        query = query.substr(0, query.find('#'));
        std::string joined;
        for (char c : query) {
            if (c != '\r' && c != '\n' && c != ' ') joined.push_back(c);
        }
        auto params = util::parse_query(joined);
        Item item;
        item.form = "url";
        item.method = "GET";
        item.url = std::string(util::trim(text.substr(0, text.find_first_of(" \r\n"))));
        if (!params || !fill_from_params(item, *params, true, opts)) {
            return i18n::failure(
                "malformed_input",
                i18n::text(N_("recognised a URL, but its query string has no SAMLRequest, SAMLResponse, WS-Federation or OpenID Connect parameters")),
                i18n::text(kPasteInstead));
        }
        diag::Text what = i18n::text(N_("a {} parameter in a URL"), {{item.parameter}});
        return finish(std::move(item), what);
    }
    std::optional<Found> best;
    std::string_view key;
    for (std::string_view k : {"SAMLResponse", "SAMLRequest"}) {
        auto f = find_key(text, k, 0);
        if (f && (!best || f->key < best->key)) {
            best = f;
            key = k;
        }
    }
    if (best) return from_key(text, key, *best, opts);
    for (std::string_view k : {"SAMLart", "wresult"}) {
        if (auto f = find_key(text, k, 0); f && f->sep == '=') return from_form_span(text, *f, opts);
    }
    return bare(text, opts);
}

Result<Item> read_forced(std::string_view text, Form form, const ReadOptions& opts) {
    Item item;
    item.form = std::string(form_name(form));
    switch (form) {
        case Form::xml:
            item.xml = std::string(text);
            describe(item);
            return item;
        case Form::url:
        case Form::form: {
            std::string_view query = text;
            if (form == Form::url) {
                const size_t q = text.find('?');
                if (q == std::string_view::npos) return i18n::failure("malformed_input", N_("the URL has no query string with SAMLRequest or SAMLResponse"));
                query = text.substr(q + 1);
                query = query.substr(0, query.find('#'));
                item.url = std::string(text.substr(0, q));
                item.method = "GET";
            } else if (!query.empty() && query.front() == '?') {
                query.remove_prefix(1);
            }
            auto params = util::parse_query(query);
            if (!params) return tl::make_unexpected(params.error());
            if (!util::find_param(*params, "SAMLResponse") && !util::find_param(*params, "SAMLRequest")) {
                return i18n::failure("malformed_input", N_("no SAMLResponse or SAMLRequest parameter found"));
            }
            fill_from_params(item, *params, form == Form::url, opts);
            if (!item.problem.empty()) return i18n::failure(item.problem_code, item.problem_text());
            return item;
        }
        case Form::urlencoded:
        case Form::base64:
        case Form::deflate:
        case Form::auto_detect: {
            std::string value(text);
            if (form == Form::urlencoded) {
                auto d = util::url_decode(text, false);
                if (!d) return i18n::failure("malformed_input", i18n::text(N_("not URL-encoded: {}"), {i18n::text_of(d.error())}));
                value = std::move(*d);
            }
            std::vector<util::QueryParam> params{util::QueryParam{"SAMLResponse", value, "SAMLResponse", value}};
            fill_from_params(item, params, false, opts);
            if (!item.problem.empty()) return i18n::failure(item.problem_code, item.problem_text());
            if (form == Form::deflate && !item.deflated) return i18n::failure("malformed_input", N_("the value is not DEFLATE-compressed (it decodes to XML directly); drop --input-format deflate"));
            item.parameter.clear();
            return item;
        }
    }
    return i18n::failure("malformed_input", N_("unknown input form"));
}

}  // namespace ssoctl::capture::detail
