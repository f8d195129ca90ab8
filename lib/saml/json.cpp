// JSON view of the message model; every string is passed through as data (JSON escapes it).
#include "saml/json.hpp"

#include "util/time.hpp"

namespace ssoctl::saml {
namespace {

using nlohmann::json;

json str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json name_id_json(const std::optional<NameId>& n) {
    if (!n) return json{{"name_id", nullptr}, {"format", nullptr}};
    return json{{"name_id", n->value}, {"format", str(n->format)}, {"name_qualifier", str(n->name_qualifier)},
                {"sp_name_qualifier", str(n->sp_name_qualifier)}};
}

json assertion_json(const Assertion& a, const std::vector<SignatureInfo>& sigs) {
    json j;
    j["id"] = str(a.id);
    j["issuer"] = str(a.issuer);
    j["issue_instant"] = str(a.issue_instant);
    j["encrypted"] = a.encrypted || a.decrypted;  // as it arrived
    j["decrypted"] = a.decrypted;
    bool signed_ = false;
    for (const auto& s : sigs) signed_ = signed_ || s.parent == a.node;
    j["signed"] = signed_;
    if (a.encrypted) {
        j["encryption"] = a.encryption ? json{{"data_algorithm", str(a.encryption->data_algorithm)},
                                              {"key_transport_algorithm", str(a.encryption->key_transport_algorithm)},
                                              {"recipient_cert", a.encryption->recipient_cert ? to_json(*a.encryption->recipient_cert) : json(nullptr)}}
                                       : json(nullptr);
        return j;
    }
    j["subject"] = name_id_json(a.name_id);
    j["conditions"] = {{"not_before", str(a.conditions.not_before)},
                       {"not_on_or_after", str(a.conditions.not_on_or_after)},
                       {"audiences", a.conditions.audiences}};
    if (!a.confirmations.empty()) {
        const auto& c = a.confirmations.front();
        j["subject_confirmation"] = {{"method", str(c.method)}, {"recipient", str(c.recipient)},
                                     {"not_before", str(c.not_before)}, {"not_on_or_after", str(c.not_on_or_after)},
                                     {"in_response_to", str(c.in_response_to)}};
    } else {
        j["subject_confirmation"] = nullptr;
    }
    j["authn"] = a.authn.present ? json{{"instant", str(a.authn.instant)},
                                        {"session_index", str(a.authn.session_index)},
                                        {"session_not_on_or_after", str(a.authn.session_not_on_or_after)},
                                        {"context_class", str(a.authn.context_class)}}
                                 : json(nullptr);
    json attrs = json::object();
    for (const auto& at : a.attributes) {
        json& slot = attrs[at.name];
        if (slot.is_null()) slot = json::array();
        for (const auto& v : at.values) slot.push_back(v);
    }
    j["attributes"] = attrs;  // name -> values (merged; kept for compatibility)
    json list = json::array();  // each Attribute element as sent, so duplicates stay visible
    for (const auto& at : a.attributes) {
        list.push_back({{"name", at.name}, {"name_format", str(at.name_format)}, {"friendly_name", str(at.friendly_name)}, {"values", at.values}});
    }
    j["attribute_list"] = std::move(list);
    return j;
}

}  // namespace

json to_json(const x509::CertInfo& c) {
    return json{{"subject", c.subject},
                {"issuer", c.issuer},
                {"sha256", c.sha256},
                {"sha1", c.sha1},
                {"not_before", util::format_rfc3339(c.not_before)},
                {"not_after", util::format_rfc3339(c.not_after)}};
}

json to_json(const Message& m) {
    json j;
    j["type"] = type_name(m.type);
    j["id"] = str(m.id);
    j["issuer"] = str(m.issuer);
    j["destination"] = str(m.destination);
    j["in_response_to"] = str(m.in_response_to);
    j["issue_instant"] = str(m.issue_instant);
    j["status"] = m.status.present ? json{{"code", str(m.status.code)}, {"sub_code", str(m.status.sub_code)},
                                          {"message", str(m.status.message)}}
                                   : json(nullptr);
    j["assertions"] = json::array();
    for (const auto& a : m.assertions) j["assertions"].push_back(assertion_json(a, m.signatures));
    j["signatures"] = json::array();
    for (const auto& s : m.signatures) {
        j["signatures"].push_back({{"element", s.element},
                                   {"reference", s.reference},
                                   {"signature_algorithm", str(s.signature_algorithm)},
                                   {"digest_algorithm", str(s.digest_algorithm)},
                                   {"verified", s.verified ? json(*s.verified) : json(nullptr)},
                                   {"verified_by", str(s.verified_by)},
                                   {"cert", s.cert ? to_json(*s.cert) : json(nullptr)}});
    }
    if (m.type == MessageType::authn_request) {
        j["acs_url"] = str(m.acs_url);
        j["protocol_binding"] = str(m.protocol_binding);
        j["name_id_policy_format"] = str(m.name_id_policy_format);
        j["force_authn"] = m.force_authn ? json(*m.force_authn) : json(nullptr);
        j["is_passive"] = m.is_passive ? json(*m.is_passive) : json(nullptr);
        j["requested_context_classes"] = m.requested_context_classes;
    }
    if (m.type == MessageType::logout_request) {
        j["subject"] = name_id_json(m.name_id);
        j["session_indexes"] = m.session_indexes;
    }
    return j;
}

}  // namespace ssoctl::saml
