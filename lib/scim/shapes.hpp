// Internal to lib/scim: the request bodies Okta, Entra ID and the RFC send (research §1.6–§1.14).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scim/cleanup.hpp"
#include "scim/probe.hpp"

namespace ssoctl::scim::shapes {

using json = nlohmann::json;

/** A create in the IdP's shape carrying every handle: userName, externalId, work email, displayName. */
json create_user(Idp idp, const Handles& h);
json create_group(Idp idp, const std::string& name, const std::string& external_id);
json patch(json operations);
/** One operation on `path` with `op` ("add", "replace", "remove") cased as the IdP sends it: Entra ID capitalises. */
json patch_op(Idp idp, std::string_view op, const std::string& path, json value);
/** Deactivate (active=false) or reactivate in the IdP's shape; `legacy_string` sends Entra's "False"/"True". */
json set_active(Idp idp, bool active, bool legacy_string);
/** The same PatchOp with every op in lower case (to tell "capitalised ops refused or ignored" from "broken"). */
json lower_ops(json body);
json add_members(Idp idp, const std::vector<std::string>& ids);
json remove_member(Idp idp, const std::string& id);

}  // namespace ssoctl::scim::shapes
