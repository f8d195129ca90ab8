// The cleanup registry of scim-probe: every create is registered with every handle it plants
// (userName, externalId, email, displayName, all carrying the run ID) before it is sent, and every
// id a create's answer names is remembered, so a run cut short (SIGINT, timeout) still finds and
// deletes what it made, also a user created without a userName.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scim/http.hpp"
#include "scim/probe.hpp"

namespace ssoctl::scim {

/** The values a create planted; any of them finds the object again. Empty = not sent. */
struct Handles {
    std::string user_name;
    std::string external_id;
    std::string email;
    std::string display_name;
};

class Cleanup {
public:
    struct Entry {
        std::string kind;   // Users | Groups
        std::string label;  // for the report: userName, displayName or a description
        Handles handles;
        std::string id;     // empty until a create's answer named it
        bool gone = false;
    };
    /** Before a create is sent: what to look for when its answer never arrives. Returns the entry's index. */
    size_t plan(const std::string& kind, const std::string& label, Handles h);
    /** A create answered with an id: fills planned entry `index`, or adds one. A known id is not added twice. */
    void created_at(size_t index, const std::string& id);
    /** The create of planned entry `index` was answered with a refusal (3xx-5xx): nothing to delete. */
    void refused(size_t index);
    /** After a create answered with an id, matched by label (first planned entry without an id). */
    void created(const std::string& kind, const std::string& label, const std::string& id);
    /** The probe deleted it itself (and saw it gone). */
    void deleted(const std::string& id);
    const std::vector<Entry>& entries() const { return m_entries; }

    /**
     * Deletes what is left, groups first. Entries without an id are looked up by every handle
     * (userName, externalId, email, displayName eq); when a lookup cannot be trusted (error,
     * ignored filter), the collection is paged and anything carrying `run_prefix` is deleted.
     */
    void run(Client& http, const std::string& base, const Headers& auth, const std::string& run_prefix,
             std::vector<std::string>& removed, std::vector<Leftover>& leftovers);

private:
    std::vector<Entry> m_entries;
};

/** True when a user or group resource carries `prefix` (case-insensitive) at the start of userName, externalId, displayName or an email. */
bool carries_prefix(const nlohmann::json& resource, std::string_view prefix);

}  // namespace ssoctl::scim
