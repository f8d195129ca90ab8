// Coverage rules: which signature a message needs, with and without a trusted key.
#include "dsig/policy.hpp"

#include "i18n/i18n.hpp"
#include "dsig/binding.hpp"
#include "dsig/profile.hpp"
#include "xml/node.hpp"

namespace ssoctl::dsig {
namespace {

bool root_verified(const saml::Message& m) {
    for (const auto& s : m.signatures) {
        if (s.parent == m.root && s.verified.value_or(false)) return true;
    }
    return false;
}

bool within(const xmlNode* n, const xmlNode* scope) {
    if (!scope) return true;
    for (; n; n = n->parent) {
        if (n == scope) return true;
    }
    return false;
}

void missing(const saml::Message& m, diag::Report& r, diag::Text message) {
    r.add(diag::Code::signature_missing, std::move(message)).location = xml::path(m.root);
}

}  // namespace

void require_signed(const saml::Message& m, VerifyResult& r, const QueryVerdict& query, Require require) {
    if (r.report.has_errors() || query.verified) return;  // already rejected, or the binding's signature covers all
    const std::string what(saml::type_name(m.type));
    const bool has_assertions = (m.type == saml::MessageType::response && !m.assertions.empty()) || m.type == saml::MessageType::assertion;
    const bool root = root_verified(m);
    if (require == Require::response && !root) {
        missing(m, r.report, i18n::text(N_("the {} itself carries no valid signature (--require response)"), {{std::string(what)}}));
    } else if (require == Require::assertion && has_assertions && !r.assertion_verified && !(m.type == saml::MessageType::assertion && root)) {
        missing(m, r.report, i18n::text(N_("the assertion carries no valid signature of its own (--require assertion)")));
    } else if (has_assertions && !r.response_verified && !r.assertion_verified && !root) {
        missing(m, r.report, i18n::text(N_("neither the response nor the assertion is signed")));
    } else if (!has_assertions && !root) {
        missing(m, r.report, i18n::text(N_("no verified signature covers the {} (neither an enveloped signature nor an HTTP-Redirect query signature)"), {{std::string(what)}}));
        r.report.findings().back().hint = i18n::text(N_("have the sender sign every {} (for logout: the IdP's 'sign logout requests/responses' setting; for requests: the SP's AuthnRequest signing)"), {{std::string(what)}});
    }
}

Outcome verify_all(saml::Message& m, const saml::Normalized* binding, const TrustStore& trust, Require require, util::UnixTime now) {
    Outcome out;
    out.result = verify_message(m, trust, {require, now, nullptr});
    auto& r = out.result.report;
    if (binding) out.query = verify_query(*binding, trust, now, r);
    bool encrypted = false;
    for (const auto& a : m.assertions) encrypted = encrypted || a.encrypted;
    if (encrypted && !out.result.response_verified && !out.query.verified) {
        if (!r.has_errors()) {
            r.add(diag::Code::missing_decryption_key, i18n::text(N_("the assertion is encrypted and the response is not signed: its own signature can be checked only after decryption ('ssoctl validate --sp-key FILE')")))
                .location = m.assertions.front().path;
        }
    } else {
        require_signed(m, out.result, out.query, require);
    }
    return out;
}

VerifyResult check_without_key(saml::Message& m, xmlNode* scope) {
    VerifyResult out;
    auto& r = out.report;
    if (!check_document(m, r)) return out;
    for (auto& s : m.signatures) {
        if (inside_advice(s.node) || !within(s.node, scope)) continue;
        bool sha1 = false;
        if (!check_signature(m, s, r, sha1)) continue;
        if (check_digest(s.node) == DigestCheck::mismatch) {
            r.add(diag::Code::digest_mismatch, i18n::text(N_("the content of {} was changed after it was signed (digest mismatch; found without a key)"), {{std::string(s.element)}}))
                .location = xml::path(s.node);
        }
    }
    return out;
}

void require_present(const saml::Message& m, const saml::Normalized* binding, diag::Report& r) {
    if (binding && binding->signature && binding->sig_alg) return;
    for (const auto& a : m.assertions) {
        if (a.encrypted) return;
    }
    for (const auto& s : m.signatures) {
        if (!inside_advice(s.node)) return;
    }
    const std::string what(saml::type_name(m.type));
    missing(m, r, i18n::text(N_("the {} carries no signature at all: no SP accepts it"), {{std::string(what)}}));
}

}  // namespace ssoctl::dsig
