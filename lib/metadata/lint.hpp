// Metadata lint: SSO/ACS endpoints, signing certificates, validUntil, http:// endpoints, certificate expiry.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "diag/finding.hpp"
#include "metadata/reader.hpp"
#include "x509/expiry.hpp"
#include "x509/load.hpp"

namespace ssoctl::metadata {

struct LintOptions {
    x509::Policy policy;          // now, warn_days, fail_days for certificates
    std::string binding;          // "", "redirect" or "post": the SSO binding the SP needs
    std::string source;           // file or URL, for locations
};

/** One certificate of an entity, with its facts (null when unreadable). */
struct EntityCert {
    std::string role;       // Role::kind
    size_t role_index = 0;  // into Entity::roles: the role descriptor that publishes it
    std::string use;
    size_t line = 0;
    std::shared_ptr<const x509::CertInfo> info;
};

/** An entity after lint: what `metadata` prints per entity. */
struct EntitySummary {
    Entity entity;
    std::vector<EntityCert> certs;
    size_t errors = 0;
    size_t warnings = 0;
};

/** Lints documents entity by entity; keeps the cert cache and the seen entityIDs. */
class Linter {
public:
    explicit Linter(LintOptions opts) : m_opts(std::move(opts)), m_certs(x509::LoadOptions{}) {}

    /** Lints one entity into `report`; returns its summary. */
    EntitySummary lint(Entity&& e, diag::Report& report);
    /** Document-level checks (validUntil of the aggregate). */
    void lint_document(const Document& doc, diag::Report& report);

private:
    LintOptions m_opts;
    x509::Collector m_certs;
    std::unordered_set<std::string> m_seen;
};

}  // namespace ssoctl::metadata
