// Binds a Reference to its node by content, not by URI string: whatever the XPointer evaluation
// selected, a valid signature is accepted only when the digested octets are the parent's own c14n.
#include "dsig/binding.hpp"

#include <algorithm>
#include <vector>

#include <openssl/evp.h>

#include <libxml/c14n.h>
#include <libxml/xmlsave.h>

#include "util/base64.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";

struct Scope {
    xmlNode* parent;
    xmlNode* signature;
    bool skip_blank_text = false;  // leave out whitespace-only text nodes (what a pretty-printer adds)
};

bool blank(const xmlNode* n) {
    if (n->type != XML_TEXT_NODE || !n->content) return false;
    for (const xmlChar* c = n->content; *c; ++c) {
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') return false;
    }
    return true;
}

bool within(const xmlNode* n, const xmlNode* top) {
    for (; n; n = n->parent) {
        if (n == top) return true;
    }
    return false;
}

int visible(void* user, xmlNodePtr node, xmlNodePtr parent) {
    const auto* s = static_cast<const Scope*>(user);
    // Namespace nodes come with their element as `parent`; attributes point at theirs.
    const xmlNode* n = node && node->type == XML_NAMESPACE_DECL ? parent : node;
    if (s->skip_blank_text && n && blank(n)) return 0;
    return within(n, s->parent) && !within(n, s->signature) ? 1 : 0;
}

// The exc-c14n transform's PrefixList; `exclusive` tells whether that transform is there at all
// (without it xmlsec turns the node set into octets with inclusive c14n 1.0).
std::vector<std::string> prefix_list(xmlNode* signature, bool& exclusive) {
    std::vector<std::string> out;
    xmlNode* si = xml::first_child(signature, xml::kDs, "SignedInfo");
    xmlNode* ref = xml::first_child(si, xml::kDs, "Reference");
    for (xmlNode* t : xml::children(xml::first_child(ref, xml::kDs, "Transforms"), xml::kDs, "Transform")) {
        if (xml::attr_or(t, "Algorithm") != kExcC14n) continue;
        exclusive = true;
        for (xmlNode* p : xml::children(t, kExcC14n, "InclusiveNamespaces")) {
            const std::string list = xml::attr_or(p, "PrefixList");
            size_t i = 0;
            while (i < list.size()) {
                while (i < list.size() && (list[i] == ' ' || list[i] == '\t' || list[i] == '\n' || list[i] == '\r')) ++i;
                size_t j = i;
                while (j < list.size() && list[j] != ' ' && list[j] != '\t' && list[j] != '\n' && list[j] != '\r') ++j;
                if (j > i) out.emplace_back(list.substr(i, j - i));
                i = j;
            }
        }
    }
    return out;
}

}  // namespace

bool is_ncname(std::string_view id) {
    if (id.empty()) return false;
    const auto start = [](unsigned char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; };
    const auto rest = [&](unsigned char c) { return start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9'); };
    if (!start(static_cast<unsigned char>(id[0]))) return false;
    for (char c : id.substr(1)) {
        if (!rest(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

std::optional<std::string> enveloped_c14n_of_parent(xmlNode* signature, bool skip_blank_text) {
    if (!signature || !signature->parent || signature->parent->type != XML_ELEMENT_NODE || !signature->doc) return std::nullopt;
    Scope scope{signature->parent, signature, skip_blank_text};
    bool exclusive = false;
    std::vector<std::string> prefixes = prefix_list(signature, exclusive);
    std::vector<xmlChar*> list;
    for (auto& p : prefixes) list.push_back(reinterpret_cast<xmlChar*>(p.data()));
    list.push_back(nullptr);
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer) return std::nullopt;
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buffer, nullptr);
    if (!out) {
        xmlBufferFree(buffer);
        return std::nullopt;
    }
    const int rc = xmlC14NExecute(signature->doc, visible, &scope, exclusive ? XML_C14N_EXCLUSIVE_1_0 : XML_C14N_1_0, exclusive && !prefixes.empty() ? list.data() : nullptr, 0, out);
    const int closed = xmlOutputBufferClose(out);
    std::optional<std::string> result;
    if (rc >= 0 && closed >= 0) result.emplace(reinterpret_cast<const char*>(xmlBufferContent(buffer)), static_cast<size_t>(xmlBufferLength(buffer)));
    xmlBufferFree(buffer);
    return result;
}

DigestCheck check_digest(xmlNode* signature, bool skip_blank_text) {
    xmlNode* si = xml::first_child(signature, xml::kDs, "SignedInfo");
    xmlNode* ref = xml::first_child(si, xml::kDs, "Reference");
    const std::string alg = xml::attr_or(xml::first_child(ref, xml::kDs, "DigestMethod"), "Algorithm");
    const EVP_MD* md = alg == "http://www.w3.org/2001/04/xmlenc#sha256"        ? EVP_sha256()
                       : alg == "http://www.w3.org/2001/04/xmldsig-more#sha384" ? EVP_sha384()
                       : alg == "http://www.w3.org/2001/04/xmlenc#sha512"       ? EVP_sha512()
                       : alg == "http://www.w3.org/2000/09/xmldsig#sha1"        ? EVP_sha1()
                                                                                 : nullptr;
    if (!md) return DigestCheck::unknown;
    auto expected = util::base64_decode(xml::text(xml::first_child(ref, xml::kDs, "DigestValue")), 1024);
    if (!expected) return DigestCheck::unknown;
    auto octets = enveloped_c14n_of_parent(signature, skip_blank_text);
    if (!octets) return DigestCheck::unknown;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(octets->data(), octets->size(), digest, &len, md, nullptr) != 1) return DigestCheck::unknown;
    return expected->size() == len && std::equal(digest, digest + len, expected->begin(), [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); })
               ? DigestCheck::match
               : DigestCheck::mismatch;
}

}  // namespace ssoctl::dsig
