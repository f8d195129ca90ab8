// libxml2 set up so that a pasted document can neither read files, reach the network nor blow up.
#include "xml/document.hpp"

#include <cstdint>
#include <mutex>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

#include "util/strings.hpp"
#include "xml/prescan.hpp"

namespace ssoctl::xml {
namespace {

xmlParserInputPtr refuse_entity(const char*, const char*, xmlParserCtxtPtr ctxt) {
    if (ctxt) xmlStopParser(ctxt);
    return nullptr;
}

void silent_error(void*, const char*, ...) {}
void silent_structured(void*, xmlErrorPtr) {}

/** `e` as a LibxmlError; `fallback` stands for a missing message (nullptr: then it is no error). */
LibxmlError libxml_error_of(const xmlError* e, const char* fallback) {
    if (!e || (!e->message && !fallback)) return {};
    return {e->line, std::string(util::trim(e->message ? e->message : fallback))};
}

/** malformed_input with libxml2's words as the detail, behind "line N:" in the reader's language. */
tl::unexpected<Error> refuse(std::string_view pattern, const LibxmlError& e) {
    if (e.empty()) return fail_fmt("malformed_input", pattern, {});
    return fail_fmt_detail("malformed_input", pattern, {}, N_("line {}: {}"), {std::to_string(e.line), e.message});
}

struct SaxState {
    bool doctype = false;
    LibxmlError namespace_error;  // the first error libxml2 raised in XML_FROM_NAMESPACE
};

void on_structured_error(void* ctx, xmlErrorPtr e) {
    if (!e || e->domain != XML_FROM_NAMESPACE || e->level < XML_ERR_ERROR) return;
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    auto* state = ctxt ? static_cast<SaxState*>(ctxt->_private) : nullptr;
    if (!state || !state->namespace_error.empty()) return;
    state->namespace_error = libxml_error_of(e, "namespace error");
}

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
        if (++nodes > limits.max_nodes) return fail_fmt("input_too_large", N_("the XML has more than {} nodes"), {std::to_string(limits.max_nodes)});
        if (n->type == XML_DTD_NODE || n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_DECL) {
            return fail_fmt("malformed_input", N_("the XML uses a DOCTYPE or entities, which SAML never needs (refused for safety)"), {});
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            if (++depth > limits.max_depth) return fail_fmt("malformed_input", N_("the XML is nested deeper than {} levels"), {std::to_string(limits.max_depth)});
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

LibxmlError last_error(xmlParserCtxt* ctxt) { return libxml_error_of(ctxt ? xmlCtxtGetLastError(ctxt) : nullptr, nullptr); }

Result<DocPtr> parse(std::string_view bytes, const ParseLimits& limits) {
    harden_globals();
    if (bytes.size() > limits.max_bytes) return fail_fmt("input_too_large", N_("the XML is larger than {} bytes"), {std::to_string(limits.max_bytes)});
    if (bytes.empty()) return fail_fmt("malformed_input", N_("the input is empty"), {});
    if (auto ok = prescan(bytes, limits.nodes); !ok) return tl::make_unexpected(ok.error());
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return fail_fmt("malformed_input", N_("cannot create an XML parser"), {});
    SaxState state;
    ctxt->_private = &state;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = nullptr;
    ctxt->sax->serror = on_structured_error;
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDoc* doc = xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), "input.xml", nullptr, options);
    const LibxmlError error = last_error(ctxt);
    const bool well_formed = ctxt->wellFormed;
    const bool ns_well_formed = ctxt->nsWellFormed;
    xmlFreeParserCtxt(ctxt);
    DocPtr owned(doc);
    if (state.doctype) return fail_fmt("malformed_input", N_("the XML has a DOCTYPE, which SAML never uses (refused: XXE/entity expansion risk)"), {});
    if (!doc || !well_formed) return refuse(N_("not well-formed XML"), error);
    if (!ns_well_formed || !state.namespace_error.empty()) {
        return refuse(N_("the XML breaks the namespace rules (an undeclared prefix, a rebound xml/xmlns prefix, a repeated attribute)"),
                      state.namespace_error.empty() ? error : state.namespace_error);
    }
    if (doc->intSubset || doc->extSubset) return fail_fmt("malformed_input", N_("the XML has a DOCTYPE, which SAML never uses (refused: XXE/entity expansion risk)"), {});
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return fail_fmt("malformed_input", N_("the XML has no root element"), {});
    if (auto ok = check_tree(root, limits); !ok) return tl::make_unexpected(ok.error());
    return owned;
}

namespace {

/** C1 controls, bidi overrides/isolates/marks and zero-width characters: invisible or reordering
 *  on a terminal, so a NameID can look like another (the summary escapes the same set). */
bool invisible(uint32_t cp) {
    return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

}  // namespace

std::string escape_invisible(std::string_view xml_text) {
    static const char* hexd = "0123456789ABCDEF";
    std::string out;
    out.reserve(xml_text.size());
    for (size_t i = 0; i < xml_text.size();) {
        const auto b0 = static_cast<unsigned char>(xml_text[i]);
        uint32_t cp = 0;
        size_t len = 1;
        if (b0 >= 0xC2 && b0 < 0xE0 && i + 1 < xml_text.size()) {
            cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(xml_text[i + 1]) & 0x3Fu);
            len = 2;
        } else if (b0 >= 0xE0 && b0 < 0xF0 && i + 2 < xml_text.size()) {
            cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(xml_text[i + 1]) & 0x3Fu) << 6) | (static_cast<unsigned char>(xml_text[i + 2]) & 0x3Fu);
            len = 3;
        }
        if (len > 1 && invisible(cp)) {
            out += "&#x";
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                const unsigned d = (cp >> shift) & 15u;
                if (d || started || shift == 0) {
                    out += hexd[d];
                    started = true;
                }
            }
            out += ';';
        } else {
            out.append(xml_text.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string pretty(xmlDoc* doc) {
    xmlChar* mem = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    std::string out(reinterpret_cast<char*>(mem), static_cast<size_t>(size));
    xmlFree(mem);
    return escape_invisible(out);
}

}  // namespace ssoctl::xml
