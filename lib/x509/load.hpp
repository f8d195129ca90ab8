// Certificate targets of cert-expiry: files (PEM/DER/PKCS#12/metadata), directories, metadata URLs, TLS endpoints.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <array>
#include <unordered_map>
#include <vector>

#include "util/result.hpp"
#include "x509/cert.hpp"

namespace ssoctl::x509 {

enum class TargetKind { file, directory, stdin_input, metadata_url, tls };

/** `https://host[:port]` (no path) and `tls://host:port` are TLS endpoints; other http(s) URLs
 *  are metadata URLs; `-` is stdin; anything else a path (file or directory, decided on disk). */
TargetKind classify_target(const std::string& target);

/** Where one certificate was found. */
struct CertEntry {
    std::string source;     // file path, URL or host:port
    std::string kind;       // pem, der, pkcs12, metadata, tls
    std::string entity_id;  // metadata only
    std::string role;       // idp, sp, … (metadata only)
    std::string use;        // signing, encryption, "" = both (metadata only)
    int chain_index = -1;   // position in a TLS chain (0 = leaf)
    size_t line = 0;        // metadata line of the X509Certificate
    std::shared_ptr<const CertInfo> info;
};

struct LoadOptions {
    std::string password;        // PKCS#12
    bool have_password = false;
    int timeout_ms = 10000;
    std::string ca_file;         // extra trust for metadata URLs
};

/** Collects certificates from many targets, parsing each distinct DER only once (keyed by SHA-256). */
class Collector {
public:
    explicit Collector(LoadOptions opts) : m_opts(std::move(opts)) {}

    /** Loads one target. A target that cannot be read returns its Error (the others go on);
     *  unreadable files inside a directory are returned in `skipped()` instead. */
    Result<void> load(const std::string& target);

    const std::deque<CertEntry>& entries() const { return m_entries; }
    /** Problems inside directories (a `.pem` that is not a certificate …): source + error. */
    const std::vector<std::pair<std::string, Error>>& problems() const { return m_problems; }
    size_t unique() const { return m_cache.size(); }

    /** DER -> facts through the cache. */
    Result<std::shared_ptr<const CertInfo>> facts(std::string_view der);

private:
    Result<void> load_file(const std::string& path, bool in_directory);
    Result<void> load_bytes(const std::string& source, std::string_view bytes, bool in_directory, bool p12_hint);
    Result<void> load_metadata_memory(const std::string& source, std::string_view xml);
    Result<void> load_metadata_file(const std::string& path);
    Result<void> load_der_list(const std::string& source, const std::string& kind, const std::vector<std::string>& ders);
    Result<void> load_pkcs12(const std::string& source, std::string_view bytes);
    Result<void> load_tls(const std::string& target);

    LoadOptions m_opts;
    std::deque<CertEntry> m_entries;  // a deque: growth never moves entries
    std::vector<std::pair<std::string, Error>> m_problems;
    using Digest = std::array<unsigned char, 32>;
    struct DigestHash {
        size_t operator()(const Digest& d) const {
            size_t h = 0;
            for (size_t i = 0; i < sizeof h; ++i) h = (h << 8) | d[i];
            return h;
        }
    };
    std::unordered_map<Digest, std::shared_ptr<const CertInfo>, DigestHash> m_cache;  // raw SHA-256 keys: 32 bytes, no heap
};

}  // namespace ssoctl::x509
