// Streaming SAML metadata reader (libxml2 xmlTextReader): one Entity at a time, flat memory for any size.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace ssoctl::metadata {

struct Endpoint {
    std::string binding;   // full URN
    std::string location;
    std::optional<int> index;
    bool is_default = false;
};

/** One ds:X509Certificate inside a KeyDescriptor. */
struct KeyCert {
    std::string use;     // "signing", "encryption", or "" (absent: both)
    std::string base64;  // element text as received (whitespace included)
    size_t line = 0;
    bool signing() const { return use.empty() || use == "signing"; }
};

struct Role {
    std::string kind;      // idp, sp, aa, authn, pdp, role (RoleDescriptor), other
    std::string element;   // local name, e.g. IDPSSODescriptor
    std::string type;      // xsi:type of a RoleDescriptor, e.g. fed:SecurityTokenServiceType
    std::vector<KeyCert> keys;
    std::vector<Endpoint> sso;   // SingleSignOnService
    std::vector<Endpoint> acs;   // AssertionConsumerService
    std::vector<Endpoint> slo;   // SingleLogoutService
    std::vector<std::string> name_id_formats;
    std::optional<bool> want_authn_requests_signed;  // IdP
    std::optional<bool> authn_requests_signed;       // SP
    std::string valid_until;
};

struct Entity {
    std::string entity_id;
    std::vector<Role> roles;
    std::string valid_until;      // own attribute
    std::string inherited_valid_until;  // the nearest EntitiesDescriptor's, when it has one
    std::string cache_duration;
    std::string display_name;     // mdui:DisplayName (English first), else OrganizationDisplayName
    size_t line = 0;
    size_t index = 0;             // 0-based position in the document
};

/** An EntityDescriptor where the metadata schema allows none (inside a ds:Signature, inside another
 *  entity, in md:Extensions, ...): never handed to `on_entity`, never covered by "signature verified". */
struct Misplaced {
    std::string entity_id;
    std::string inside;  // e.g. "ds:Signature", "md:Extensions", "md:EntityDescriptor"
    size_t line = 0;
};

/** The longest text the reader keeps for one element (a certificate, a NameIDFormat, a display
 *  name): real certificates are a few KiB, 1 MiB is far above any of them. Longer text fails the
 *  read with `input_too_large`, so memory stays flat whatever the file holds. */
inline constexpr size_t kMaxTextBytes = 1u << 20;

/** What the document as a whole says. */
struct Document {
    bool aggregate = false;       // root is EntitiesDescriptor
    std::string name;             // EntitiesDescriptor/@Name
    std::string valid_until;
    std::string cache_duration;
    bool signed_root = false;     // a ds:Signature child of the root element
    size_t signatures_elsewhere = 0;  // ds:Signature elements that are not a child of the root
    size_t entities = 0;
    std::vector<Misplaced> misplaced;  // the first kMaxMisplaced of them
    size_t misplaced_total = 0;
    static constexpr size_t kMaxMisplaced = 100;
};

using EntityFn = std::function<void(Entity&&)>;

/** Streams a metadata file: `on_entity` is called once per EntityDescriptor in its proper place
 *  (the root, or a child of an EntitiesDescriptor that is itself the root or in its proper place),
 *  in document order; others are listed in `Document::misplaced` and skipped whole.
 *  Hardened like every parse: a DOCTYPE or entity reference fails, no network, no DTD.
 *  Errors: `io_error` (cannot open), `malformed_input` (not well-formed, not metadata),
 *  `input_too_large` (a text node longer than kMaxTextBytes). */
Result<Document> read_file(const std::string& path, const EntityFn& on_entity);
Result<Document> read_memory(std::string_view xml, const EntityFn& on_entity);

/** Streams a file through the same per-node caps as `read_file` (kMaxTextBytes per node, attribute
 *  and namespace counts) without parsing or keeping it: run it before loading a whole file into
 *  memory (the --md-cert path needs the DOM). Errors: `io_error`, `input_too_large`. */
Result<void> prescan_file(const std::string& path);

/** True when the first bytes look like an XML document whose root is (md:)EntityDescriptor or
 *  EntitiesDescriptor. Example: `looks_like_metadata("<md:EntityDescriptor ...")` -> true. */
bool looks_like_metadata(std::string_view head);

inline constexpr std::string_view kBindingPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
inline constexpr std::string_view kBindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/** `HTTP-POST` for the full binding URN (last `:` segment), unchanged otherwise. */
std::string short_binding(std::string_view urn);

}  // namespace ssoctl::metadata
