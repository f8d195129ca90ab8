// One walk: entities in place are collected, any other EntityDescriptor is an error.
#include "metadata/placement.hpp"

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "xml/node.hpp"

namespace ssoctl::metadata {
namespace {

void collect(xmlNode* n, bool container, std::vector<xmlNode*>& placed, xmlNode*& stray) {
    for (; n && !stray; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const bool entity = xml::is(n, xml::kMd, "EntityDescriptor"), group = xml::is(n, xml::kMd, "EntitiesDescriptor");
        if ((entity || group) && !container) {
            if (entity) {
                stray = n;
                return;
            }
            collect(n->children, false, placed, stray);  // a misplaced group: its entities are misplaced too
            continue;
        }
        if (entity) placed.push_back(n);
        collect(n->children, group, placed, stray);
    }
}

}  // namespace

Result<std::vector<xmlNode*>> placed_entities(xmlNode* root) {
    std::vector<xmlNode*> placed;
    xmlNode* stray = nullptr;
    if (!root) return placed;
    xmlNode* saved_next = root->next;
    root->next = nullptr;  // the root's subtree only
    collect(root, true, placed, stray);
    root->next = saved_next;
    if (stray) {
        const xmlNode* parent = stray->parent;
        std::string inside = parent && parent->type == XML_ELEMENT_NODE ? std::string(xml::local_name(parent)) : std::string("?");
        for (const xmlNode* a = parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
            if (xml::is(a, xml::kDs, "Signature")) inside = "ds:Signature";
        }
        return i18n::failure("metadata_misplaced_entity",
                             N_("the metadata has an EntityDescriptor '{}' inside {} (line {}), where the schema allows none: refused as a trust source"),
                             {util::visible(xml::attr_or(stray, "entityID")), inside, std::to_string(xmlGetLineNo(stray))});
    }
    return placed;
}

}  // namespace ssoctl::metadata
