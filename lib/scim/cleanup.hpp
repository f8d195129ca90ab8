// The cleanup registry of scim-probe: every object is registered by name before it is created,
// so a run cut short (SIGINT, timeout) can still find and delete it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scim/http.hpp"
#include "scim/probe.hpp"

namespace ssoctl::scim {

class Cleanup {
public:
    struct Entry {
        std::string kind;  // Users | Groups
        std::string name;  // userName or displayName
        std::string id;    // empty until the create answered
        bool gone = false;
    };
    /** Before a create: remember the name. */
    void plan(const std::string& kind, const std::string& name);
    /** After a create answered with an id. */
    void created(const std::string& kind, const std::string& name, const std::string& id);
    /** The probe deleted it itself (and saw it gone). */
    void deleted(const std::string& id);
    const std::vector<Entry>& entries() const { return m_entries; }

    /** Deletes what is left, groups first; ids unknown are looked up by name. */
    void run(Client& http, const std::string& base, const Headers& auth, std::vector<std::string>& removed,
             std::vector<Leftover>& leftovers);

private:
    std::vector<Entry> m_entries;
};

}  // namespace ssoctl::scim
