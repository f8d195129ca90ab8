// SAX2 walk over metadata: a small state machine keeps only the current EntityDescriptor and no
// tree is ever built, so a 75 MB aggregate needs a few MB and runs near libxml2's parse floor.
#include "metadata/reader.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "xml/document.hpp"
#include "xml/prescan.hpp"

namespace ssoctl::metadata {
namespace {

constexpr const char* kMd = "urn:oasis:names:tc:SAML:2.0:metadata";
constexpr const char* kDs = "http://www.w3.org/2000/09/xmldsig#";
constexpr const char* kMdui = "urn:oasis:names:tc:SAML:metadata:ui";
constexpr int kMaxDepth = 128;

// The attributes of the current start tag, as libxml2's SAX2 hands them over:
// 5 pointers each (localname, prefix, URI, value begin, value end).
// Without entity substitution libxml2 hands '&' in attribute values over as "&#38;" (kept for a
// tree builder); every other reference is already resolved. Undo that one.
std::string unescape(std::string_view v) {
    size_t amp = v.find("&#38;");
    if (amp == std::string_view::npos) return std::string(v);  // the common case: one copy, no scan per byte
    std::string out;
    out.reserve(v.size());
    size_t from = 0;
    for (; amp != std::string_view::npos; amp = v.find("&#38;", from)) {
        out.append(v, from, amp - from);
        out += '&';
        from = amp + 5;
    }
    out.append(v, from);
    return out;
}

struct Attrs {
    const xmlChar** data = nullptr;
    int count = 0;

    std::string get(const char* name) const {
        const char* colon = std::strchr(name, ':');
        for (int i = 0; i < count; ++i) {
            const char* local = reinterpret_cast<const char*>(data[i * 5]);
            const char* prefix = reinterpret_cast<const char*>(data[i * 5 + 1]);
            const bool match = colon ? (prefix && std::strncmp(prefix, name, static_cast<size_t>(colon - name)) == 0 &&
                                        prefix[colon - name] == '\0' && std::strcmp(local, colon + 1) == 0)
                                     : (!prefix && std::strcmp(local, name) == 0);
            if (match) return unescape(std::string_view(reinterpret_cast<const char*>(data[i * 5 + 3]),
                                                        static_cast<size_t>(data[i * 5 + 4] - data[i * 5 + 3])));
        }
        return {};
    }
    std::optional<bool> flag(const char* name) const {
        const std::string v = get(name);
        if (v.empty()) return std::nullopt;
        return v == "true" || v == "1";
    }
};

bool is(const char* a, const char* b) { return a && std::strcmp(a, b) == 0; }

std::string_view role_kind(const char* local) {
    if (is(local, "IDPSSODescriptor")) return "idp";
    if (is(local, "SPSSODescriptor")) return "sp";
    if (is(local, "AttributeAuthorityDescriptor")) return "aa";
    if (is(local, "AuthnAuthorityDescriptor")) return "authn";
    if (is(local, "PDPDescriptor")) return "pdp";
    if (is(local, "RoleDescriptor")) return "role";
    return {};
}

enum class Capture { none, cert, name_id_format, display_name, org_display_name };

class Walker {
public:
    explicit Walker(const EntityFn& fn) : m_fn(fn) {}

    void attach(xmlParserCtxtPtr ctxt) { m_ctxt = ctxt; }

    /** The verdict once the parser has finished. */
    Result<Document> finish(bool well_formed) {
        if (m_refused) return i18n::failure("malformed_input", N_("the metadata uses a DOCTYPE or entities, which SAML metadata never needs (refused for safety)"));
        if (m_error) return tl::make_unexpected(*m_error);
        if (!well_formed) return i18n::failure("malformed_input", i18n::text(N_("the metadata is not well-formed XML")), libxml_error());
        if (!m_seen_root) return i18n::failure("malformed_input", N_("the input is empty"));
        if (!m_root_ok) return i18n::failure("malformed_input", N_("the root element is not md:EntityDescriptor or md:EntitiesDescriptor"));
        return m_doc;
    }

    static void on_start(void* self, const xmlChar* local, const xmlChar*, const xmlChar* uri, int, const xmlChar**, int nb_attributes,
                         int, const xmlChar** attributes) {
        auto* w = static_cast<Walker*>(self);
        ++w->m_depth;
        w->m_local = reinterpret_cast<const char*>(local);
        w->m_ns = reinterpret_cast<const char*>(uri);
        w->m_attrs = Attrs{attributes, nb_attributes};
        w->m_names.push_back(w->m_local);
        if (auto e = w->start(); !e) w->abort(e.error());
    }
    static void on_end(void* self, const xmlChar* local, const xmlChar*, const xmlChar*) {
        auto* w = static_cast<Walker*>(self);
        w->m_local = reinterpret_cast<const char*>(local);
        w->end();
        --w->m_depth;
        if (!w->m_names.empty()) w->m_names.pop_back();
    }
    static void on_text(void* self, const xmlChar* text, int len) {
        auto* w = static_cast<Walker*>(self);
        if (w->m_capture == Capture::none) return;
        if (w->m_text.size() + static_cast<size_t>(len) > kMaxTextBytes) {
            w->abort(i18n::error_of("input_too_large", N_("the text of an element at line {} is longer than {} bytes (the reader's cap; a real certificate is a few KiB)"),
                                    {std::to_string(w->line()), std::to_string(kMaxTextBytes)}));
            return;
        }
        w->m_text.append(reinterpret_cast<const char*>(text), static_cast<size_t>(len));
    }
    static void on_doctype(void* self, const xmlChar*, const xmlChar*, const xmlChar*) { static_cast<Walker*>(self)->refuse(); }
    static void on_entity_decl(void* self, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) { static_cast<Walker*>(self)->refuse(); }
    static void on_reference(void* self, const xmlChar*) { static_cast<Walker*>(self)->refuse(); }
    static xmlEntityPtr on_get_entity(void* self, const xmlChar* name) {
        if (xmlEntityPtr predefined = xmlGetPredefinedEntity(name)) return predefined;
        static_cast<Walker*>(self)->refuse();
        return nullptr;
    }

private:
    void refuse() {
        m_refused = true;
        xmlStopParser(m_ctxt);
    }
    void abort(Error e) {
        if (!m_error) m_error = std::move(e);
        xmlStopParser(m_ctxt);
    }

    /** libxml2's last error behind "line N:" in both languages; its own words stay English. */
    diag::Text libxml_error() const {
        const xml::LibxmlError e = xml::last_error(m_ctxt);
        if (e.empty()) return {};
        const std::string line = std::to_string(e.line);
        return i18n::text(N_("line {}: {}"), {{line, line}, {e.message, e.message}});
    }

    size_t line() const { return static_cast<size_t>(xmlSAX2GetLineNumber(m_ctxt)); }

    Result<void> start() {
        const int depth = m_depth;
        if (depth > kMaxDepth) return i18n::failure("malformed_input", N_("the metadata is nested deeper than {} levels"), {std::to_string(kMaxDepth)});
        const char* local = m_local;
        const char* ns = m_ns;
        if (!m_seen_root) {
            m_seen_root = true;
            if (!is(ns, kMd) || (!is(local, "EntitiesDescriptor") && !is(local, "EntityDescriptor"))) return {};
            m_root_ok = true;
            if (is(local, "EntitiesDescriptor")) {
                m_doc.aggregate = true;
                m_doc.name = m_attrs.get("Name");
                m_doc.valid_until = m_attrs.get("validUntil");
                m_doc.cache_duration = m_attrs.get("cacheDuration");
            }
        }
        if (!m_root_ok) return {};
        if (m_skip_depth >= 0) return {};  // inside a misplaced entity: nothing of it is read
        if (is(ns, kDs) && is(local, "Signature")) {
            if (depth == 1) m_doc.signed_root = true;
            else ++m_doc.signatures_elsewhere;
            if (m_sig_depth < 0) m_sig_depth = depth;
        }
        // An entity counts only in its schema place: the root, or a child of an EntitiesDescriptor
        // that is itself in its place. Anywhere else (inside a ds:Signature, KeyInfo, ds:Object,
        // md:Extensions, another entity) it is listed as misplaced and skipped whole.
        const bool in_place = depth == 0 || (!m_groups.empty() && m_groups.back().depth == depth - 1 && !m_in_entity && m_sig_depth < 0);
        if (is(ns, kMd) && (is(local, "EntitiesDescriptor") || is(local, "EntityDescriptor")) && !in_place) {
            misplaced(depth);
            return {};
        }
        if (is(ns, kMd)) {
            if (is(local, "EntitiesDescriptor")) {
                std::string vu = m_attrs.get("validUntil");
                m_groups.push_back({depth, vu.empty() ? (m_groups.empty() ? std::string() : m_groups.back().valid_until) : vu});
                return {};
            }
            if (is(local, "EntityDescriptor")) {
                m_in_entity = true;
                m_entity_depth = depth;
                m_entity = Entity{};
                m_entity.entity_id = m_attrs.get("entityID");
                m_entity.valid_until = m_attrs.get("validUntil");
                m_entity.cache_duration = m_attrs.get("cacheDuration");
                if (!m_groups.empty()) m_entity.inherited_valid_until = m_groups.back().valid_until;
                m_entity.line = line();
                m_entity.index = m_doc.entities;
                m_have_display = false;
                return {};
            }
        }
        if (!m_in_entity || m_sig_depth >= 0) return {};
        if (is(ns, kMd) && depth == m_entity_depth + 1) {
            if (const std::string_view kind = role_kind(local); !kind.empty()) {
                m_in_role = true;
                Role role;
                role.kind = kind;
                role.element = local;
                role.valid_until = m_attrs.get("validUntil");
                if (kind == "role") role.type = m_attrs.get("xsi:type");
                if (kind == "idp") role.want_authn_requests_signed = m_attrs.flag("WantAuthnRequestsSigned");
                if (kind == "sp") role.authn_requests_signed = m_attrs.flag("AuthnRequestsSigned");
                m_entity.roles.push_back(std::move(role));
                return {};
            }
        }
        if (is(ns, kMd) && is(local, "OrganizationDisplayName") && !m_have_display && m_entity.display_name.empty()) {
            begin_capture(Capture::org_display_name);
            return {};
        }
        if (is(ns, kMdui) && is(local, "DisplayName") && !m_have_display) {
            const std::string lang = m_attrs.get("xml:lang");
            if (m_entity.display_name.empty() || lang == "en") {
                m_display_lang_en = lang == "en";
                begin_capture(Capture::display_name);
            }
            return {};
        }
        if (!m_in_role) return {};
        Role& role = m_entity.roles.back();
        if (is(ns, kMd) && depth == m_entity_depth + 2) {
            if (is(local, "KeyDescriptor")) {
                m_key_use = m_attrs.get("use");
                m_in_key = true;
            } else if (is(local, "SingleSignOnService") || is(local, "AssertionConsumerService") || is(local, "SingleLogoutService")) {
                Endpoint ep;
                ep.binding = m_attrs.get("Binding");
                ep.location = m_attrs.get("Location");
                const std::string index = m_attrs.get("index");
                if (!index.empty()) {
                    char* end = nullptr;
                    const long v = std::strtol(index.c_str(), &end, 10);
                    if (end && !*end) ep.index = static_cast<int>(v);
                }
                ep.is_default = m_attrs.flag("isDefault").value_or(false);
                auto& list = is(local, "SingleSignOnService") ? role.sso : is(local, "AssertionConsumerService") ? role.acs : role.slo;
                list.push_back(std::move(ep));
            } else if (is(local, "NameIDFormat")) {
                begin_capture(Capture::name_id_format);
            }
        } else if (m_in_key && is(ns, kDs) && is(local, "X509Certificate")) {
            m_cert_line = line();
            begin_capture(Capture::cert);
        }
        return {};
    }

    /** Records an EntityDescriptor outside its schema place and skips it. A misplaced
     *  EntitiesDescriptor is not a group: each EntityDescriptor in it is misplaced in turn. */
    void misplaced(int depth) {
        if (!is(m_local, "EntityDescriptor")) return;
        m_skip_depth = depth;
        ++m_doc.misplaced_total;
        if (m_doc.misplaced.size() >= Document::kMaxMisplaced) return;
        Misplaced m;
        m.entity_id = m_attrs.get("entityID");
        m.line = line();
        if (m_sig_depth >= 0) {
            m.inside = "ds:Signature";
        } else if (m_names.size() >= 2) {
            m.inside = m_names[m_names.size() - 2];
        }
        m_doc.misplaced.push_back(std::move(m));
    }

    void begin_capture(Capture c) {
        m_capture = c;
        m_capture_depth = m_depth;
        m_text.clear();
    }

    void end() {
        const int depth = m_depth;
        if (m_skip_depth >= 0) {
            if (depth == m_skip_depth) m_skip_depth = -1;
            return;
        }
        if (m_sig_depth == depth) m_sig_depth = -1;
        if (m_capture != Capture::none && depth == m_capture_depth) {
            finish_capture();
            m_capture = Capture::none;
        }
        if (!m_groups.empty() && m_groups.back().depth == depth) {
            m_groups.pop_back();
            return;
        }
        if (!m_in_entity) return;
        if (depth == m_entity_depth) {
            m_in_entity = m_in_role = m_in_key = false;
            ++m_doc.entities;
            m_fn(std::move(m_entity));
            m_entity = Entity{};
        } else if (depth == m_entity_depth + 1) {
            m_in_role = m_in_key = false;
        } else if (m_in_key && is(m_local, "KeyDescriptor")) {
            m_in_key = false;
        }
    }

    void finish_capture() {
        switch (m_capture) {
            case Capture::cert:
                if (m_in_role) m_entity.roles.back().keys.push_back({m_key_use, std::move(m_text), m_cert_line});
                break;
            case Capture::name_id_format:
                if (m_in_role) m_entity.roles.back().name_id_formats.emplace_back(util::trim(m_text));
                break;
            case Capture::display_name:
                m_entity.display_name = std::string(util::trim(m_text));
                if (m_display_lang_en) m_have_display = true;
                break;
            case Capture::org_display_name:
                m_entity.display_name = std::string(util::trim(m_text));
                break;
            case Capture::none: break;
        }
        m_text.clear();
    }

    struct Group {
        int depth;
        std::string valid_until;
    };

    xmlParserCtxtPtr m_ctxt = nullptr;
    const EntityFn& m_fn;
    int m_depth = -1;  // the root element is depth 0, as xmlTextReaderDepth counted
    const char* m_local = nullptr;
    const char* m_ns = nullptr;
    Attrs m_attrs;
    bool m_refused = false;
    std::optional<Error> m_error;
    std::vector<const char*> m_names;  // local names of the open elements (libxml2's dictionary strings)
    int m_skip_depth = -1;  // depth of the misplaced entity being skipped
    int m_sig_depth = -1;   // depth of the outermost open ds:Signature
    Document m_doc;
    bool m_seen_root = false, m_root_ok = false;
    std::vector<Group> m_groups;
    bool m_in_entity = false, m_in_role = false, m_in_key = false;
    int m_entity_depth = 0;
    Entity m_entity;
    std::string m_key_use;
    size_t m_cert_line = 0;
    Capture m_capture = Capture::none;
    int m_capture_depth = 0;
    std::string m_text;
    bool m_have_display = false, m_display_lang_en = false;
};

xml::NodeLimits node_limits() {
    xml::NodeLimits limits;
    limits.max_token_bytes = kMaxTextBytes;
    return limits;
}

constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;

xmlSAXHandler make_handler() {
    xmlSAXHandler sax{};
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = Walker::on_start;
    sax.endElementNs = Walker::on_end;
    sax.characters = Walker::on_text;
    sax.cdataBlock = Walker::on_text;
    sax.ignorableWhitespace = Walker::on_text;
    sax.internalSubset = Walker::on_doctype;
    sax.externalSubset = Walker::on_doctype;
    sax.entityDecl = Walker::on_entity_decl;
    sax.reference = Walker::on_reference;
    sax.getEntity = Walker::on_get_entity;
    return sax;
}

struct CtxtFree {
    void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

// Feeds `next` chunks to a push parser; `next` returns the bytes read, 0 at the end, -1 on error.
template <class Next>
Result<Document> parse_chunks(const char* name, const EntityFn& fn, Next next) {
    xml::harden_globals();
    Walker walker(fn);
    xmlSAXHandler sax = make_handler();
    std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlCreatePushParserCtxt(&sax, &walker, nullptr, 0, name));
    if (!ctxt) return i18n::failure("malformed_input", N_("cannot create an XML parser"));
    xmlCtxtUseOptions(ctxt.get(), kOptions);
    ctxt->linenumbers = 1;
    walker.attach(ctxt.get());
    static thread_local char buf[256 * 1024];
    size_t total = 0;
    // Every node is bounded on the raw bytes before libxml2 buffers it: in push mode libxml2 holds
    // a whole text node until its end tag arrives, so one giant node would grow memory without end.
    xml::Prescan prescan(node_limits());
    while (true) {
        const long n = next(buf, sizeof buf);
        if (n < 0) return i18n::failure("io_error", N_("cannot read '{}'"), {name}, std::strerror(errno));
        total += static_cast<size_t>(n);
        if (n == 0 && total == 0) return i18n::failure("malformed_input", N_("the input is empty"));
        if (auto ok = prescan.feed(std::string_view(buf, static_cast<size_t>(n))); !ok) return tl::make_unexpected(ok.error());
        const int rc = xmlParseChunk(ctxt.get(), buf, static_cast<int>(n), n == 0 ? 1 : 0);
        if (rc != 0 || ctxt->disableSAX || n == 0) break;
    }
    return walker.finish(ctxt->wellFormed != 0 && ctxt->nsWellFormed != 0 && ctxt->errNo == 0);
}

}  // namespace

Result<Document> read_file(const std::string& path, const EntityFn& on_entity) {
    const int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return i18n::failure("io_error", N_("cannot open '{}'"), {util::visible(path)}, std::strerror(errno));
    auto result = parse_chunks(path.c_str(), on_entity, [fd](char* buf, size_t size) -> long {
        ssize_t n = 0;
        do {
            n = ::read(fd, buf, size);
        } while (n < 0 && errno == EINTR);
        return static_cast<long>(n);
    });
    close(fd);
    return result;
}

Result<void> prescan_file(const std::string& path) {
    const int fd = path == "-" ? -1 : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return i18n::failure("io_error", N_("cannot open '{}'"), {util::visible(path)}, std::strerror(errno));
    xml::Prescan prescan(node_limits());
    static thread_local char buf[256 * 1024];
    Result<void> result;
    while (true) {
        ssize_t n = 0;
        do {
            n = ::read(fd, buf, sizeof buf);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            result = i18n::failure("io_error", N_("cannot read '{}'"), {util::visible(path)}, std::strerror(errno));
            break;
        }
        if (n == 0) break;
        if (auto ok = prescan.feed(std::string_view(buf, static_cast<size_t>(n))); !ok) {
            result = ok;
            break;
        }
    }
    close(fd);
    return result;
}

Result<Document> read_memory(std::string_view xml, const EntityFn& on_entity) {
    if (xml.empty()) return i18n::failure("malformed_input", N_("the input is empty"));
    size_t offset = 0;
    return parse_chunks("metadata.xml", on_entity, [&](char* buf, size_t size) -> long {
        const size_t n = std::min(size, xml.size() - offset);
        std::memcpy(buf, xml.data() + offset, n);
        offset += n;
        return static_cast<long>(n);
    });
}

bool looks_like_metadata(std::string_view head) {
    size_t pos = 0;
    if (util::starts_with(head, "\xef\xbb\xbf")) pos = 3;
    // Skip the XML declaration, comments and processing instructions before the root.
    while (true) {
        while (pos < head.size() && std::isspace(static_cast<unsigned char>(head[pos]))) ++pos;
        if (head.substr(pos, 2) == "<?") {
            pos = head.find("?>", pos);
            if (pos == std::string_view::npos) return false;
            pos += 2;
        } else if (head.substr(pos, 4) == "<!--") {
            pos = head.find("-->", pos);
            if (pos == std::string_view::npos) return false;
            pos += 3;
        } else {
            break;
        }
    }
    if (pos >= head.size() || head[pos] != '<') return false;
    size_t end = pos + 1;
    while (end < head.size() && !std::isspace(static_cast<unsigned char>(head[end])) && head[end] != '>' && head[end] != '/') ++end;
    std::string_view tag = head.substr(pos + 1, end - pos - 1);
    if (const size_t colon = tag.find(':'); colon != std::string_view::npos) tag.remove_prefix(colon + 1);
    return tag == "EntityDescriptor" || tag == "EntitiesDescriptor";
}

std::string short_binding(std::string_view urn) {
    const size_t colon = urn.rfind(':');
    return std::string(colon == std::string_view::npos ? urn : urn.substr(colon + 1));
}

}  // namespace ssoctl::metadata
