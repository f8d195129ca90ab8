// Trust loading: only what the admin named is trusted; nothing from the message itself.
#include "dsig/trust_store.hpp"

#include <fstream>
#include <sstream>

#include "i18n/i18n.hpp"
#include "metadata/fetch.hpp"
#include "metadata/placement.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"
#include "xml/document.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

Result<std::string> read_whole(const std::string& path, size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return i18n::failure("io_error", N_("cannot read '{}'"), {path});
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string s = std::move(buf).str();
    if (s.size() > max_bytes) return i18n::failure("input_too_large", N_("'{}' is larger than {} bytes"), {path, std::to_string(max_bytes)});
    return s;
}

}  // namespace

std::string Fingerprint::text() const {
    std::string out = algorithm + ":";
    for (size_t i = 0; i < hex.size(); i += 2) {
        if (i) out += ':';
        out += hex.substr(i, 2);
    }
    return out;
}

const Fingerprint* matching_pin(const TrustStore& store, const x509::CertInfo& cert) {
    for (const auto& fp : store.fingerprints) {
        if ((fp.algorithm == "sha256" && fp.hex == cert.sha256) || (fp.algorithm == "sha1" && fp.hex == cert.sha1)) return &fp;
    }
    return nullptr;
}

Result<TrustStore> load_trust(const TrustSources& src) {
    TrustStore store;
    for (const auto& path : src.cert_files) {
        auto bytes = read_whole(path, 16u << 20);
        if (!bytes) return tl::make_unexpected(bytes.error());
        const size_t slash = path.rfind('/');
        auto added = add_cert_file(store, "--idp-cert " + (slash == std::string::npos ? path : path.substr(slash + 1)), *bytes);
        if (!added) return i18n::failure(added.error().code, i18n::text(N_("'{}': {}"), {{path}, i18n::text_of(added.error())}), i18n::detail_of(added.error()));
    }
    if (!src.metadata.empty()) {
        Result<std::string> bytes;
        if (metadata::is_url(src.metadata)) {
            metadata::FetchOptions fo;
            fo.timeout_ms = src.timeout_ms;
            fo.max_bytes = 64u << 20;
            bytes = metadata::fetch(src.metadata, fo);
        } else {
            bytes = read_whole(src.metadata, 64u << 20);
        }
        if (!bytes) return tl::make_unexpected(bytes.error());
        auto added = add_idp_metadata(store, *bytes, src.entity_id);
        if (!added) {
            return i18n::failure(added.error().code, i18n::text(N_("'{}': {}"), {{src.metadata}, i18n::text_of(added.error())}), i18n::detail_of(added.error()));
        }
    }
    for (const auto& text : src.fingerprints) {
        auto fp = parse_fingerprint(text);
        if (!fp) return tl::make_unexpected(fp.error());
        store.fingerprints.push_back(std::move(*fp));
    }
    return store;
}

diag::Text TrustedKey::verified_by() const {
    return i18n::text(N_("{}, {}, expires {}"), {label_text(), {cert.subject}, {util::format_rfc3339(cert.not_after)}});
}

Result<TrustedKey> key_from_der(diag::Text label, std::string der) {
    auto cert = x509::parse_der(der);
    if (!cert) return tl::make_unexpected(cert.error());
    EVP_PKEY* pub = X509_get_pubkey(cert->get());
    if (!pub) return i18n::failure("malformed_input", N_("the certificate has no usable public key"));
    TrustedKey k;
    k.cert = x509::describe(cert->get());
    k.label = std::move(label.en);
    k.label_ja = std::move(label.ja);
    k.cert_der = std::move(der);
    k.public_key.reset(pub, EVP_PKEY_free);
    return k;
}

Result<void> add_cert_file(TrustStore& store, const std::string& label_prefix, std::string_view bytes) {
    auto certs = x509::parse_any(bytes);
    if (!certs) return tl::make_unexpected(certs.error());
    const size_t n = certs->size();
    for (size_t i = 0; i < n; ++i) {
        const diag::Text label = n > 1 ? i18n::text(N_("{} (certificate {} of {})"), {{label_prefix}, {std::to_string(i + 1)}, {std::to_string(n)}})
                                       : diag::Text{label_prefix, {}};
        auto key = key_from_der(label, x509::der_of((*certs)[i].get()));
        if (!key) return tl::make_unexpected(key.error());
        store.keys.push_back(std::move(*key));
    }
    return {};
}

Result<void> add_idp_metadata(TrustStore& store, std::string_view xml_bytes, std::string_view entity_id) {
    xml::ParseLimits limits;
    limits.max_bytes = 64u << 20;
    limits.max_nodes = 5'000'000;
    auto doc = xml::parse(xml_bytes, limits);
    if (!doc) return tl::make_unexpected(doc.error());
    auto placed = metadata::placed_entities(xmlDocGetRootElement(doc->get()));  // entities in their schema place only
    if (!placed) return tl::make_unexpected(placed.error());
    std::vector<xmlNode*> idps;
    for (xmlNode* e : *placed) {
        if (xml::first_child(e, xml::kMd, "IDPSSODescriptor")) idps.push_back(e);
    }
    xmlNode* entity = nullptr;
    if (!entity_id.empty()) {
        for (xmlNode* e : idps) {
            if (xml::attr_or(e, "entityID") == entity_id) entity = e;
        }
        if (!entity) return i18n::failure("malformed_input", N_("the metadata has no IdP with entityID '{}'"), {entity_id});
    } else if (idps.size() == 1) {
        entity = idps.front();
    } else if (idps.empty()) {
        return i18n::failure("malformed_input", N_("the metadata has no EntityDescriptor with an IDPSSODescriptor"));
    } else {
        return i18n::failure("malformed_input", N_("the metadata holds {} IdPs; pick one with --idp-entity-id"), {std::to_string(idps.size())});
    }
    const std::string id = xml::attr_or(entity, "entityID");
    std::vector<std::string> ders;
    for (xmlNode* kd : xml::children(xml::first_child(entity, xml::kMd, "IDPSSODescriptor"), xml::kMd, "KeyDescriptor")) {
        const std::string use = xml::attr_or(kd, "use");
        if (!use.empty() && use != "signing") continue;
        for (xmlNode* data : xml::children(xml::first_child(kd, xml::kDs, "KeyInfo"), xml::kDs, "X509Data")) {
            for (xmlNode* c : xml::children(data, xml::kDs, "X509Certificate")) {
                auto der = util::base64_decode(xml::text(c), 1u << 20);
                if (!der) return i18n::failure("malformed_input", N_("a signing certificate in the metadata is not base64"));
                ders.push_back(std::move(*der));
            }
        }
    }
    if (ders.empty()) return i18n::failure("malformed_input", N_("the IdP '{}' in the metadata has no signing certificate"), {id});
    for (size_t i = 0; i < ders.size(); ++i) {
        auto key = key_from_der(i18n::text(N_("metadata signing key {} of {}"), {{std::to_string(i + 1)}, {std::to_string(ders.size())}}), std::move(ders[i]));
        if (!key) return tl::make_unexpected(key.error());
        store.keys.push_back(std::move(*key));
    }
    store.idp_entity_ids.push_back(id);
    return {};
}

Result<Fingerprint> parse_fingerprint(std::string_view text) {
    // As consoles show them: "sha256:AB:CD…", "SHA1:…", a bare 40-hex thumbprint (Entra, ADFS),
    // colon/space/dash separated, either case; the length says the algorithm when none is named.
    text = util::trim(text);
    Fingerprint fp;
    std::string_view digits = text;
    const std::string lower = util::to_lower(text.substr(0, std::min<size_t>(text.size(), 8)));
    for (std::string_view prefix : {"sha-256:", "sha256:", "sha-1:", "sha1:"}) {
        if (lower.starts_with(prefix)) {
            fp.algorithm = prefix.find("256") != std::string_view::npos ? "sha256" : "sha1";
            digits = text.substr(prefix.size());
            break;
        }
    }
    for (char c : digits) {
        if (c == ':' || c == ' ' || c == '-') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return i18n::failure("malformed_input", N_("'{}' is not a hex digit; a fingerprint looks like sha256:AB:CD:… or a 40-hex SHA-1 thumbprint"), {std::string(1, c)});
        }
        fp.hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (fp.algorithm.empty()) {
        if (fp.hex.size() == 64) fp.algorithm = "sha256";
        else if (fp.hex.size() == 40) fp.algorithm = "sha1";
        else return i18n::failure("malformed_input", N_("{} hex digits: expected 64 (SHA-256) or 40 (SHA-1 thumbprint)"), {std::to_string(fp.hex.size())});
    }
    const size_t want = fp.algorithm == "sha256" ? 64u : 40u;
    if (fp.hex.size() != want) {
        return i18n::failure("malformed_input", N_("the {} fingerprint has {} hex digits, expected {}"), {fp.algorithm, std::to_string(fp.hex.size()), std::to_string(want)});
    }
    return fp;
}

}  // namespace ssoctl::dsig
