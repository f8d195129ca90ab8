// A small DOM read of SP metadata (a single SP document is a few KB; aggregates use lib/metadata).
#include "saml/sp_metadata.hpp"

#include "i18n/i18n.hpp"
#include "util/base64.hpp"
#include "xml/document.hpp"
#include "xml/node.hpp"

namespace ssoctl::saml {
namespace {

xmlNode* find_sp(xmlNode* n, std::string_view entity_id) {
    for (; n; n = n->next) {
        if (xml::is(n, xml::kMd, "EntityDescriptor")) {
            if (xml::first_child(n, xml::kMd, "SPSSODescriptor") && (entity_id.empty() || xml::attr_or(n, "entityID") == entity_id)) return n;
        } else if (xml::is(n, xml::kMd, "EntitiesDescriptor")) {
            if (xmlNode* found = find_sp(n->children, entity_id)) return found;
        }
    }
    return nullptr;
}

}  // namespace

Result<SpExpectations> read_sp_metadata(std::string_view xml_bytes, std::string_view entity_id) {
    auto doc = xml::parse(xml_bytes);
    if (!doc) return tl::make_unexpected(doc.error());
    xmlNode* entity = find_sp(xmlDocGetRootElement(doc->get()), entity_id);
    if (!entity) return i18n::failure("unsupported_message", N_("no EntityDescriptor with an SPSSODescriptor found in the SP metadata"));
    SpExpectations sp;
    sp.entity_id = xml::attr_or(entity, "entityID");
    xmlNode* role = xml::first_child(entity, xml::kMd, "SPSSODescriptor");
    for (xmlNode* acs : xml::children(role, xml::kMd, "AssertionConsumerService")) {
        if (auto loc = xml::attr(acs, "Location")) sp.acs_urls.push_back(*loc);
    }
    for (xmlNode* kd : xml::children(role, xml::kMd, "KeyDescriptor")) {
        const std::string use = xml::attr_or(kd, "use");
        if (!use.empty() && use != "encryption") continue;
        xmlNode* cert = xml::first_child(xml::first_child(xml::first_child(kd, xml::kDs, "KeyInfo"), xml::kDs, "X509Data"), xml::kDs, "X509Certificate");
        if (!cert) continue;
        if (auto der = util::base64_decode(xml::text(cert), 1u << 20)) sp.encryption_certs_der.push_back(std::move(*der));
    }
    return sp;
}

}  // namespace ssoctl::saml
