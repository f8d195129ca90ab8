// Request bodies per IdP. Okta: lower-case ops, pathless active maps, filtered member removal.
// Entra ID (without aadOptscim062020): capitalised ops, "True"/"False" strings, value-array removal.
#include "scim/shapes.hpp"

#include "scim/context.hpp"

namespace ssoctl::scim::shapes {

json create_user(Idp idp, const Handles& h) {
    const std::string& u = h.user_name;
    const std::string& ext = h.external_id;
    json emails = json::array({{{"primary", true}, {"value", h.email}, {"type", "work"}}});
    switch (idp) {
        case Idp::okta:
            return {{"schemas", {kUserUrn}}, {"userName", u}, {"externalId", ext},
                    {"name", {{"givenName", "Probe"}, {"familyName", "Ssoctl"}}}, {"emails", emails},
                    {"displayName", h.display_name}, {"locale", "en-US"}, {"groups", json::array()},
                    {"password", "Pw-" + ext + "-x9!"}, {"active", true}};
        case Idp::entra:
            return {{"schemas", {kUserUrn, kEnterpriseUrn}}, {"externalId", ext}, {"userName", u}, {"active", true},
                    {"displayName", h.display_name}, {"emails", emails}, {"meta", {{"resourceType", "User"}}},
                    {"name", {{"formatted", "Probe Ssoctl"}, {"familyName", "Ssoctl"}, {"givenName", "Probe"}}},
                    {"roles", json::array()}, {kEnterpriseUrn, {{"employeeNumber", "E-" + ext}}}};
        default:
            return {{"schemas", {kUserUrn}}, {"userName", u}, {"externalId", ext}, {"displayName", h.display_name},
                    {"name", {{"givenName", "Probe"}, {"familyName", "Ssoctl"}}}, {"emails", emails}, {"active", true}};
    }
}

json create_group(Idp idp, const std::string& name, const std::string& ext) {
    if (idp == Idp::entra) {
        return {{"schemas", {kGroupUrn, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"}},
                {"externalId", ext}, {"displayName", name}, {"meta", {{"resourceType", "Group"}}}};
    }
    return {{"schemas", {kGroupUrn}}, {"displayName", name}, {"members", json::array()}};
}

json patch(json operations) { return {{"schemas", {kPatchUrn}}, {"Operations", std::move(operations)}}; }

namespace {
std::string cased(Idp idp, std::string_view op) {
    std::string s(op);
    if (idp == Idp::entra && !s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}
}  // namespace

json patch_op(Idp idp, std::string_view op, const std::string& path, json value) {
    return patch(json::array({{{"op", cased(idp, op)}, {"path", path}, {"value", std::move(value)}}}));
}

json lower_ops(json body) {
    if (!body.contains("Operations") || !body["Operations"].is_array()) return body;
    for (auto& op : body["Operations"]) {
        if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) continue;
        std::string s = op["op"].get<std::string>();
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        op["op"] = s;
    }
    return body;
}

json set_active(Idp idp, bool active, bool legacy_string) {
    switch (idp) {
        case Idp::okta: return patch(json::array({{{"op", "replace"}, {"value", {{"active", active}}}}}));
        case Idp::entra:
            if (legacy_string) return patch(json::array({{{"op", "Replace"}, {"path", "active"}, {"value", active ? "True" : "False"}}}));
            return patch(json::array({{{"op", "replace"}, {"path", "active"}, {"value", active}}}));
        default: return patch(json::array({{{"op", "replace"}, {"path", "active"}, {"value", active}}}));
    }
}

json add_members(Idp idp, const std::vector<std::string>& ids) {
    json members = json::array();
    for (const auto& id : ids) {
        if (idp == Idp::entra) members.push_back({{"$ref", nullptr}, {"value", id}});
        else members.push_back({{"value", id}});
    }
    return patch_op(idp, "add", "members", std::move(members));
}

json remove_member(Idp idp, const std::string& id) {
    if (idp == Idp::entra) return patch(json::array({{{"op", "Remove"}, {"path", "members"}, {"value", json::array({{{"value", id}}})}}}));
    return patch(json::array({{{"op", "remove"}, {"path", "members[value eq " + json(id).dump() + "]"}}}));
}

}  // namespace ssoctl::scim::shapes
