// One place for "is this message covered by a trusted signature?", shared by verify-sig and tests.
#include "dsig/policy.hpp"

#include "xml/node.hpp"

namespace ssoctl::dsig {

Outcome verify_all(saml::Message& m, const saml::Normalized* binding, const TrustStore& trust, Require require, util::UnixTime now) {
    Outcome out;
    out.result = verify_message(m, trust, {require, now, nullptr});
    auto& r = out.result.report;
    if (binding) out.query = verify_query(*binding, trust, now, r);
    bool encrypted = false;
    for (const auto& a : m.assertions) encrypted = encrypted || a.encrypted;
    if (encrypted && !out.result.response_verified && !out.query.verified) {
        if (!r.has_errors()) {
            r.add(diag::Code::missing_decryption_key, {"the assertion is encrypted and the response is not signed: its own signature can be checked only after decryption ('ssoctl validate --sp-key FILE')",
                                                       "アサーションが暗号化されておりレスポンスは署名されていません。アサーション自体の署名は復号後にのみ確認できます（'ssoctl validate --sp-key FILE'）"})
                .location = m.assertions.front().path;
        }
    } else if (!out.query.verified) {
        require_coverage(m, out.result, require);
    }
    if (m.assertions.empty() && !out.query.verified && !r.has_errors()) {
        bool root_ok = false;
        for (const auto& s : m.signatures) root_ok = root_ok || (s.parent == m.root && s.verified.value_or(false));
        if (!root_ok) {
            const std::string what(saml::type_name(m.type));
            r.add(diag::Code::signature_missing, {"no verified signature covers the " + what, what + " を保護する検証済みの署名がありません"}).location = xml::path(m.root);
        }
    }
    return out;
}

}  // namespace ssoctl::dsig
