// Teardown of everything scim-probe created: groups before users, lookups by name for creates
// whose answer never arrived, and a list of whatever could not be removed.
#include "scim/cleanup.hpp"

#include <nlohmann/json.hpp>

#include "util/url.hpp"

namespace ssoctl::scim {
namespace {

Request make(const std::string& method, const std::string& url, const Headers& auth) {
    Request r;
    r.method = method;
    r.url = url;
    r.headers = auth;
    r.headers.emplace_back("Accept", "application/scim+json");
    return r;
}

std::optional<std::string> find_id(Client& http, const std::string& base, const Headers& auth, const std::string& kind,
                                   const std::string& name) {
    const std::string attr = kind == "Users" ? "userName" : "displayName";
    nlohmann::json q = name;
    auto r = http.send(make("GET", base + "/" + kind + "?filter=" + util::url_encode(attr + " eq " + q.dump()), auth));
    if (!r || r->status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    if (!j.is_object() || !j.contains("Resources") || !j["Resources"].is_array()) return std::nullopt;
    for (const auto& res : j["Resources"]) {
        if (res.value(attr, "") == name && res.contains("id") && res["id"].is_string()) return res["id"].get<std::string>();
    }
    return std::nullopt;
}

}  // namespace

void Cleanup::plan(const std::string& kind, const std::string& name) { m_entries.push_back({kind, name, "", false}); }

void Cleanup::created(const std::string& kind, const std::string& name, const std::string& id) {
    for (auto& e : m_entries) {
        if (e.kind == kind && e.name == name && e.id.empty()) {
            e.id = id;
            return;
        }
    }
    m_entries.push_back({kind, name, id, false});
}

void Cleanup::deleted(const std::string& id) {
    for (auto& e : m_entries) {
        if (e.id == id) e.gone = true;
    }
}

void Cleanup::run(Client& http, const std::string& base, const Headers& auth, std::vector<std::string>& removed,
                  std::vector<Leftover>& leftovers) {
    for (const char* kind : {"Groups", "Users"}) {
        for (auto& e : m_entries) {
            if (e.kind != kind || e.gone) continue;
            if (e.id.empty()) {
                auto id = find_id(http, base, auth, e.kind, e.name);
                if (!id) {
                    e.gone = true;  // never created
                    continue;
                }
                e.id = *id;
            }
            auto r = http.send(make("DELETE", base + "/" + e.kind + "/" + util::url_encode(e.id), auth));
            if (r && (r->status == 204 || r->status == 200 || r->status == 404)) {
                e.gone = true;
                if (r->status != 404) removed.push_back(e.kind + "/" + e.id + " (" + e.name + ")");
                continue;
            }
            leftovers.push_back({e.kind, e.id, e.name,
                                 r ? "DELETE answered " + std::to_string(r->status) : r.error().message});
        }
    }
}

}  // namespace ssoctl::scim
