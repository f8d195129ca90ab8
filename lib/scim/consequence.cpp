// The IdP-specific consequence of each scim_* code, from research/scim-anchors.md §5.
#include "scim/consequence.hpp"
#include "i18n/i18n.hpp"

namespace ssoctl::scim {

diag::Text consequence(diag::Code code, Idp idp) {
    using C = diag::Code;
    const bool okta = idp == Idp::okta;
    if (idp == Idp::generic) return {};
    switch (code) {
        case C::scim_auth_failed:
        case C::scim_auth_redirect:
            return okta ? i18n::text(N_("Okta fails every provisioning task with an authentication error"))
                        : i18n::text(N_("Entra ID quarantines the provisioning job on invalid credentials"));
        case C::scim_not_found_on_no_match:
            return okta ? i18n::text(N_("Okta accepts a 404 for 'no match', so Okta provisioning still works"))
                        : i18n::text(N_("Entra ID treats this 404 as a SCIM compliance failure: Test Connection fails and the job may be quarantined"));
        case C::scim_filter_unsupported:
            return okta ? i18n::text(N_("Okta will not find existing users, POST them again and get 409, or link the wrong user"))
                        : i18n::text(N_("Entra ID will create duplicates (or fail on the 409 and retry), or log MultipleEntriesInResponse"));
        case C::scim_filter_case_sensitive:
            return okta ? i18n::text(N_("Okta misses users whose case differs, POSTs them, and treats the 409 as a permanent failure"))
                        : i18n::text(N_("Entra ID will not match users whose case differs and will try to create duplicates; the 409s are escrowed and retried"));
        case C::scim_duplicate_not_409:
            return okta ? i18n::text(N_("Okta expects 409 with an Error body to stop the job; anything else leaves a second account or an unexplained error"))
                        : i18n::text(N_("Entra ID will create duplicates when its matching misses"));
        case C::scim_boolean_string_rejected:
            return okta ? diag::Text{} : i18n::text(N_("Entra ID (without ?aadOptscim062020) sends \"False\": users are never disabled"));
        case C::scim_patch_op_case:
            return okta ? diag::Text{} : i18n::text(N_("every Entra ID update, disable and group change fails"));
        case C::scim_deactivate_failed:
            return okta ? i18n::text(N_("Okta never deletes users, it only sends active=false: unassigned users keep access"))
                        : i18n::text(N_("Entra ID disables leavers with active=false: they keep access and the failures are retried for weeks"));
        case C::scim_license_limit:
            return okta ? i18n::text(N_("Okta marks each such assignment as failed until an admin retries it under Dashboard > Tasks"))
                        : i18n::text(N_("Entra ID keeps retrying each refused user (6 h, 12 h, 24 h, then daily for 28 days) and can quarantine the app when most calls fail"));
        case C::scim_error_schema:
            return okta ? i18n::text(N_("Okta shows 'Unrecognized token' instead of the server's reason"))
                        : i18n::text(N_("Entra ID provisioning logs show no usable reason"));
        case C::scim_wrong_content_type:
            return okta ? i18n::text(N_("Okta tolerates application/json, not HTML or text"))
                        : i18n::text(N_("Entra ID requires application/scim+json on every response"));
        case C::scim_group_failed:
            return okta ? i18n::text(N_("Okta push-group membership changes are lost"))
                        : i18n::text(N_("Entra ID group membership changes fail or wipe members"));
        case C::scim_pagination_broken:
            return okta ? i18n::text(N_("Okta imports miss or repeat users"))
                        : i18n::text(N_("Entra ID matching is unaffected, but the SCIM validator and imports fail"));
        case C::scim_excluded_attributes_ignored:
            return okta ? diag::Text{} : i18n::text(N_("Entra ID reads every group with excludedAttributes=members; large groups time out"));
        case C::scim_put_failed:
            return okta ? i18n::text(N_("Okta sends every profile update as PUT: updates fail")) : diag::Text{};
        case C::scim_patch_failed:
            return okta ? i18n::text(N_("Okta's activate/deactivate PATCH fails"))
                        : i18n::text(N_("Entra ID attribute updates fail and are retried"));
        case C::scim_rate_limited:
            return okta ? i18n::text(N_("Okta reschedules 429s only for some OIN connectors; for other apps the tasks fail"))
                        : i18n::text(N_("whether Entra ID honours Retry-After for custom apps is unverified; failed exports are retried in later cycles"));
        case C::scim_insecure_transport:
            return okta ? i18n::text(N_("Okta refuses to provision to a non-https base URL"))
                        : i18n::text(N_("Entra ID refuses a non-https Tenant URL"));
        case C::scim_tls_incompatible:
            return okta ? diag::Text{} : i18n::text(N_("Entra ID's Test Connection fails: it speaks only TLS 1.2 with these suites"));
        case C::scim_manager_string_rejected:
            return okta ? diag::Text{} : i18n::text(N_("every Entra ID manager update fails and is retried"));
        case C::scim_dangling_member:
            return okta ? i18n::text(N_("Okta group pushes list members that no longer exist"))
                        : i18n::text(N_("Entra ID group reads return members that no longer exist"));
        case C::scim_username_not_key:
            return okta ? i18n::text(N_("Okta matches on userName: a user whose username is not the email is not found and is created again (409)"))
                        : i18n::text(N_("Entra ID sends userName = UPN, often not the mail: it matches the wrong user or none"));
        case C::scim_lookup_stale:
            return okta ? i18n::text(N_("after a username change Okta no longer finds the user and its re-create answers 409"))
                        : i18n::text(N_("after a UPN change Entra ID no longer matches the user; new users with the freed name fail with 409"));
        case C::scim_extension_path_mangled:
            return okta ? diag::Text{} : i18n::text(N_("every Entra ID update of employeeNumber, department or manager stores garbage"));
        default: return {};
    }
}

}  // namespace ssoctl::scim
