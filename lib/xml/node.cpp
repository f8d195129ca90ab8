// Node helpers; string_views point into libxml2's own storage and live as long as the document.
#include "xml/node.hpp"

#include <cstring>

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

std::string path(const xmlNode* n) {
    std::string out;
    for (const xmlNode* c = n; c && c->type == XML_ELEMENT_NODE; c = c->parent) {
        std::string step = "/";
        if (c->ns && c->ns->prefix) step += std::string(sv(c->ns->prefix)) + ":";
        step += std::string(sv(c->name));
        if (c->parent && c->parent->type == XML_ELEMENT_NODE) {
            int index = 0, total = 0;
            for (const xmlNode* s = c->parent->children; s; s = s->next) {
                if (s->type == XML_ELEMENT_NODE && sv(s->name) == sv(c->name) && ns_href(s) == ns_href(c)) {
                    ++total;
                    if (s == c) index = total;
                }
            }
            if (total > 1) step += "[" + std::to_string(index) + "]";
        }
        out = step + out;
    }
    return out;
}

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
