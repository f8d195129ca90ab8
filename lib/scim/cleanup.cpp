// Teardown of everything scim-probe created: groups before users; creates whose answer never
// arrived are looked up by every handle they planted, and when no lookup can be trusted the
// collection is paged for the run's prefix. Whatever cannot be removed is listed, with why.
#include "scim/cleanup.hpp"

#include <algorithm>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace ssoctl::scim {
namespace {

using json = nlohmann::json;

Request make(const std::string& method, const std::string& url, const Headers& auth) {
    Request r;
    r.method = method;
    r.url = url;
    r.headers = auth;
    r.headers.emplace_back("Accept", "application/scim+json");
    return r;
}

std::string work_email(const json& res) {
    if (!res.contains("emails") || !res["emails"].is_array()) return "";
    for (const auto& e : res["emails"]) {
        if (e.is_object() && e.contains("value") && e["value"].is_string()) return e["value"].get<std::string>();
    }
    return "";
}

std::string str(const json& res, const char* key) {
    return res.is_object() && res.contains(key) && res[key].is_string() ? res[key].get<std::string>() : "";
}

/** What one handle lookup found: ids of resources whose attribute equals the value, and whether the answer can be trusted. */
struct Lookup {
    std::vector<std::string> ids;
    bool trusted = false;  // a 200 ListResponse whose every resource matched: an empty answer means "not there"
};

Lookup find(Client& http, const std::string& base, const Headers& auth, const std::string& kind, const std::string& filter_attr,
            const std::string& value) {
    Lookup out;
    const Request req = make("GET", base + "/" + kind + "?filter=" + util::url_encode(filter_attr + " eq " + json(value).dump()), auth);
    auto r = http.send(req);
    if (!r) r = http.send(req);  // one retry on a fresh connection
    if (!r || r->status != 200) return out;
    auto j = json::parse(r->body, nullptr, false);
    if (!j.is_object() || !j.contains("Resources") || !j["Resources"].is_array()) {
        out.trusted = j.is_object() && j.value("totalResults", -1L) == 0;
        return out;
    }
    out.trusted = true;
    for (const auto& res : j["Resources"]) {
        const std::string have = filter_attr == "emails[type eq \"work\"].value" ? work_email(res) : str(res, filter_attr.c_str());
        const bool hit = util::to_lower(have) == util::to_lower(value);
        if (hit && res.contains("id") && res["id"].is_string()) out.ids.push_back(res["id"].get<std::string>());
        if (!hit) out.trusted = false;  // the filter was ignored or is too loose
    }
    return out;
}

/** Pages through kind (100 at a time, at most 100 pages) and returns the ids carrying prefix; nullopt when the list cannot be read. */
std::optional<std::vector<std::pair<std::string, std::string>>> scan(Client& http, const std::string& base, const Headers& auth,
                                                                     const std::string& kind, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> found;
    long start = 1;
    for (int page = 0; page < 100; ++page) {
        auto r = http.send(make("GET", base + "/" + kind + "?startIndex=" + std::to_string(start) + "&count=100", auth));
        if (!r || r->status != 200) return std::nullopt;
        auto j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("Resources") || !j["Resources"].is_array()) return found;
        const auto& list = j["Resources"];
        for (const auto& res : list) {
            if (carries_prefix(res, prefix) && res.contains("id") && res["id"].is_string()) {
                const std::string label = kind == "Users" ? str(res, "userName") : str(res, "displayName");
                found.emplace_back(res["id"].get<std::string>(), label.empty() ? str(res, "externalId") : label);
            }
        }
        start += static_cast<long>(list.size());
        if (list.empty() || start > j.value("totalResults", 0L)) break;
    }
    return found;
}

}  // namespace

bool carries_prefix(const json& res, std::string_view prefix) {
    if (!res.is_object()) return false;
    const std::string p = util::to_lower(prefix);
    auto has = [&](const std::string& v) { return !v.empty() && util::starts_with(util::to_lower(v), p); };
    if (has(str(res, "userName")) || has(str(res, "externalId")) || has(str(res, "displayName"))) return true;
    if (res.contains("emails") && res["emails"].is_array()) {
        for (const auto& e : res["emails"]) {
            if (e.is_object() && has(str(e, "value"))) return true;
        }
    }
    return false;
}

size_t Cleanup::plan(const std::string& kind, const std::string& label, Handles h) {
    m_entries.push_back({kind, label, std::move(h), "", false});
    return m_entries.size() - 1;
}

void Cleanup::created_at(size_t index, const std::string& id) {
    for (auto& e : m_entries) {
        if (e.id == id) return;
    }
    if (index < m_entries.size() && m_entries[index].id.empty()) {
        m_entries[index].id = id;
        return;
    }
    Entry copy = index < m_entries.size() ? m_entries[index] : Entry{};
    copy.id = id;
    copy.gone = false;
    m_entries.push_back(std::move(copy));
}

void Cleanup::created(const std::string& kind, const std::string& label, const std::string& id) {
    for (auto& e : m_entries) {
        if (e.id == id) return;
    }
    for (auto& e : m_entries) {
        if (e.kind == kind && e.label == label && e.id.empty()) {
            e.id = id;
            return;
        }
    }
    m_entries.push_back({kind, label, {}, id, false});
}

void Cleanup::refused(size_t index) {
    if (index < m_entries.size() && m_entries[index].id.empty()) m_entries[index].gone = true;
}

void Cleanup::deleted(const std::string& id) {
    for (auto& e : m_entries) {
        if (e.id == id) e.gone = true;
    }
}

void Cleanup::run(Client& http, const std::string& base, const Headers& auth, const std::string& run_prefix,
                  std::vector<std::string>& removed, std::vector<Leftover>& leftovers) {
    auto known = [&](const std::string& id) {
        for (const auto& e : m_entries) {
            if (e.id == id) return true;
        }
        return false;
    };
    for (const char* kind : {"Groups", "Users"}) {
        // 1. creates whose answer never arrived: look them up by each planted handle
        bool need_scan = false;
        const size_t planned = m_entries.size();
        for (size_t i = 0; i < planned; ++i) {
            if (m_entries[i].kind != kind || m_entries[i].gone || !m_entries[i].id.empty()) continue;
            const Handles h = m_entries[i].handles;
            const std::vector<std::pair<std::string, std::string>> tries = {
                {"userName", h.user_name}, {"externalId", h.external_id}, {"emails[type eq \"work\"].value", h.email}, {"displayName", h.display_name}};
            bool all_trusted = true;
            std::vector<std::string> ids;
            for (const auto& [attr, value] : tries) {
                const bool groups = std::string(kind) == "Groups";
                if (value.empty() || (groups && (attr == "userName" || util::starts_with(attr, "emails")))) continue;
                const Lookup l = find(http, base, auth, kind, attr, value);
                for (const auto& id : l.ids) {
                    if (!known(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
                }
                if (!ids.empty()) break;
                all_trusted = all_trusted && l.trusted;
            }
            for (size_t k = 0; k < ids.size(); ++k) {
                if (k == 0) m_entries[i].id = ids[0];
                else m_entries.push_back({kind, m_entries[i].label, h, ids[k], false});
            }
            if (ids.empty()) {
                if (all_trusted) m_entries[i].gone = true;  // every lookup was trustworthy: it was never created
                else need_scan = true;
            }
        }
        // 2. no lookup could be trusted: page the collection for the run's prefix
        if (need_scan) {
            auto hits = scan(http, base, auth, kind, run_prefix);
            for (auto& e : m_entries) {
                if (e.kind != kind || e.gone || !e.id.empty()) continue;
                if (!hits) {
                    leftovers.push_back({e.kind, "", e.label,
                                         i18n::text(N_("unknown whether it was created: no lookup by its handles worked and {} could not be listed"), {{kind, kind}})});
                }
                e.gone = true;
            }
            for (const auto& [id, label] : hits.value_or(std::vector<std::pair<std::string, std::string>>{})) {
                if (!known(id)) m_entries.push_back({kind, label, {}, id, false});
            }
        }
        // 3. delete every id still there
        for (auto& e : m_entries) {
            if (e.kind != kind || e.gone || e.id.empty()) continue;
            auto r = http.send(make("DELETE", base + "/" + e.kind + "/" + util::url_encode(e.id), auth));
            for (int retry = 0; retry < 2 && !r; ++retry) r = http.send(make("DELETE", base + "/" + e.kind + "/" + util::url_encode(e.id), auth));  // idempotent: a lost answer is asked again
            if (r && (r->status == 204 || r->status == 200 || r->status == 404)) {
                e.gone = true;
                if (r->status != 404) removed.push_back(e.kind + "/" + e.id + " (" + e.label + ")");
                continue;
            }
            const std::string status = r ? std::to_string(r->status) : std::string();
            leftovers.push_back({e.kind, e.id, e.label, r ? i18n::text(N_("DELETE answered {}"), {{status, status}}) : i18n::text_of(r.error())});
        }
    }
}

}  // namespace ssoctl::scim
