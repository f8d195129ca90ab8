// Redaction: a value map for stable placeholders, a libxml2 walk for SAML documents, and an
// nlohmann::json walk for HAR files (cookies, headers, query strings, form bodies, pages).
#include "capture/redact.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <libxml/tree.h>

#include "i18n/i18n.hpp"
#include "capture/html_form.hpp"
#include "capture/message_value.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "xml/document.hpp"

namespace ssoctl::capture {
namespace {

bool email_local(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool email_domain(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

std::string deflate_raw(std::string_view in) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, in.size()) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string local(xmlNode* n) { return n && n->name ? reinterpret_cast<const char*>(n->name) : ""; }

void set_text(xmlNode* n, const std::string& v) {
    xmlChar* enc = xmlEncodeSpecialChars(n->doc, reinterpret_cast<const xmlChar*>(v.c_str()));
    xmlNodeSetContent(n, enc);
    xmlFree(enc);
}

std::string content(xmlNode* n) {
    xmlChar* c = xmlNodeGetContent(n);
    std::string s = c ? reinterpret_cast<char*>(c) : "";
    if (c) xmlFree(c);
    return s;
}

bool has_element_child(xmlNode* n) {
    for (xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) return true;
    }
    return false;
}

const std::vector<std::string_view> kSafeParams = {"SigAlg", "Signature", "wa", "wtrealm", "wreply", "wctx", "whr",
                                                   "client_id", "response_type", "response_mode", "redirect_uri", "scope",
                                                   "nonce", "state", "prompt", "error", "error_description", "error_uri", "acr_values"};
const std::vector<std::string_view> kTokenParams = {"id_token", "access_token", "refresh_token", "token", "SAMLart", "client_secret", "code_verifier"};

bool in(const std::vector<std::string_view>& list, std::string_view s) {
    for (auto x : list) {
        if (x == s) return true;
    }
    return false;
}

}  // namespace

std::string Redactor::placeholder(std::string_view kind, std::string_view value, std::string_view where) {
    if (auto it = m_by_value.find(value); it != m_by_value.end()) return it->second;
    const size_t n = ++m_counter[std::string(kind)];
    std::string p = "redacted-" + std::string(kind) + "-" + std::to_string(n);
    const size_t at = value.find('@');
    if (at != std::string_view::npos && at > 0 && value.find('.', at) != std::string_view::npos && value.find(' ') == std::string_view::npos) {
        p += "@" + std::string(value.substr(at + 1));
    }
    m_by_value.emplace(std::string(value), p);
    m_replaced.push_back(Replacement{std::string(kind), p, std::string(where)});
    return p;
}

std::string Redactor::text(std::string_view s, std::string_view where) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t at = std::string_view::npos, sep_len = 1;
        for (size_t k = i; k < s.size(); ++k) {
            if (s[k] == '@') {
                at = k;
                sep_len = 1;
                break;
            }
            if (s[k] == '%' && k + 2 < s.size() && s[k + 1] == '4' && s[k + 2] == '0') {
                at = k;
                sep_len = 3;
                break;
            }
        }
        if (at == std::string_view::npos) break;
        size_t a = at;
        while (a > i && email_local(s[a - 1])) --a;
        size_t b = at + sep_len;
        while (b < s.size() && email_domain(s[b])) ++b;
        while (b > at + sep_len && s[b - 1] == '.') --b;
        const std::string_view dom = s.substr(at + sep_len, b - at - sep_len);
        const std::string_view loc = s.substr(a, at - a);
        if (a == at || dom.find('.') == std::string_view::npos || util::starts_with(loc, "redacted-")) {
            out.append(s.substr(i, at + sep_len - i));
            i = at + sep_len;
            continue;
        }
        out.append(s.substr(i, a - i));
        std::string email = std::string(loc) + "@" + std::string(dom);
        std::string p = placeholder("email", email, where);
        if (sep_len == 3) p.replace(p.find('@'), 1, "%40");
        out += p;
        i = b;
    }
    out.append(s.substr(i));
    return out;
}

Result<std::string> Redactor::xml(std::string_view bytes) {
    auto doc = xml::parse(bytes);
    if (!doc) return tl::make_unexpected(doc.error());
    xmlNode* root = xmlDocGetRootElement(doc->get());
    std::vector<xmlNode*> stack{root};
    while (!stack.empty()) {
        xmlNode* n = stack.back();
        stack.pop_back();
        if (n->type != XML_ELEMENT_NODE) continue;
        const std::string name = local(n);
        for (xmlAttr* a = n->properties; a; a = a->next) {
            const std::string an = reinterpret_cast<const char*>(a->name);
            xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
            std::string value = v ? reinterpret_cast<char*>(v) : "";
            if (v) xmlFree(v);
            std::string rep;
            if (an == "SessionIndex") rep = placeholder("session_index", value, name + "@" + an);
            else if (an == "Address" && name == "SubjectConfirmationData") rep = placeholder("address", value, name + "@" + an);
            else rep = text(value, name + "@" + an);
            if (rep != value) xmlSetProp(n, a->name, reinterpret_cast<const xmlChar*>(rep.c_str()));
        }
        if ((name == "NameID" || name == "NameIdentifier" || name == "SessionIndex" || name == "AttributeValue") && !has_element_child(n)) {
            const std::string value = content(n);
            if (!util::trim(value).empty()) {
                std::string where = name;
                if (name == "AttributeValue" && n->parent) {
                    xmlChar* an = xmlGetProp(n->parent, reinterpret_cast<const xmlChar*>("Name"));
                    if (an) {
                        where = std::string("Attribute ") + reinterpret_cast<char*>(an);
                        xmlFree(an);
                    }
                }
                const std::string kind = name == "AttributeValue" ? "attribute" : name == "SessionIndex" ? "session_index" : "nameid";
                set_text(n, placeholder(kind, std::string(util::trim(value)), where));
            }
            continue;
        }
        std::vector<xmlNode*> kids;  // pushed in reverse: placeholders are numbered in document order
        for (xmlNode* c = n->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE) {
                kids.push_back(c);
            } else if (c->type == XML_TEXT_NODE && c->content) {
                const std::string value = reinterpret_cast<const char*>(c->content);
                const std::string rep = text(value, name);
                if (rep != value) set_text(c, rep);
            }
        }
        stack.insert(stack.end(), kids.rbegin(), kids.rend());
    }
    xmlNode* mark = xmlNewDocComment(doc->get(), reinterpret_cast<const xmlChar*>((" " + std::string(kRedactedMark) + " ").c_str()));
    xmlAddPrevSibling(root, mark);
    xmlChar* mem = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc->get(), &mem, &size, "UTF-8");
    std::string out(reinterpret_cast<char*>(mem), static_cast<size_t>(size));
    xmlFree(mem);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void Redactor::item(Item& it) {
    if (!it.xml.empty()) {
        if (auto x = xml(it.xml)) it.xml = std::move(*x);
        else it.xml.clear();
    }
    if (it.relay_state && !it.relay_state->empty()) it.relay_state = placeholder("relay_state", *it.relay_state, "RelayState");
    for (auto& [k, v] : it.oidc) {
        if (k == "code") v = placeholder("oidc_code", v, k);
        else if (in(kTokenParams, k)) v = placeholder("token", v, k);
        else v = text(v, k);
    }
    it.url = text(it.url, "URL");
    it.context.observed_acs = text(it.context.observed_acs, "URL");
    it.signed_query.clear();
    it.signature.reset();
}

std::vector<diag::Text> Redactor::summary() const {
    std::map<std::string, std::vector<std::string>> by_kind;
    for (const auto& r : m_replaced) {
        auto& w = by_kind[r.kind];
        if (std::find(w.begin(), w.end(), r.where) == w.end() && w.size() < 6) w.push_back(r.where);
    }
    std::vector<diag::Text> out;
    for (const auto& [kind, wheres] : by_kind) {
        size_t n = 0;
        for (const auto& r : m_replaced) n += r.kind == kind;
        const std::string count = std::to_string(n), where = util::join(wheres, ", ");
        const std::initializer_list<diag::Text> args = {{kind, kind}, {count, count}, {where, where}};
        out.push_back(n == 1 ? i18n::text(N_("{}: {} value ({})"), args) : i18n::text(N_("{}: {} values ({})"), args));
    }
    if (out.empty()) out.push_back(i18n::text(N_("nothing personal was found")));
    return out;
}

namespace {

// One query string or form body, parameter by parameter, keeping the order and the names.
std::string redact_params(Redactor& r, std::string_view query, bool form_body, size_t max_message) {
    std::string out;
    for (std::string_view part : util::split(query, '&')) {
        if (!out.empty()) out.push_back('&');
        const size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            out.append(part);
            continue;
        }
        const std::string name(part.substr(0, eq));
        const std::string_view raw = part.substr(eq + 1);
        auto dec = util::url_decode(raw, true);
        const std::string value = dec ? *dec : std::string(raw);
        std::string rep;
        bool keep = false;
        if (name == "SAMLResponse" || name == "SAMLRequest") {
            auto d = detail::decode_saml_value(value, max_message);
            auto x = d ? r.xml(d->xml) : Result<std::string>(tl::make_unexpected(d.error()));
            if (x) rep = util::base64_encode(d->deflated ? deflate_raw(*x) : *x);
            else rep = r.placeholder("form_value", value, name);
        } else if (name == "wresult") {
            auto x = r.xml(value);
            rep = x ? *x : r.placeholder("form_value", value, name);
        } else if (name == "RelayState") {
            rep = r.placeholder("relay_state", value, name);
        } else if (name == "code") {
            rep = r.placeholder("oidc_code", value, name);
        } else if (in(kTokenParams, name)) {
            rep = r.placeholder("token", value, name);
        } else if (in(kSafeParams, name)) {
            rep = r.text(value, name);
            keep = rep == value;
        } else if (form_body) {
            rep = r.placeholder("form_value", value, name);
        } else {
            rep = r.text(value, name);
            keep = rep == value;
        }
        out += name + "=" + (keep ? std::string(raw) : util::url_encode(rep));
    }
    return out;
}

std::string redact_url(Redactor& r, const std::string& url, size_t max_message) {
    const size_t q = url.find('?');
    if (q == std::string::npos) return r.text(url, "URL");
    const size_t h = url.find('#', q);
    std::string query = url.substr(q + 1, h == std::string::npos ? std::string::npos : h - q - 1);
    std::string out = r.text(url.substr(0, q), "URL") + "?" + redact_params(r, query, false, max_message);
    if (h != std::string::npos) out += "#" + redact_params(r, url.substr(h + 1), false, max_message);
    return out;
}

void redact_strings(Redactor& r, nlohmann::json& j, const std::string& where) {
    if (j.is_string()) {
        const std::string s = j.get<std::string>();
        const std::string t = r.text(s, where);
        if (t != s) j = t;
    } else if (j.is_object()) {
        for (auto& [k, v] : j.items()) redact_strings(r, v, k);
    } else if (j.is_array()) {
        for (auto& v : j) redact_strings(r, v, where);
    }
}

nlohmann::json replaced_json(const std::vector<Replacement>& replaced) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& x : replaced) list.push_back({{"kind", x.kind}, {"placeholder", x.placeholder}, {"where", x.where}});
    return {{"verifiable", false}, {"replaced", list}};
}

std::string lower(const nlohmann::json& j) { return j.is_string() ? util::to_lower(j.get<std::string>()) : std::string(); }

void redact_headers(Redactor& r, nlohmann::json& headers, size_t max_message) {
    if (!headers.is_array()) return;
    for (auto& h : headers) {
        if (!h.is_object() || !h.contains("value") || !h["value"].is_string()) continue;
        const std::string name = lower(h.value("name", nlohmann::json()));
        const std::string v = h["value"].get<std::string>();
        if (name == "cookie") {
            std::string out;
            for (std::string_view c : util::split(v, ';')) {
                c = util::trim(c);
                const size_t eq = c.find('=');
                if (!out.empty()) out += "; ";
                out += eq == std::string_view::npos ? r.placeholder("cookie", c, "Cookie")
                                                    : std::string(c.substr(0, eq)) + "=" + r.placeholder("cookie", c.substr(eq + 1), "Cookie " + std::string(c.substr(0, eq)));
            }
            h["value"] = out;
        } else if (name == "set-cookie") {
            const size_t eq = v.find('=');
            const size_t semi = v.find(';');
            if (eq != std::string::npos && (semi == std::string::npos || eq < semi)) {
                const std::string cname = v.substr(0, eq);
                const std::string cval = v.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
                h["value"] = cname + "=" + r.placeholder("cookie", cval, "Set-Cookie " + cname) + (semi == std::string::npos ? "" : v.substr(semi));
            } else {
                h["value"] = r.placeholder("cookie", v, "Set-Cookie");
            }
        } else if (name == "authorization" || name == "proxy-authorization" || name == "x-csrf-token" || name == "x-xsrf-token") {
            const size_t sp = v.find(' ');
            h["value"] = (sp == std::string::npos ? "" : v.substr(0, sp + 1)) + r.placeholder("authorization", v, name);
        } else if (name == "location" || name == "referer" || name == ":path") {
            h["value"] = redact_url(r, v, max_message);
        }
    }
}

void redact_cookies(Redactor& r, nlohmann::json& cookies) {
    if (!cookies.is_array()) return;
    for (auto& c : cookies) {
        if (c.is_object() && c.contains("value") && c["value"].is_string()) {
            c["value"] = r.placeholder("cookie", c["value"].get<std::string>(), "cookie " + c.value("name", std::string()));
        }
    }
}

void redact_param_list(Redactor& r, nlohmann::json& params, bool form_body, size_t max_message) {
    if (!params.is_array()) return;
    for (auto& p : params) {
        if (!p.is_object() || !p.contains("value") || !p["value"].is_string()) continue;
        const std::string name = p.value("name", std::string());
        const std::string one = name + "=" + util::url_encode(p["value"].get<std::string>());
        const std::string red = redact_params(r, one, form_body, max_message);
        auto v = util::url_decode(red.substr(red.find('=') + 1), true);
        if (v) p["value"] = *v;
    }
}

}  // namespace

Result<std::string> Redactor::har(std::string_view bytes) {
    nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("log") || !j["log"].is_object()) {
        return i18n::failure("malformed_input", N_("--har-out needs a HAR file as INPUT (JSON with log.entries)"));
    }
    return har_json(j);
}

std::string Redactor::har_json(nlohmann::json& j) {
    constexpr size_t kMax = 10u << 20;
    nlohmann::json& log = j["log"];
    if (log.contains("entries") && log["entries"].is_array()) {
        for (auto& e : log["entries"]) {
            if (!e.is_object()) continue;
            if (e.contains("request") && e["request"].is_object()) {
                auto& req = e["request"];
                if (req.contains("url") && req["url"].is_string()) req["url"] = redact_url(*this, req["url"].get<std::string>(), kMax);
                if (req.contains("headers")) redact_headers(*this, req["headers"], kMax);
                if (req.contains("cookies")) redact_cookies(*this, req["cookies"]);
                if (req.contains("queryString")) redact_param_list(*this, req["queryString"], false, kMax);
                if (req.contains("postData") && req["postData"].is_object()) {
                    auto& pd = req["postData"];
                    if (pd.contains("text") && pd["text"].is_string()) {
                        const std::string mime = lower(pd.value("mimeType", nlohmann::json()));
                        const std::string t = pd["text"].get<std::string>();
                        if (mime.find("x-www-form-urlencoded") != std::string::npos || detail::mentions_sso(t)) pd["text"] = redact_params(*this, util::trim(t), true, kMax);
                        else pd["text"] = placeholder("body", t, "request body");
                    }
                    if (pd.contains("params")) redact_param_list(*this, pd["params"], true, kMax);
                }
            }
            if (e.contains("response") && e["response"].is_object()) {
                auto& resp = e["response"];
                if (resp.contains("headers")) redact_headers(*this, resp["headers"], kMax);
                if (resp.contains("cookies")) redact_cookies(*this, resp["cookies"]);
                if (resp.contains("redirectURL") && resp["redirectURL"].is_string()) resp["redirectURL"] = redact_url(*this, resp["redirectURL"].get<std::string>(), kMax);
                if (resp.contains("content") && resp["content"].is_object() && resp["content"].contains("text") && resp["content"]["text"].is_string()) {
                    auto& c = resp["content"];
                    std::string body = c["text"].get<std::string>();
                    if (c.value("encoding", std::string()) == "base64") {
                        auto d = util::base64_decode(body, 64u << 20);
                        body = d ? *d : std::string();
                    }
                    std::string page;
                    if (detail::contains(body, "SAMLRe") || detail::contains(body, "wresult") || detail::contains(body, "id_token")) {
                        for (const auto& f : detail::scan_forms(body)) {
                            page += "<form method=\"" + f.method + "\" action=\"" + detail::html_unescape(text(f.action, "form action")) + "\">";
                            for (const auto& in : f.inputs) {
                                const std::string red = redact_params(*this, in.name + "=" + util::url_encode(in.value), true, kMax);
                                auto v = util::url_decode(red.substr(red.find('=') + 1), true);
                                page += "<input type=\"hidden\" name=\"" + in.name + "\" value=\"" + (v ? *v : std::string()) + "\"/>";
                            }
                            page += "</form>";
                        }
                    }
                    if (!page.empty()) {
                        c["text"] = "<!-- " + std::string(kRedactedMark) + " --><html><body>" + page + "</body></html>";
                    } else {
                        c["text"] = "";
                        const std::string mime = c.value("mimeType", std::string());  // where: the body's type, else its HAR field
                        if (!body.empty()) m_replaced.push_back(Replacement{"body", "(removed)", mime.empty() ? "response.content.text" : mime});
                    }
                    c.erase("encoding");
                    c["comment"] = "body replaced by ssoctl --redact";
                }
            }
        }
    }
    redact_strings(*this, j, "HAR");
    log["comment"] = std::string(kRedactedMark);
    log["_ssoctl_redaction"] = replaced_json(m_replaced);
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// SAML-tracer keeps parameters as [name, value] pairs (SAMLTraceIO.js `get`/`post`).
void redact_pairs(Redactor& r, nlohmann::json& pairs, bool form_body, size_t max_message) {
    if (!pairs.is_array()) return;
    for (auto& p : pairs) {
        if (!p.is_array() || p.size() < 2 || !p[0].is_string() || !p[1].is_string()) continue;
        const std::string one = p[0].get<std::string>() + "=" + util::url_encode(p[1].get<std::string>());
        const std::string red = redact_params(r, one, form_body, max_message);
        auto v = util::url_decode(red.substr(red.find('=') + 1), true);
        if (v) p[1] = *v;
    }
}

}  // namespace

Result<std::string> Redactor::saml_tracer(std::string_view bytes) {
    nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("requests") || !j["requests"].is_array()) {
        return i18n::failure("malformed_input", N_("not a SAML-tracer export (JSON with a 'requests' array)"));
    }
    return saml_tracer_json(j);
}

std::string Redactor::saml_tracer_json(nlohmann::json& j) {
    constexpr size_t kMax = 10u << 20;
    for (auto& req : j["requests"]) {
        if (!req.is_object()) continue;
        if (req.contains("url") && req["url"].is_string()) req["url"] = redact_url(*this, req["url"].get<std::string>(), kMax);
        if (req.contains("requestHeaders")) redact_headers(*this, req["requestHeaders"], kMax);
        if (req.contains("responseHeaders")) redact_headers(*this, req["responseHeaders"], kMax);
        if (req.contains("get")) redact_pairs(*this, req["get"], false, kMax);
        if (req.contains("post")) redact_pairs(*this, req["post"], true, kMax);
        if (req.contains("saml") && req["saml"].is_string() && !req["saml"].get<std::string>().empty()) {
            auto x = xml(req["saml"].get<std::string>());
            req["saml"] = x ? *x : placeholder("form_value", req["saml"].get<std::string>(), "saml");
        }
    }
    redact_strings(*this, j, "SAML-tracer");
    j["comment"] = std::string(kRedactedMark);
    j["_ssoctl_redaction"] = replaced_json(m_replaced);
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<Redactor::Export> Redactor::capture_file(std::string_view bytes) {
    const std::string_view t = util::trim(bytes);
    if (t.empty() || t.front() != '{') {
        return i18n::failure(std::string(kNotACaptureFile), i18n::text(N_("INPUT is not a HAR file or a SAML-tracer export, so there is no capture to write back")),
                             i18n::text(N_("for a pasted message, XML or IdP page run 'ssoctl decode --redact INPUT' (add --xml for the redacted XML)")));
    }
    nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);  // parsed once
    if (!j.is_discarded() && j.is_object() && j.contains("log") && j["log"].is_object()) return Export{Kind::har, har_json(j)};
    if (!j.is_discarded() && j.is_object() && j.contains("requests") && j["requests"].is_array()) return Export{Kind::saml_tracer, saml_tracer_json(j)};
    return i18n::failure("malformed_input", i18n::text(N_("INPUT is JSON but neither a HAR file (log.entries) nor a SAML-tracer export (requests)")),
                         i18n::text(N_("export the capture again from the browser's DevTools (Save all as HAR) or from SAML-tracer (Export)")));
}

}  // namespace ssoctl::capture
