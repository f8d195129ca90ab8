// Where an EntityDescriptor counts, for readers of a metadata DOM (trust loading): the same rule
// as the streaming reader's.
#pragma once

#include <vector>

#include <libxml/tree.h>

#include "util/result.hpp"

namespace ssoctl::metadata {

/** The EntityDescriptors in their schema place: `root` itself, or children of EntitiesDescriptors
 *  that are the root or in their place, in document order. An EntityDescriptor anywhere else
 *  (inside a ds:Signature, md:Extensions, another entity) fails with `metadata_misplaced_entity`:
 *  a document that hides an entity is not one to take trust from. */
Result<std::vector<xmlNode*>> placed_entities(xmlNode* root);

}  // namespace ssoctl::metadata
