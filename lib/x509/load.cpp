// Target loading for cert-expiry: detect the kind of each target, read its certificates, parse each DER once.
#include "x509/load.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <openssl/pkcs12.h>

#include "i18n/i18n.hpp"
#include "metadata/fetch.hpp"
#include "metadata/reader.hpp"
#include "util/base64.hpp"
#include "util/file.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "x509/quick.hpp"
#include "x509/tls.hpp"

namespace ssoctl::x509 {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxFile = 64u << 20;
constexpr size_t kMaxStdin = 512u << 20;

Result<std::string> slurp(const std::string& path, size_t max) { return util::read_file(path, max); }

std::string head_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

bool has_ext(const std::string& path, std::initializer_list<std::string_view> exts) {
    const std::string lower = util::to_lower(path);
    for (auto e : exts) {
        if (util::ends_with(lower, e)) return true;
    }
    return false;
}

}  // namespace

TargetKind classify_target(const std::string& target) {
    if (target == "-") return TargetKind::stdin_input;
    const std::string lower = util::to_lower(target.substr(0, 8));
    if (util::starts_with(lower, "tls://")) return TargetKind::tls;
    if (util::starts_with(lower, "https://")) {
        auto url = util::parse_url(target);
        if (url && (url->path.empty() || url->path == "/") && url->query.empty()) return TargetKind::tls;
        return TargetKind::metadata_url;
    }
    if (util::starts_with(lower, "http://")) return TargetKind::metadata_url;
    std::error_code ec;
    if (fs::is_directory(target, ec)) return TargetKind::directory;
    return TargetKind::file;
}

Result<std::shared_ptr<const CertInfo>> Collector::facts(std::string_view der) {
    Digest key{};
    sha256_raw(der, key.data());
    if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
    auto info = quick_describe(der, util::hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())));
    if (!info) return tl::make_unexpected(info.error());
    auto shared = std::make_shared<const CertInfo>(std::move(*info));
    m_cache.emplace(std::move(key), shared);
    return shared;
}

Result<void> Collector::load(const std::string& target) {
    switch (classify_target(target)) {
        case TargetKind::stdin_input: {
            auto bytes = slurp("-", kMaxStdin);
            if (!bytes) return tl::make_unexpected(bytes.error());
            return load_bytes("-", *bytes, false, false);
        }
        case TargetKind::tls: return load_tls(target);
        case TargetKind::metadata_url: {
            metadata::FetchOptions fo;
            fo.timeout_ms = m_opts.timeout_ms;
            fo.ca_file = m_opts.ca_file;
            auto body = metadata::fetch(target, fo);
            if (!body) return tl::make_unexpected(body.error());
            return load_metadata_memory(target, *body);
        }
        case TargetKind::directory: {
            std::vector<std::string> files;
            std::error_code ec;
            for (fs::recursive_directory_iterator it(target, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
                 it.increment(ec)) {
                if (it->is_regular_file(ec)) files.push_back(it->path().string());
            }
            if (ec) return i18n::failure("io_error", N_("cannot read directory '{}'"), {util::visible(target)}, ec.message());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                if (auto r = load_file(f, true); !r) m_problems.emplace_back(f, r.error());
            }
            return {};
        }
        case TargetKind::file: return load_file(target, false);
    }
    return {};
}

Result<void> Collector::load_file(const std::string& path, bool in_directory) {
    const std::string head = head_of(path);
    if (head.empty()) {
        std::error_code ec;
        if (!fs::exists(path, ec)) return i18n::failure("io_error", N_("cannot open '{}'"), {util::visible(path)}, "No such file or directory");
    }
    if (metadata::looks_like_metadata(head)) return load_metadata_file(path);
    if (in_directory && !has_ext(path, {".pem", ".crt", ".cer", ".der", ".p12", ".pfx", ".xml", ".cert"}) &&
        head.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        return {};  // not a certificate file: skipped quietly
    }
    auto bytes = slurp(path, kMaxFile);
    if (!bytes) return tl::make_unexpected(bytes.error());
    return load_bytes(path, *bytes, in_directory, has_ext(path, {".p12", ".pfx"}));
}

Result<void> Collector::load_bytes(const std::string& source, std::string_view bytes, bool in_directory, bool p12_hint) {
    if (metadata::looks_like_metadata(bytes.substr(0, 4096))) return load_metadata_memory(source, bytes);
    const std::string shown = util::visible(source);
    auto load_pem = [&](const std::vector<CertPtr>& certs) {
        std::vector<std::string> ders;
        for (const auto& c : certs) ders.push_back(der_of(c.get()));
        return load_der_list(source, "pem", ders);
    };
    if (bytes.find("-----BEGIN") != std::string_view::npos) {
        auto certs = parse_any(bytes);  // PEM, also indented or with CRLF
        if (!certs) {
            if (in_directory && bytes.find("-----BEGIN CERTIFICATE-----") == std::string_view::npos) return {};  // keys, CSRs
            return i18n::failure("malformed_input", N_("'{}' holds no readable PEM certificate"), {shown});
        }
        return load_pem(*certs);
    }
    if (p12_hint) return load_pkcs12(source, bytes);
    if (auto one = parse_der(bytes)) return load_der_list(source, "der", {der_of(one->get())});
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    if (PKCS12* p12 = d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size()))) {
        PKCS12_free(p12);
        return load_pkcs12(source, bytes);
    }
    if (auto certs = parse_any(bytes)) return load_pem(*certs);  // a certificate's base64 body without BEGIN/END lines
    return i18n::failure("malformed_input", N_("'{}' is not a PEM, DER or PKCS#12 certificate file, nor SAML metadata"), {shown});
}

Result<void> Collector::load_der_list(const std::string& source, const std::string& kind, const std::vector<std::string>& ders) {
    for (size_t i = 0; i < ders.size(); ++i) {
        auto info = facts(ders[i]);
        if (!info) return i18n::failure("malformed_input", N_("'{}': certificate {} is unreadable"), {util::visible(source), std::to_string(i + 1)});
        CertEntry e;
        e.source = source;
        e.kind = kind;
        if (kind == "tls") e.chain_index = static_cast<int>(i);
        e.info = *info;
        m_entries.push_back(std::move(e));
    }
    return {};
}

Result<void> Collector::load_pkcs12(const std::string& source, std::string_view bytes) {
    const std::string shown = util::visible(source);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())), PKCS12_free);
    if (!p12) return i18n::failure("malformed_input", N_("'{}' is not a PKCS#12 file"), {shown});
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    const char* pass = m_opts.have_password ? m_opts.password.c_str() : "";
    if (PKCS12_parse(p12.get(), pass, &key, &cert, &ca) != 1) {
        return m_opts.have_password ? i18n::failure("io_error", N_("cannot open PKCS#12 '{}' (wrong password or unsupported encryption)"), {shown})
                             : i18n::failure("io_error", N_("cannot open PKCS#12 '{}' (it needs a password: use --password-file FILE)"), {shown});
    }
    std::vector<std::string> ders;
    if (cert) ders.push_back(der_of(cert));
    for (int i = 0; ca && i < sk_X509_num(ca); ++i) ders.push_back(der_of(sk_X509_value(ca, i)));
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(ca, X509_free);
    if (ders.empty()) return i18n::failure("malformed_input", N_("PKCS#12 '{}' holds no certificate"), {shown});
    return load_der_list(source, "pkcs12", ders);
}

namespace {

Error more_misplaced(size_t n) {
    const std::string count = std::to_string(n);
    Error e{"metadata_misplaced_entity", i18n::fmt(i18n::trn("{} more misplaced EntityDescriptor was ignored", "{} more misplaced EntityDescriptors were ignored", n,
                                                             diag::Lang::en), {count}),
            {}};
    e.ja = i18n::fmt(i18n::trn("{} more misplaced EntityDescriptor was ignored", "{} more misplaced EntityDescriptors were ignored", n, diag::Lang::ja), {count});
    return e;
}

struct MetadataSink {
    Collector& collector;
    const std::string& source;
    std::deque<CertEntry>& entries;
    std::vector<std::pair<std::string, Error>>& problems;

    void operator()(metadata::Entity&& entity) {
        for (const auto& role : entity.roles) {
            for (const auto& key : role.keys) {
                auto der = util::base64_decode(key.base64, 1u << 20);
                Result<std::shared_ptr<const CertInfo>> info = der ? collector.facts(*der) : tl::make_unexpected(der.error());
                if (!info) {
                    problems.emplace_back(source + ":" + std::to_string(key.line),
                                          i18n::error_of("unreadable_certificate", N_("entity '{}' ({}): a ds:X509Certificate is not a readable certificate"),
                                                         {util::visible(entity.entity_id), role.kind}));
                    continue;
                }
                CertEntry e;
                e.source = source;
                e.kind = "metadata";
                e.entity_id = entity.entity_id;
                e.role = role.kind;
                e.use = key.use;
                e.line = key.line;
                e.info = std::move(*info);
                entries.push_back(std::move(e));
            }
        }
    }

    /** EntityDescriptors outside their schema place were skipped by the reader: say so. */
    void misplaced(const metadata::Document& doc) {
        for (const auto& m : doc.misplaced) {
            problems.emplace_back(source + ":" + std::to_string(m.line),
                                  i18n::error_of("metadata_misplaced_entity",
                                                 N_("an EntityDescriptor '{}' inside {} is not part of the metadata's entity list; its certificates are ignored"),
                                                 {util::visible(m.entity_id), util::visible(m.inside)}));
        }
        if (doc.misplaced_total > doc.misplaced.size()) {
            problems.emplace_back(source, more_misplaced(doc.misplaced_total - doc.misplaced.size()));
        }
    }
};

}  // namespace

Result<void> Collector::load_metadata_memory(const std::string& source, std::string_view xml) {
    MetadataSink sink{*this, source, m_entries, m_problems};
    auto doc = metadata::read_memory(xml, [&](metadata::Entity&& e) { sink(std::move(e)); });
    if (!doc) return tl::make_unexpected(doc.error());
    sink.misplaced(*doc);
    return {};
}

Result<void> Collector::load_metadata_file(const std::string& path) {
    MetadataSink sink{*this, path, m_entries, m_problems};
    auto doc = metadata::read_file(path, [&](metadata::Entity&& e) { sink(std::move(e)); });
    if (!doc) {
        Error e = i18n::localized(doc.error());  // util/ and xml/ errors get their Japanese before the prefix
        const std::string prefix = "'" + util::visible(path) + "': ";
        e.message = prefix + e.message;
        if (!e.ja.empty()) e.ja = prefix + e.ja;
        return tl::make_unexpected(e);
    }
    sink.misplaced(*doc);
    return {};
}

Result<void> Collector::load_tls(const std::string& target) {
    std::string rest = target.substr(target.find("://") + 3);
    if (const size_t slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
    std::string host = rest;
    int port = 443;
    if (!rest.empty() && rest[0] == '[') {  // [v6]:port
        const size_t close = rest.find(']');
        if (close == std::string::npos) return i18n::failure("malformed_input", N_("'{}' is not host[:port]"), {util::visible(target)});
        host = rest.substr(1, close - 1);
        if (close + 1 < rest.size() && rest[close + 1] == ':') port = std::atoi(rest.c_str() + close + 2);
    } else if (const size_t colon = rest.rfind(':'); colon != std::string::npos) {
        host = rest.substr(0, colon);
        port = std::atoi(rest.c_str() + colon + 1);
    }
    if (host.empty() || port <= 0 || port > 65535) return i18n::failure("malformed_input", N_("'{}' is not host[:port]"), {util::visible(target)});
    auto chain = fetch_tls_chain(host, port, m_opts.timeout_ms);
    if (!chain) return tl::make_unexpected(chain.error());
    return load_der_list(host + ":" + std::to_string(port), "tls", *chain);
}

}  // namespace ssoctl::x509
