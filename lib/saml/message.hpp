// The SAML message model: what a Response, Assertion, AuthnRequest or Logout message says.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <libxml/tree.h>

#include "x509/cert.hpp"
#include "xml/document.hpp"

namespace ssoctl::saml {

enum class MessageType { response, assertion, authn_request, logout_request, logout_response, metadata, unknown };
std::string_view type_name(MessageType t);

struct Status {
    bool present = false;
    std::string code;      // full URI
    std::string sub_code;  // second-level StatusCode, full URI
    std::string message;
    bool success() const;
};

struct NameId {
    std::string value;
    std::string format;
    std::string name_qualifier;
    std::string sp_name_qualifier;
};

struct SubjectConfirmation {
    std::string method;
    bool has_data = false;  // a SubjectConfirmationData element is present
    std::string recipient;
    std::string not_before;
    std::string not_on_or_after;
    std::string in_response_to;
    std::string address;
};

struct Conditions {
    bool present = false;
    std::string not_before;
    std::string not_on_or_after;
    bool has_audience_restriction = false;
    std::vector<std::string> audiences;                  // every Audience, in document order
    std::vector<std::vector<std::string>> restrictions;  // per AudienceRestriction: each must be met
    xmlNode* node = nullptr;
};

struct Authn {
    bool present = false;
    std::string instant;
    std::string session_index;
    std::string session_not_on_or_after;
    std::string context_class;
};

struct Attribute {
    std::string name;
    std::string friendly_name;
    std::string name_format;
    std::vector<std::string> values;
};

/** A ds:Signature as found in the document (not yet verified). */
struct SignatureInfo {
    xmlNode* node = nullptr;
    xmlNode* parent = nullptr;
    std::string element;             // path of the signed (parent) element
    std::string reference;           // URI of the first Reference
    size_t reference_count = 0;
    std::string signature_algorithm;
    std::string digest_algorithm;
    std::string c14n_algorithm;
    std::vector<std::string> transforms;
    std::optional<bool> verified;    // null until a verifier ran
    std::optional<x509::CertInfo> cert;  // embedded KeyInfo certificate (informational only)
    std::string verified_by;         // which trusted key verified it (set by dsig)
    std::string verified_by_ja;      // the same in Japanese
    std::string signed_bytes;        // canonical octets the verified Reference digested (set by dsig)
};

struct EncryptionInfo {
    std::string data_algorithm;
    std::string key_transport_algorithm;
    std::optional<x509::CertInfo> recipient_cert;  // KeyInfo of the EncryptedKey, when present
};

struct Assertion {
    xmlNode* node = nullptr;
    std::string path;
    std::string id;
    std::string version;
    std::string issue_instant;
    std::string issuer;
    std::optional<NameId> name_id;
    bool encrypted_id = false;
    std::vector<SubjectConfirmation> confirmations;
    Conditions conditions;
    Authn authn;
    std::vector<Attribute> attributes;
    bool encrypted = false;
    bool decrypted = false;  // arrived as EncryptedAssertion and was decrypted with the SP key
    bool has_signature = false;
    std::optional<EncryptionInfo> encryption;
};

struct Message {
    xml::DocPtr doc;
    xmlNode* root = nullptr;
    MessageType type = MessageType::unknown;
    std::string root_name;
    std::string id;
    std::string version;
    std::string issuer;
    std::string destination;
    bool has_destination = false;  // the attribute is present (an empty value is an error)
    std::string in_response_to;
    std::string issue_instant;
    Status status;
    std::vector<Assertion> assertions;
    std::vector<SignatureInfo> signatures;
    // AuthnRequest
    std::string acs_url;
    std::string protocol_binding;
    std::string name_id_policy_format;
    std::optional<bool> force_authn;
    std::optional<bool> is_passive;
    std::vector<std::string> requested_context_classes;
    // LogoutRequest
    std::optional<NameId> name_id;
    std::vector<std::string> session_indexes;
};

}  // namespace ssoctl::saml
