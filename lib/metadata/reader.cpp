// xmlTextReader walk over metadata: a small state machine keeps only the current EntityDescriptor.
// The reader frees every node behind it, so a 75 MB aggregate needs a few MB, not a DOM.
#include "metadata/reader.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "util/strings.hpp"
#include "xml/document.hpp"

namespace ssoctl::metadata {
namespace {

constexpr const char* kMd = "urn:oasis:names:tc:SAML:2.0:metadata";
constexpr const char* kDs = "http://www.w3.org/2000/09/xmldsig#";
constexpr const char* kMdui = "urn:oasis:names:tc:SAML:metadata:ui";
constexpr int kMaxDepth = 128;

struct ReaderFree {
    void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

std::string attr(xmlTextReaderPtr r, const char* name) {
    xmlChar* v = xmlTextReaderGetAttribute(r, reinterpret_cast<const xmlChar*>(name));
    if (!v) return {};
    std::string out(reinterpret_cast<char*>(v));
    xmlFree(v);
    return out;
}

std::optional<bool> bool_attr(xmlTextReaderPtr r, const char* name) {
    const std::string v = attr(r, name);
    if (v.empty()) return std::nullopt;
    return v == "true" || v == "1";
}

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
    Walker(xmlTextReaderPtr r, const EntityFn& fn) : m_r(r), m_fn(fn) {}

    Result<Document> run() {
        int ret = 0;
        while ((ret = xmlTextReaderRead(m_r)) == 1) {
            const int type = xmlTextReaderNodeType(m_r);
            switch (type) {
                case XML_READER_TYPE_ELEMENT: {
                    if (auto e = start(); !e) return tl::make_unexpected(e.error());
                    if (xmlTextReaderIsEmptyElement(m_r)) end();
                    break;
                }
                case XML_READER_TYPE_END_ELEMENT: end(); break;
                case XML_READER_TYPE_TEXT:
                case XML_READER_TYPE_CDATA:
                case XML_READER_TYPE_WHITESPACE:
                case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
                    if (m_capture != Capture::none) {
                        if (const xmlChar* v = xmlTextReaderConstValue(m_r)) m_text += reinterpret_cast<const char*>(v);
                    }
                    break;
                case XML_READER_TYPE_DOCUMENT_TYPE:
                case XML_READER_TYPE_ENTITY_REFERENCE:
                case XML_READER_TYPE_ENTITY:
                    return fail("malformed_input", "the metadata uses a DOCTYPE or entities, which SAML metadata never needs (refused for safety)");
                default: break;
            }
        }
        if (ret < 0) return fail("malformed_input", "the metadata is not well-formed XML", error_text());
        if (!m_seen_root) return fail("malformed_input", "the input is empty");
        if (!m_root_ok) return fail("malformed_input", "the root element is not md:EntityDescriptor or md:EntitiesDescriptor");
        return m_doc;
    }

private:
    std::string error_text() const {
        const xmlError* e = xmlGetLastError();
        if (!e || !e->message) return {};
        return "line " + std::to_string(e->line) + ": " + std::string(util::trim(e->message));
    }

    Result<void> start() {
        const int depth = xmlTextReaderDepth(m_r);
        if (depth > kMaxDepth) return fail("malformed_input", "the metadata is nested deeper than " + std::to_string(kMaxDepth) + " levels");
        const char* local = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(m_r));
        const char* ns = reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(m_r));
        if (!m_seen_root) {
            m_seen_root = true;
            if (!is(ns, kMd) || (!is(local, "EntitiesDescriptor") && !is(local, "EntityDescriptor"))) return {};
            m_root_ok = true;
            if (is(local, "EntitiesDescriptor")) {
                m_doc.aggregate = true;
                m_doc.name = attr(m_r, "Name");
                m_doc.valid_until = attr(m_r, "validUntil");
                m_doc.cache_duration = attr(m_r, "cacheDuration");
            }
        }
        if (!m_root_ok) return {};
        if (is(ns, kDs) && is(local, "Signature") && depth == 1) m_doc.signed_root = true;
        if (is(ns, kMd)) {
            if (is(local, "EntitiesDescriptor")) {
                std::string vu = attr(m_r, "validUntil");
                m_groups.push_back({depth, vu.empty() ? (m_groups.empty() ? std::string() : m_groups.back().valid_until) : vu});
                return {};
            }
            if (is(local, "EntityDescriptor") && !m_in_entity) {
                m_in_entity = true;
                m_entity_depth = depth;
                m_entity = Entity{};
                m_entity.entity_id = attr(m_r, "entityID");
                m_entity.valid_until = attr(m_r, "validUntil");
                m_entity.cache_duration = attr(m_r, "cacheDuration");
                if (!m_groups.empty()) m_entity.inherited_valid_until = m_groups.back().valid_until;
                m_entity.line = static_cast<size_t>(xmlTextReaderGetParserLineNumber(m_r));
                m_entity.index = m_doc.entities;
                m_have_display = false;
                return {};
            }
        }
        if (!m_in_entity) return {};
        if (is(ns, kMd) && depth == m_entity_depth + 1) {
            if (const std::string_view kind = role_kind(local); !kind.empty()) {
                m_in_role = true;
                Role role;
                role.kind = kind;
                role.element = local;
                role.valid_until = attr(m_r, "validUntil");
                if (kind == "idp") role.want_authn_requests_signed = bool_attr(m_r, "WantAuthnRequestsSigned");
                if (kind == "sp") role.authn_requests_signed = bool_attr(m_r, "AuthnRequestsSigned");
                m_entity.roles.push_back(std::move(role));
                return {};
            }
        }
        if (is(ns, kMd) && is(local, "OrganizationDisplayName") && !m_have_display && m_entity.display_name.empty()) {
            begin_capture(Capture::org_display_name);
            return {};
        }
        if (is(ns, kMdui) && is(local, "DisplayName") && !m_have_display) {
            const std::string lang = attr(m_r, "xml:lang");
            if (m_entity.display_name.empty() || lang == "en") {
                m_display_lang_en = lang == "en";
                begin_capture(Capture::display_name);
            }
            return {};
        }
        if (!m_in_role) return {};
        Role& role = m_entity.roles.back();
        if (is(ns, kMd)) {
            if (is(local, "KeyDescriptor")) {
                m_key_use = attr(m_r, "use");
                m_in_key = true;
            } else if (is(local, "SingleSignOnService") || is(local, "AssertionConsumerService") || is(local, "SingleLogoutService")) {
                Endpoint ep;
                ep.binding = attr(m_r, "Binding");
                ep.location = attr(m_r, "Location");
                const std::string index = attr(m_r, "index");
                if (!index.empty()) {
                    char* end = nullptr;
                    const long v = std::strtol(index.c_str(), &end, 10);
                    if (end && !*end) ep.index = static_cast<int>(v);
                }
                ep.is_default = bool_attr(m_r, "isDefault").value_or(false);
                auto& list = is(local, "SingleSignOnService") ? role.sso : is(local, "AssertionConsumerService") ? role.acs : role.slo;
                list.push_back(std::move(ep));
            } else if (is(local, "NameIDFormat")) {
                begin_capture(Capture::name_id_format);
            }
        } else if (m_in_key && is(ns, kDs) && is(local, "X509Certificate")) {
            m_cert_line = static_cast<size_t>(xmlTextReaderGetParserLineNumber(m_r));
            begin_capture(Capture::cert);
        }
        return {};
    }

    void begin_capture(Capture c) {
        m_capture = c;
        m_capture_depth = xmlTextReaderDepth(m_r);
        m_text.clear();
    }

    void end() {
        const int depth = xmlTextReaderDepth(m_r);
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
        } else if (m_in_key && is(reinterpret_cast<const char*>(xmlTextReaderConstLocalName(m_r)), "KeyDescriptor")) {
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

    xmlTextReaderPtr m_r;
    const EntityFn& m_fn;
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

constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS;

Result<Document> walk(xmlTextReaderPtr r, const EntityFn& fn) {
    if (!r) return fail("malformed_input", "cannot create an XML reader");
    std::unique_ptr<xmlTextReader, ReaderFree> guard(r);
    xmlResetLastError();
    return Walker(r, fn).run();
}

}  // namespace

Result<Document> read_file(const std::string& path, const EntityFn& on_entity) {
    xml::harden_globals();
    const int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail("io_error", "cannot open '" + util::visible(path) + "'", std::strerror(errno));
    auto result = walk(xmlReaderForFd(fd, path.c_str(), nullptr, kOptions), on_entity);
    close(fd);
    return result;
}

Result<Document> read_memory(std::string_view xml, const EntityFn& on_entity) {
    xml::harden_globals();
    if (xml.empty()) return fail("malformed_input", "the input is empty");
    if (xml.size() > static_cast<size_t>(INT32_MAX)) return fail("input_too_large", "the metadata is larger than 2 GiB");
    return walk(xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), "metadata.xml", nullptr, kOptions), on_entity);
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
