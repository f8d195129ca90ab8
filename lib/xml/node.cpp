// Node helpers; string_views point into libxml2's own storage and live as long as the document.
#include "xml/node.hpp"

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include <libxml/globals.h>

namespace ssoctl::xml {
namespace {

std::string_view sv(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view(); }

void append_text(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) out += sv(c->content);
        else if (c->type == XML_ELEMENT_NODE) append_text(c, out);
    }
}

}  // namespace

bool is(const xmlNode* n, std::string_view ns, std::string_view local) {
    return n && n->type == XML_ELEMENT_NODE && sv(n->name) == local && ns_href(n) == ns;
}

std::string_view local_name(const xmlNode* n) { return sv(n->name); }
std::string_view ns_href(const xmlNode* n) { return n && n->ns ? sv(n->ns->href) : std::string_view(); }

std::vector<xmlNode*> children(const xmlNode* parent, std::string_view ns, std::string_view local) {
    std::vector<xmlNode*> out;
    if (!parent) return out;
    for (xmlNode* c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (local.empty() ? ns_href(c) == ns || ns.empty() : is(c, ns, local)) out.push_back(c);
    }
    return out;
}

xmlNode* first_child(const xmlNode* parent, std::string_view ns, std::string_view local) {
    if (!parent) return nullptr;
    for (xmlNode* c = parent->children; c; c = c->next) {
        if (is(c, ns, local)) return c;
    }
    return nullptr;
}

std::optional<std::string> attr(const xmlNode* n, std::string_view name) {
    if (!n) return std::nullopt;
    for (const xmlAttr* a = n->properties; a; a = a->next) {
        if (a->ns == nullptr && sv(a->name) == name) {
            std::string out;
            for (const xmlNode* c = a->children; c; c = c->next) out += sv(c->content);
            return out;
        }
    }
    return std::nullopt;
}

std::string attr_or(const xmlNode* n, std::string_view name, std::string fallback) {
    auto v = attr(n, name);
    return v ? *v : fallback;
}

std::string text(const xmlNode* n) {
    std::string out;
    if (n) append_text(n, out);
    return out;
}

namespace {

// Sibling positions are computed once per parent and kept until any node of any document is
// created or freed in this thread (libxml2's register/deregister callbacks bump a generation), so
// a path costs O(depth) however many siblings share a name (STYLE rule 38), and never reads a
// position that a later tree mutation made stale.
thread_local uint64_t t_generation = 0;
void on_node_change(xmlNode*) { ++t_generation; }

struct Position {
    int index = 0;  // 1-based among the element siblings of the same name and namespace
    int total = 0;
};

struct NameKey {
    std::string_view name, ns;
    bool operator==(const NameKey& o) const { return name == o.name && ns == o.ns; }
};
struct NameKeyHash {
    size_t operator()(const NameKey& k) const { return std::hash<std::string_view>()(k.name) * 31 + std::hash<std::string_view>()(k.ns); }
};

struct PathCache {
    bool registered = false;
    uint64_t generation = 0;
    std::unordered_set<const xmlNode*> parents;  // parents whose children are indexed
    std::unordered_map<const xmlNode*, Position> positions;

    Position position(const xmlNode* c) {
        if (!registered) {
            xmlRegisterNodeDefault(on_node_change);
            xmlDeregisterNodeDefault(on_node_change);
            registered = true;
            ++t_generation;
        }
        if (generation != t_generation) {
            parents.clear();
            positions.clear();
            generation = t_generation;
        }
        if (parents.insert(c->parent).second) index(c->parent);
        const auto it = positions.find(c);
        return it == positions.end() ? Position{} : it->second;
    }

    void index(const xmlNode* parent) {
        std::unordered_map<NameKey, int, NameKeyHash> seen;
        for (const xmlNode* s = parent->children; s; s = s->next) {
            if (s->type == XML_ELEMENT_NODE) positions[s].index = ++seen[NameKey{sv(s->name), ns_href(s)}];
        }
        for (const xmlNode* s = parent->children; s; s = s->next) {
            if (s->type == XML_ELEMENT_NODE) positions[s].total = seen[NameKey{sv(s->name), ns_href(s)}];
        }
    }
};

thread_local PathCache t_paths;

}  // namespace

static std::string_view path_prefix(const xmlNode* c) {
    static constexpr std::pair<std::string_view, std::string_view> kFixed[] = {
        {kSamlp, "samlp"},
        {kSaml, "saml"},
        {kMd, "md"},
        {kDs, "ds"},
        {kXenc, "xenc"},
        {"urn:oasis:names:tc:SAML:metadata:ui", "mdui"},
        {"urn:oasis:names:tc:SAML:metadata:attribute", "mdattr"},
        {"urn:oasis:names:tc:SAML:metadata:rpi", "mdrpi"},
        {"urn:oasis:names:tc:SAML:metadata:algsupport", "alg"},
        {"urn:mace:shibboleth:metadata:1.0", "shibmd"},
    };
    if (!c->ns) return {};
    const std::string_view href = sv(c->ns->href);
    for (const auto& [ns, prefix] : kFixed) {
        if (href == ns) return prefix;
    }
    return c->ns->prefix ? sv(c->ns->prefix) : std::string_view();
}

std::string path(const xmlNode* n) {
    std::vector<std::string> steps;
    for (const xmlNode* c = n; c && c->type == XML_ELEMENT_NODE; c = c->parent) {
        std::string step = "/";
        if (const std::string_view prefix = path_prefix(c); !prefix.empty()) step += std::string(prefix) + ":";
        step += std::string(sv(c->name));
        if (c->parent && c->parent->type == XML_ELEMENT_NODE) {
            const Position p = t_paths.position(c);
            if (p.total > 1) step += "[" + std::to_string(p.index) + "]";
        }
        steps.push_back(std::move(step));
    }
    std::string out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) out += *it;
    return out;
}

void invalidate_paths() { ++t_generation; }

namespace {

void collect_ids(xmlNode* n, std::vector<xmlNode*>& out) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        for (const xmlAttr* a = n->properties; a; a = a->next) {
            const auto name = sv(a->name);
            if (a->ns == nullptr && (name == "ID" || name == "Id" || name == "id")) {
                out.push_back(n);
                break;
            }
        }
        collect_ids(n->children, out);
    }
}

}  // namespace

std::vector<xmlNode*> elements_with_id(xmlNode* root) {
    std::vector<xmlNode*> out;
    if (!root) return out;
    xmlNode* saved_next = root->next;
    root->next = nullptr;  // walk the subtree only
    collect_ids(root, out);
    root->next = saved_next;
    return out;
}

}  // namespace ssoctl::xml
