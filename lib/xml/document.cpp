// libxml2 set up so that a pasted document can neither read files, reach the network nor blow up.
#include "xml/document.hpp"

#include <mutex>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

namespace ssoctl::xml {
namespace {

xmlParserInputPtr refuse_entity(const char*, const char*, xmlParserCtxtPtr ctxt) {
    if (ctxt) xmlStopParser(ctxt);
    return nullptr;
}

void silent_error(void*, const char*, ...) {}
void silent_structured(void*, xmlErrorPtr) {}

struct SaxState {
    bool doctype = false;
};

void on_internal_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    static_cast<SaxState*>(ctxt->_private)->doctype = true;
    xmlStopParser(ctxt);
}

Result<void> check_tree(xmlNode* root, const ParseLimits& limits) {
    size_t nodes = 0;
    int depth = 0;
    xmlNode* n = root;
    while (n) {
        if (++nodes > limits.max_nodes) return fail("input_too_large", "the XML has more than " + std::to_string(limits.max_nodes) + " nodes");
        if (n->type == XML_DTD_NODE || n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_DECL) {
            return fail("malformed_input", "the XML uses a DOCTYPE or entities, which SAML never needs (refused for safety)");
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            if (++depth > limits.max_depth) return fail("malformed_input", "the XML is nested deeper than " + std::to_string(limits.max_depth) + " levels");
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (!n || n->type == XML_DOCUMENT_NODE) return {};
            --depth;
        }
        if (n) n = n->next;
    }
    return {};
}

}  // namespace

void harden_globals() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        xmlSetExternalEntityLoader(refuse_entity);
        xmlSetGenericErrorFunc(nullptr, silent_error);
        xmlSetStructuredErrorFunc(nullptr, silent_structured);
        xmlLoadExtDtdDefaultValue = 0;
        xmlSubstituteEntitiesDefault(0);
    });
}

Result<DocPtr> parse(std::string_view bytes, const ParseLimits& limits) {
    harden_globals();
    if (bytes.size() > limits.max_bytes) return fail("input_too_large", "the XML is larger than " + std::to_string(limits.max_bytes) + " bytes");
    if (bytes.empty()) return fail("malformed_input", "the input is empty");
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return fail("malformed_input", "cannot create an XML parser");
    SaxState state;
    ctxt->_private = &state;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = nullptr;
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDoc* doc = xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), "input.xml", nullptr, options);
    std::string error;
    if (const xmlError* e = xmlCtxtGetLastError(ctxt); e && e->message) {
        error = e->message;
        while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
        error = "line " + std::to_string(e->line) + ": " + error;
    }
    const bool well_formed = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    DocPtr owned(doc);
    if (state.doctype) return fail("malformed_input", "the XML has a DOCTYPE, which SAML never uses (refused: XXE/entity expansion risk)");
    if (!doc || !well_formed) return fail("malformed_input", "not well-formed XML", error);
    if (doc->intSubset || doc->extSubset) return fail("malformed_input", "the XML has a DOCTYPE, which SAML never uses (refused: XXE/entity expansion risk)");
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return fail("malformed_input", "the XML has no root element");
    if (auto ok = check_tree(root, limits); !ok) return tl::make_unexpected(ok.error());
    return owned;
}

std::string pretty(xmlDoc* doc) {
    xmlChar* mem = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    std::string out(reinterpret_cast<char*>(mem), static_cast<size_t>(size));
    xmlFree(mem);
    return out;
}

}  // namespace ssoctl::xml
