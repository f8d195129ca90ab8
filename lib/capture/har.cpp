// HAR and SAML-tracer: walk the entries, look only where SSO travels (query, form body, auto-submit
// page), decode what is there. An entry without such content costs one parse of its skeleton.
#include "capture/har.hpp"

#include "i18n/i18n.hpp"
#include "capture/html_form.hpp"
#include "capture/json_view.hpp"
#include "capture/message_value.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::capture::detail {
namespace {

std::string resolve_action(std::string_view action, std::string_view base) {
    if (action.empty()) return std::string(base.substr(0, base.find('?')));
    if (util::starts_with(action, "http://") || util::starts_with(action, "https://")) return std::string(action);
    const size_t scheme = base.find("://");
    if (scheme == std::string_view::npos) return std::string(action);
    const size_t path = base.find('/', scheme + 3);
    const std::string_view origin = base.substr(0, path);
    if (util::starts_with(action, "//")) return std::string(base.substr(0, scheme + 1)) + std::string(action);
    if (action.front() == '/') return std::string(origin) + std::string(action);
    std::string_view dir = base.substr(0, base.find('?'));
    dir = dir.substr(0, dir.rfind('/') + 1);
    if (dir.size() <= scheme + 3) return std::string(origin) + "/" + std::string(action);
    return std::string(dir) + std::string(action);
}

bool push(std::vector<Item>& items, Item&& item, const ReadOptions& opts) {
    if (items.size() >= opts.max_items) return false;
    item.index = items.size() + 1;
    items.push_back(std::move(item));
    return true;
}

void from_query(std::string_view url, Item base, const ReadOptions& opts, std::vector<Item>& items) {
    const size_t q = url.find('?');
    if (q == std::string_view::npos) return;
    std::string_view query = url.substr(q + 1);
    query = query.substr(0, query.find('#'));
    if (!mentions_sso(query)) return;
    auto params = util::parse_query(query);
    if (!params) return;
    base.form = "url";
    if (fill_from_params(base, *params, true, opts)) push(items, std::move(base), opts);
}

std::vector<util::QueryParam> params_from_pairs(const json::Value& arr, bool name_value_objects) {
    std::vector<util::QueryParam> out;
    for (const auto& p : arr.items) {
        std::string name, value;
        if (name_value_objects) {
            const auto* n = p.get("name");
            const auto* v = p.get("value");
            if (!n) continue;
            name = n->str();
            value = v ? v->str() : std::string();
        } else {
            if (p.type != json::Type::array || p.items.size() < 2) continue;
            name = p.items[0].str();
            value = p.items[1].str();
        }
        out.push_back(util::QueryParam{name, value, util::url_encode(name), util::url_encode(value)});
    }
    return out;
}

void har_entry(const json::Value& e, const ReadOptions& opts, std::vector<Item>& items) {
    const json::Value* req = e.get("request");
    if (!req) return;
    Item base;
    if (const auto* t = e.get("startedDateTime")) base.time = t->str();
    if (const auto* m = req->get("method")) base.method = m->str();
    const json::Value* url = req->get("url");
    if (url) base.url = url->str();
    if (url && mentions_sso(url->raw)) from_query(base.url, base, opts, items);

    if (const json::Value* post = req->get("postData")) {
        const json::Value* text = post->get("text");
        const json::Value* params = post->get("params");
        if (text && text->is_string() && !text->raw.empty() && text->raw.size() <= opts.max_message * 4 && mentions_sso(text->raw)) {
            std::string body = text->str();
            if (const auto* enc = post->get("encoding"); enc && enc->str() == "base64") {
                if (auto d = util::base64_decode(body, opts.max_message * 4)) body = std::move(*d);
            }
            auto parsed = util::parse_query(util::trim(body));
            Item item = base;
            item.form = "form";
            if (parsed && fill_from_params(item, *parsed, false, opts)) push(items, std::move(item), opts);
        } else if (params && params->type == json::Type::array && (!text || text->raw.empty())) {
            auto list = params_from_pairs(*params, true);
            bool any = false;
            for (const auto& p : list) any = any || mentions_sso(p.name + "=");
            Item item = base;
            item.form = "form";
            if (any && fill_from_params(item, list, false, opts)) push(items, std::move(item), opts);
        }
    }

    const json::Value* resp = e.get("response");
    const json::Value* content = resp ? resp->get("content") : nullptr;
    const json::Value* body = content ? content->get("text") : nullptr;
    if (!body || !body->is_string() || body->raw.empty()) return;
    const json::Value* mime = content->get("mimeType");
    const bool html = mime && (contains(mime->raw, "html") || mime->raw.empty());
    if (!html || body->raw.size() > opts.max_paste * 4) return;
    const json::Value* enc = content->get("encoding");
    std::string page;
    if (enc && enc->str() == "base64") {
        auto d = util::base64_decode(body->raw, opts.max_paste);
        if (!d) return;
        page = std::move(*d);
    } else {
        if (!contains(body->raw, "SAMLRe") && !contains(body->raw, "wresult") && !contains(body->raw, "id_token")) return;
        page = body->str();
    }
    items_from_html(page, base.url, base.time, opts, items);
}

void tracer_request(const json::Value& r, const ReadOptions& opts, std::vector<Item>& items) {
    Item base;
    if (const auto* m = r.get("method")) base.method = m->str();
    if (const auto* u = r.get("url")) base.url = u->str();
    if (const auto* t = r.get("timestamp")) base.time = t->str();
    const size_t before = items.size();
    from_query(base.url, base, opts, items);
    if (const auto* post = r.get("post"); post && post->type == json::Type::array) {
        Item item = base;
        item.form = "form";
        if (fill_from_params(item, params_from_pairs(*post, false), false, opts)) push(items, std::move(item), opts);
    }
    if (items.size() == before) {
        const auto* saml = r.get("saml");
        if (saml && saml->is_string() && !saml->raw.empty()) {
            Item item = base;
            item.form = "saml-tracer";
            item.xml = saml->str();
            item.binding = base.method == "POST" ? Binding::post : Binding::redirect;
            describe(item);
            push(items, std::move(item), opts);
        }
    }
}

void search_json(const json::Value& v, std::vector<util::QueryParam>& found, int depth) {
    if (depth > 32) return;
    for (const auto& [k, m] : v.members) {
        if (m.is_string()) {
            for (std::string_view name : {"SAMLResponse", "SAMLRequest", "wresult", "RelayState", "SigAlg", "Signature"}) {
                if (k == name && !util::find_param(found, name)) found.push_back(util::QueryParam{std::string(name), m.str(), std::string(name), util::url_encode(m.str())});
            }
        } else {
            search_json(m, found, depth + 1);
        }
    }
    for (const auto& i : v.items) search_json(i, found, depth + 1);
}

}  // namespace

void items_from_html(std::string_view html, std::string_view base_url, const std::string& time, const ReadOptions& opts,
                     std::vector<Item>& items) {
    for (const HtmlForm& f : scan_forms(html)) {
        Item item;
        item.time = time;
        item.method = f.method;
        item.url = resolve_action(f.action, base_url);
        item.form = "html";
        if (fill_from_params(item, f.inputs, false, opts)) push(items, std::move(item), opts);
    }
}

Result<JsonKind> read_json_capture(std::string_view bytes, const ReadOptions& opts, std::vector<Item>& items, size_t& entries) {
    json::Parser p(bytes);
    if (!p.begin_object()) return JsonKind::other;
    JsonKind kind = JsonKind::other;
    std::string_view key;
    while (p.next_member(key)) {
        if (key == "log") {
            if (!p.begin_object()) break;
            std::string_view k2;
            while (p.next_member(k2)) {
                if (k2 != "entries") {
                    if (!p.skip()) break;
                    continue;
                }
                kind = JsonKind::har;
                if (!p.begin_array()) break;
                while (p.next_item()) {
                    json::Value entry;
                    if (!p.value(entry)) break;
                    ++entries;
                    har_entry(entry, opts, items);
                }
            }
        } else if (key == "requests") {
            if (!p.begin_array()) break;
            kind = JsonKind::saml_tracer;
            while (p.next_item()) {
                json::Value r;
                if (!p.value(r)) break;
                ++entries;
                tracer_request(r, opts, items);
            }
        } else if (!p.skip()) {
            break;
        }
    }
    if (!p.ok()) {
        if (kind == JsonKind::other) return JsonKind::other;
        const diag::Text at{std::to_string(p.offset()), {}};
        return i18n::failure("malformed_input",
                             kind == JsonKind::har ? i18n::text(N_("the HAR file is not valid JSON near byte {} (cut off or edited?)"), {at})
                                                   : i18n::text(N_("the SAML-tracer export is not valid JSON near byte {} (cut off or edited?)"), {at}),
                             i18n::text(N_("export it again from the browser (Network tab -> Export HAR)")));
    }
    return kind;
}

bool read_json_paste(std::string_view bytes, const ReadOptions& opts, Item& item) {
    json::Parser p(bytes, 64);
    json::Value root;
    if (!p.value(root)) return false;
    std::vector<util::QueryParam> found;
    search_json(root, found, 0);
    if (found.empty()) return false;
    item.form = "json";
    return fill_from_params(item, found, false, opts);
}

}  // namespace ssoctl::capture::detail
